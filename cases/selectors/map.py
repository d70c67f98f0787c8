"""Open cases as pins on a map: where each lies (its own position, else its place's point)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Q, When
from django.db.models import Case as Conditional

from cases.models import FINAL_STATES, Case, State
from cases.selectors.cases import overdue_q
from communities.models import Node


@dataclass(frozen=True)
class CasePin:
    pk: int
    state: str
    state_label: str
    category: str
    created_at: datetime.datetime
    longitude: float
    latitude: float
    overdue: bool


def case_pins(
    *, node: Node, now: datetime.datetime, limit: int = 2000
) -> tuple[list[CasePin], int]:
    """The newest open cases at or under `node` that have a position (their own, from the
    reporter's phone or an Open311 client, else their place's point on the map), at most
    `limit`, and how many open cases there are in all (one query each).

    A pin carries no reporter and no description: the map shows where and how far along, the
    case page (scoped and audited as always) shows the rest.
    """
    open_cases = Case.objects.filter(node.subtree_q("node")).exclude(state__in=FINAL_STATES)
    total = open_cases.count()
    rows = (
        open_cases.filter(
            Q(latitude__isnull=False, longitude__isnull=False)
            | Q(node__shape__geometry__type="Point")
        )
        .annotate(
            late=Conditional(
                When(overdue_q(now), then=True), default=False, output_field=BooleanField()
            )
        )
        .order_by("-created_at", "-pk")
        .values_list(
            "pk",
            "state",
            "category__name",
            "created_at",
            "longitude",
            "latitude",
            "node__shape__geometry",
            "late",
        )[:limit]
    )
    labels = dict(State.choices)
    pins = []
    for pk, state, category, created_at, longitude, latitude, geometry, late in rows:
        if longitude is None or latitude is None:
            longitude, latitude = geometry["coordinates"][:2]
        pins.append(
            CasePin(
                pk=pk,
                state=state,
                state_label=str(labels.get(state, state)),
                category=category,
                created_at=created_at,
                longitude=float(longitude),
                latitude=float(latitude),
                overdue=bool(late),
            )
        )
    return pins, total
