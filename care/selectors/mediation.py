"""Reads of mediation: the disputes of my area, one dispute (audited), monthly counts."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from audit.models import AuditEntry
from care.access import care_access_for_user
from care.common import care_audit
from care.models import Dispute
from communities.models import Node


def disputes_for_user(*, user) -> QuerySet[Dispute]:
    access = care_access_for_user(user)
    if access.mediates.is_empty:
        raise Http404
    return access.mediates.filter(
        Dispute.objects.select_related("node", "mediator"), "node"
    ).order_by("-opened_at", "-id")


def dispute_read(*, user, pk, ip_address=None) -> Dispute:
    access = care_access_for_user(user)
    dispute = (
        access.mediates.filter(Dispute.objects.select_related("node", "mediator", "case"), "node")
        .prefetch_related("parties", "sessions", "follow_ups")
        .filter(pk=pk)
        .first()
    )
    if dispute is None:
        care_audit(
            actor=user,
            action="dispute.read",
            target=None,
            node=None,
            ip_address=ip_address,
            outcome=AuditEntry.Outcome.REFUSED,
            dispute=str(pk)[:32],
        )
        raise Http404
    care_audit(
        actor=user, action="dispute.read", target=dispute, node=dispute.node, ip_address=ip_address
    )
    return dispute


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime(month.year, month.month, 1, tzinfo=tz)
    following = (start + datetime.timedelta(days=32)).replace(day=1)
    return start, following


def mediation_monthly_counts(*, user, month: datetime.date) -> list[dict]:
    """Per community and grid of my area: disputes opened in the month, agreements, and how
    many were settled in the grid and in the community (小事不出网格，大事不出社区)."""
    access = care_access_for_user(user)
    start, end = month_bounds(month)
    rows = access.mediates.filter(
        Dispute.objects.filter(opened_at__gte=start, opened_at__lt=end), "node"
    ).values_list("node__path", "status", "settled_level")
    places = {
        node.code: node for node in access.mediates.places([Node.Kind.COMMUNITY, Node.Kind.GRID])
    }
    counts: dict[str, Counter] = {}
    for path, status, level in rows:
        for code in Node.codes_on_paths([path]):
            if code in places:
                counter = counts.setdefault(code, Counter())
                counter["opened"] += 1
                counter["agreed"] += status == Dispute.Status.AGREED
                counter[f"settled_{level}"] += bool(level)
    return [
        {
            "place": places[code],
            "opened": c["opened"],
            "agreed": c["agreed"],
            "settled_grid": c["settled_grid"],
            "settled_community": c["settled_community"],
        }
        for code, c in sorted(counts.items(), key=lambda item: places[item[0]].path)
    ]
