"""The case state machine (CJ/T 315: 立案 → 派遣 → 处置 → 处置反馈 → 核查结案 → 综合评价).

One explicit table: an action is possible only from the listed states and always leads to
the one target state. Services ask `transition_target()` before changing anything, so a
transition missing here cannot happen anywhere (page, API, admin, task).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cases.models import CaseEvent, State

A = CaseEvent.Action
S = State

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    A.ACCEPT: (frozenset({S.PENDING}), S.REGISTERED),
    A.REJECT: (frozenset({S.PENDING}), S.REJECTED),
    # Dispatch and re-dispatch: to a post or a co-building unit.
    A.DISPATCH: (
        frozenset({S.REGISTERED, S.DISPATCHED, S.IN_PROGRESS, S.RETURNED, S.ON_HOLD, S.REOPENED}),
        S.DISPATCHED,
    ),
    # The assignee starts (or resumes) handling; a captain may handle what was routed to them.
    A.START: (frozenset({S.REGISTERED, S.DISPATCHED, S.ON_HOLD, S.REOPENED}), S.IN_PROGRESS),
    A.RETURN: (frozenset({S.DISPATCHED, S.IN_PROGRESS}), S.RETURNED),
    A.HOLD: (frozenset({S.IN_PROGRESS}), S.ON_HOLD),
    A.SUBMIT: (frozenset({S.IN_PROGRESS}), S.TO_VERIFY),
    A.VERIFY_PASS: (frozenset({S.TO_VERIFY}), S.CLOSED),
    A.VERIFY_FAIL: (frozenset({S.TO_VERIFY}), S.IN_PROGRESS),
    A.REOPEN: (frozenset({S.CLOSED}), S.REOPENED),
    A.MERGE: (frozenset({S.PENDING, S.REGISTERED, S.DISPATCHED}), S.MERGED),
}

# Timeline entries that record something without changing the state.
STATE_KEEPING_ACTIONS = frozenset({A.RATE, A.ESCALATE})
# Actions that count as the response to a report (响应): the case was looked at and decided.
RESPONSE_ACTIONS = frozenset({A.ACCEPT, A.REJECT, A.MERGE})


def transition_target(action: str, state: str) -> str:
    """The state `action` leads to from `state`, or ValidationError(code="transition_refused")."""
    if action not in TRANSITIONS:
        raise ValidationError(_("Unknown action."), code="unknown_action")
    sources, target = TRANSITIONS[action]
    if state not in sources:
        raise ValidationError(
            _("This case is “%(state)s”; “%(action)s” is not possible now.")
            % {"state": State(state).label, "action": A(action).label},
            code="transition_refused",
        )
    return target


def actions_from(state: str) -> list[str]:
    """Every action the table allows from a state (before checking who asks)."""
    return [action for action, (sources, _target) in TRANSITIONS.items() if state in sources]
