"""Indicators (考核指标) for a place and period, derived from the timeline.

Definitions (CJ/T 315 style; cases merged into another are duplicates and never counted):
- cases: reports filed in the period at or under the place;
- 响应率 (responded in time): responded by the response deadline / cases whose response was
  due by the end of the period or that were responded to;
- 结案率: closed / cases due. A case is due (应结案) once its resolution deadline has passed or
  it is closed, whatever stage it waits in: a report nobody accepted is still due, so open
  cases past their deadline pull the rate down (counting only accepted cases showed 100 % while
  three of five reports sat untouched). Only cases not registered (不予立案) are never due;
- 按期结案率: closed by the resolution deadline / cases due;
- 解决率: closed / registered (立案) cases;
- 满意率: latest ratings "satisfied" or "basically satisfied" / rated cases;
- average hours from report to response and from report to the (last) closing.

A case's response is its first 立案/不予立案 entry; its closing time is its last on-site
check that passed; it is closed if the last state-changing entry left it closed.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from cases.models import Case, CaseEvent, Satisfaction, State
from cases.states import RESPONSE_ACTIONS, STATE_KEEPING_ACTIONS
from communities.models import Node

GOOD_RATINGS = {Satisfaction.SATISFIED, Satisfaction.BASICALLY}


@dataclass
class Indicators:
    cases: int = 0
    response_due: int = 0
    responded_in_time: int = 0
    resolve_due: int = 0
    closed: int = 0
    closed_in_time: int = 0
    registered: int = 0
    rated: int = 0
    rated_good: int = 0
    # Cases not closed, not rejected and not merged, as of the report's moment.
    open_cases: int = 0
    response_hours: list[float] = field(default_factory=list)
    close_hours: list[float] = field(default_factory=list)
    categories: Counter = field(default_factory=Counter)

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def response_rate(self):
        return self._rate(self.responded_in_time, self.response_due)

    @property
    def closing_rate(self):
        return self._rate(self.closed, self.resolve_due)

    @property
    def on_time_closing_rate(self):
        return self._rate(self.closed_in_time, self.resolve_due)

    @property
    def solving_rate(self):
        return self._rate(self.closed, self.registered)

    @property
    def satisfaction_rate(self):
        return self._rate(self.rated_good, self.rated)

    @property
    def avg_response_hours(self):
        hours = self.response_hours
        return round(sum(hours) / len(hours), 1) if hours else None

    @property
    def avg_close_hours(self):
        hours = self.close_hours
        return round(sum(hours) / len(hours), 1) if hours else None

    def top_categories(self, count: int = 5) -> list[tuple[str, int]]:
        return self.categories.most_common(count)

    def add(self, row: dict, as_of: datetime.datetime) -> None:
        self.cases += 1
        self.categories[row["category__name"]] += 1
        created = row["created_at"]
        responded = row["first_response_at"]
        if responded is not None or row["response_due_at"] <= as_of:
            self.response_due += 1
            if responded is not None and responded <= row["response_due_at"]:
                self.responded_in_time += 1
        if responded is not None:
            self.response_hours.append((responded - created).total_seconds() / 3600)
        closed = row["last_state"] == State.CLOSED
        rejected = row["last_state"] == State.REJECTED
        if row["registered"]:
            self.registered += 1
        if not closed and not rejected:
            self.open_cases += 1
        if is_due_for_closing(row, as_of):
            self.resolve_due += 1
        if closed:
            self.closed += 1
            if row["closed_at"] <= row["resolve_due_at"]:
                self.closed_in_time += 1
            self.close_hours.append((row["closed_at"] - created).total_seconds() / 3600)
        if row["rating"]:
            self.rated += 1
            self.rated_good += row["rating"] in GOOD_RATINGS


def is_due_for_closing(row: dict, as_of: datetime.datetime) -> bool:
    """The one rule for 应结案 (the denominator of 结案率 and 按期结案率); see the module doc."""
    if row["last_state"] == State.REJECTED:
        return False
    return row["last_state"] == State.CLOSED or row["resolve_due_at"] <= as_of


def _events(action_filter: dict) -> QuerySet[CaseEvent]:
    return CaseEvent.objects.filter(case=OuterRef("pk"), **action_filter)


def indicator_rows(
    *, node: Node, start: datetime.date, end: datetime.date, as_of: datetime.datetime
) -> list[dict]:
    """One dict per case filed at/under `node` between start and end (local dates, inclusive),
    with what the timeline says about it as of `as_of` (one query)."""
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tz)
    until = min(until, as_of)
    upto = {"created_at__lte": as_of}
    state_events = _events(upto).exclude(action__in=list(STATE_KEEPING_ACTIONS))
    return list(
        Case.objects.filter(node.subtree_q("node"), created_at__gte=since, created_at__lt=until)
        .annotate(
            first_response_at=Subquery(
                _events({"action__in": list(RESPONSE_ACTIONS), **upto})
                .order_by("created_at", "pk")
                .values("created_at")[:1]
            ),
            closed_at=Subquery(
                _events({"action": CaseEvent.Action.VERIFY_PASS, **upto})
                .order_by("-created_at", "-pk")
                .values("created_at")[:1]
            ),
            last_state=Subquery(state_events.order_by("-created_at", "-pk").values("to_state")[:1]),
            rating=Subquery(
                _events({"action": CaseEvent.Action.RATE, **upto})
                .order_by("-created_at", "-pk")
                .values("satisfaction")[:1]
            ),
            registered=Exists(_events({"action": CaseEvent.Action.ACCEPT, **upto})),
        )
        .exclude(last_state=State.MERGED)
        .values(
            "pk",
            "created_at",
            "response_due_at",
            "resolve_due_at",
            "category__name",
            "node__path",
            "first_response_at",
            "closed_at",
            "last_state",
            "rating",
            "registered",
        )
    )


def indicators_for(rows: list[dict], *, as_of: datetime.datetime) -> Indicators:
    result = Indicators()
    for row in rows:
        result.add(row, as_of)
    return result


def indicators_report(
    *,
    node: Node,
    start: datetime.date,
    end: datetime.date,
    as_of: datetime.datetime | None = None,
) -> dict:
    """Totals, one row per child place (communities of a street, grids of a community ...),
    and a series per day (periods up to 31 days) or per month, for the charts."""
    as_of = as_of or timezone.now()
    rows = indicator_rows(node=node, start=start, end=end, as_of=as_of)
    children = list(Node.objects.filter(parent=node).order_by("code"))
    breakdown = []
    for child in children:
        child_rows = [r for r in rows if child.holds_path(r["node__path"])]
        if child_rows:
            breakdown.append((child, indicators_for(child_rows, as_of=as_of)))
    by_day = (end - start).days <= 31
    buckets: dict[str, list[dict]] = {}
    for label in _bucket_labels(start, end, by_day):
        buckets[label] = []
    for row in rows:
        local = timezone.localtime(row["created_at"]).date()
        label = local.isoformat() if by_day else f"{local:%Y-%m}"
        buckets.setdefault(label, []).append(row)
    series = [(label, indicators_for(items, as_of=as_of)) for label, items in buckets.items()]
    return {
        "node": node,
        "start": start,
        "end": end,
        "as_of": as_of,
        "total": indicators_for(rows, as_of=as_of),
        "breakdown": breakdown,
        "series": series,
        "by_day": by_day,
    }


def _bucket_labels(start: datetime.date, end: datetime.date, by_day: bool) -> list[str]:
    labels = []
    day = start
    while day <= end:
        label = day.isoformat() if by_day else f"{day:%Y-%m}"
        if label not in labels:
            labels.append(label)
        day += datetime.timedelta(days=1)
    return labels
