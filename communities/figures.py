"""Figures of a place for the staff workbench's "how are we doing": residents, patrol days
and captained buildings per place, residents by residence type. One query each."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q

from communities.captained import building_paths_with_captain
from communities.models import Node, PatrolLog, Residency


def residents_by_place(*, node: Node) -> list[tuple[str, int]]:
    """(home place path, people) of approved residents at or under `node` (one query)."""
    return list(
        Residency.objects.filter(
            node.subtree_q("household__node"), status=Residency.Status.APPROVED
        )
        .order_by()
        .values_list("household__node__path")
        .annotate(people=Count("user_id", distinct=True))
    )


def patrol_days_by_place(
    *, node: Node, start: datetime.date, end: datetime.date
) -> list[tuple[str, int]]:
    """(building path, days a captain patrolled it) between start and end inclusive (one query)."""
    return list(
        PatrolLog.objects.filter(node.subtree_q("building"), date__gte=start, date__lte=end)
        .order_by()
        .values_list("building__path")
        .annotate(days=Count("date", distinct=True))
    )


def captained_buildings_by_place(*, node: Node) -> list[tuple[str, int]]:
    """(building path, 1) for every building at or under `node` with a current captain post on
    it or inside it: the buildings a patrol is expected at each day."""
    _buildings, captained = building_paths_with_captain(node=node)
    return [(path, 1) for path in sorted(captained)]


def residence_type_counts(*, node: Node, people: Q | None = None) -> dict[str, int]:
    """People living at or under `node` by residence type (户籍 / 非户籍), all of them or only
    those `people` selects (a Q on `user_id`, e.g. subqueries of participants). One query."""
    residencies = Residency.objects.filter(
        node.subtree_q("household__node"), status=Residency.Status.APPROVED
    )
    if people is not None:
        residencies = residencies.filter(people)
    return dict(
        residencies.order_by()
        .values_list("residence_type")
        .annotate(people=Count("user_id", distinct=True))
    )


def resident_ids_under(*, node: Node):
    """Ids of approved residents at or under `node` (a subquery)."""
    return Residency.objects.filter(
        node.subtree_q("household__node"), status=Residency.Status.APPROVED
    ).values("user_id")
