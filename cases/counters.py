"""The open cases kept counted per place (communities.counters): one counter per open state,
"cases.open.<state>", at the case's place and every place above it.

The rule lives here once: a case counts for the kind of its state while the state is not final.
The case services call `case_counted` when a case is reported and `case_recounted` on every
transition (cases.services.common.transition); `count_rows` is the same rule counted from scratch.
"""

from __future__ import annotations

from django.db.models import Count

from cases.models import FINAL_STATES, Case, State
from communities.counters import counters_add, counters_of, register_counter_source

SOURCE = "cases"
KIND_PREFIX = "cases.open."
OPEN_KINDS = {state: f"{KIND_PREFIX}{state}" for state in State.values if state not in FINAL_STATES}


def kind_of(state: str) -> str | None:
    """The counter a case in `state` counts for, or None (final states are not counted)."""
    return OPEN_KINDS.get(state)


def _deltas(from_state: str | None, to_state: str) -> dict[str, int]:
    deltas: dict[str, int] = {}
    for state, delta in ((from_state, -1), (to_state, +1)):
        kind = kind_of(state) if state else None
        if kind:
            deltas[kind] = deltas.get(kind, 0) + delta
    return deltas


def case_counted(case: Case) -> None:
    """A new case: count it at its place (inside the transaction that created it)."""
    counters_add(node_id=case.node_id, deltas=_deltas(None, case.state))


def case_recounted(case: Case, *, from_state: str) -> None:
    """A case moved from `from_state` to `case.state` (inside the transaction of the move)."""
    counters_add(node_id=case.node_id, deltas=_deltas(from_state, case.state))


def open_counts(*, node) -> dict[str, int]:
    """{state: open cases in that state at or under `node`} for every open state (one query)."""
    values = counters_of(node=node, kinds=OPEN_KINDS.values())
    return {state: values[kind] for state, kind in OPEN_KINDS.items()}


def count_rows():
    """(place path, kind, cases) of every open case, counted from scratch."""
    rows = (
        Case.objects.exclude(state__in=FINAL_STATES)
        .order_by()
        .values_list("node__path", "state")
        .annotate(cases=Count("pk"))
    )
    return ((path, kind_of(state), cases) for path, state, cases in rows.iterator())


def register() -> None:
    register_counter_source(SOURCE, OPEN_KINDS.values(), count_rows)
