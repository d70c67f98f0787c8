"""The open cases kept counted per place (communities.counters), at the case's place and every
place above it:

- "cases.open.<state>": one counter per open state;
- "cases.on_hold_unresponded": cases on hold (挂账) never responded to (no 立案, see
  `responded_exists`), the only on-hold cases `overdue_q` can call overdue.

The rule lives here once (`_kinds`); the case services call `case_counted` when a case is
reported and `case_recounted` on every transition (cases.services.common.transition), and
`count_rows` is the same rule counted from scratch.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef

from cases.models import FINAL_STATES, Case, CaseEvent, State
from cases.states import RESPONSE_ACTIONS
from communities.counters import counters_add, counters_of, register_counter_source


def responded_exists() -> Exists:
    """The case has had a response (立案 or another response action)."""
    return Exists(CaseEvent.objects.filter(case=OuterRef("pk"), action__in=list(RESPONSE_ACTIONS)))


SOURCE = "cases"
KIND_PREFIX = "cases.open."
OPEN_KINDS = {state: f"{KIND_PREFIX}{state}" for state in State.values if state not in FINAL_STATES}
ON_HOLD_UNRESPONDED = "cases.on_hold_unresponded"


def _kinds(state: str | None, *, responded: bool) -> list[str]:
    """The counters a case in `state` counts for (none once final)."""
    if state not in OPEN_KINDS:
        return []
    kinds = [OPEN_KINDS[state]]
    if state == State.ON_HOLD and not responded:
        kinds.append(ON_HOLD_UNRESPONDED)
    return kinds


def _responded(case: Case) -> bool:
    return Case.objects.filter(pk=case.pk).filter(responded_exists()).exists()


def _deltas(before: list[str], after: list[str]) -> dict[str, int]:
    deltas: dict[str, int] = {}
    for kinds, delta in ((before, -1), (after, +1)):
        for kind in kinds:
            deltas[kind] = deltas.get(kind, 0) + delta
    return deltas


def case_counted(case: Case) -> None:
    """A new case: count it at its place (inside the transaction that created it)."""
    counters_add(node_id=case.node_id, deltas=_deltas([], _kinds(case.state, responded=False)))


def case_recounted(case: Case, *, from_state: str) -> None:
    """A case moved from `from_state` to `case.state` (inside the transaction of the move).
    No transition to or from 挂账 is a response, so whether it was responded to is the same
    before and after (asked only when it matters)."""
    responded = State.ON_HOLD in (from_state, case.state) and _responded(case)
    counters_add(
        node_id=case.node_id,
        deltas=_deltas(
            _kinds(from_state, responded=responded), _kinds(case.state, responded=responded)
        ),
    )


def case_counts(*, node) -> dict[str, int]:
    """{state: open cases in that state} for every open state, and ON_HOLD_UNRESPONDED, at or
    under `node` (one query)."""
    values = counters_of(node=node, kinds=[*OPEN_KINDS.values(), ON_HOLD_UNRESPONDED])
    counts = {state: values[kind] for state, kind in OPEN_KINDS.items()}
    counts[ON_HOLD_UNRESPONDED] = values[ON_HOLD_UNRESPONDED]
    return counts


def count_rows():
    """(place path, kind, cases) of every open case, counted from scratch."""
    rows = (
        Case.objects.exclude(state__in=FINAL_STATES)
        .annotate(responded=responded_exists())
        .order_by()
        .values_list("node__path", "state", "responded")
        .annotate(cases=Count("pk"))
    )
    for path, state, responded, cases in rows.iterator():
        for kind in _kinds(state, responded=responded):
            yield path, kind, cases


def register() -> None:
    register_counter_source(SOURCE, [*OPEN_KINDS.values(), ON_HOLD_UNRESPONDED], count_rows)
