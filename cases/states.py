"""The case state machine (CJ/T 315: 立案 → 派遣 → 处置 → 处置反馈 → 核查结案 → 综合评价).

One explicit table: an action is possible only from the listed states and always leads to
the one target state. Services ask `transition_target()` before changing anything, so a
transition missing here cannot happen anywhere (page, API, admin, task).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cases.models import CaseEvent, State

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    CaseEvent.Action.ACCEPT: (frozenset({State.PENDING}), State.REGISTERED),
    CaseEvent.Action.REJECT: (frozenset({State.PENDING}), State.REJECTED),
    # Dispatch and re-dispatch: to a post or a co-building unit.
    CaseEvent.Action.DISPATCH: (
        frozenset(
            {
                State.REGISTERED,
                State.DISPATCHED,
                State.IN_PROGRESS,
                State.RETURNED,
                State.ON_HOLD,
                State.REOPENED,
            }
        ),
        State.DISPATCHED,
    ),
    # The assignee starts (or resumes) handling; a captain may handle what was routed to them.
    CaseEvent.Action.START: (
        frozenset({State.REGISTERED, State.DISPATCHED, State.ON_HOLD, State.REOPENED}),
        State.IN_PROGRESS,
    ),
    CaseEvent.Action.RETURN: (frozenset({State.DISPATCHED, State.IN_PROGRESS}), State.RETURNED),
    CaseEvent.Action.HOLD: (frozenset({State.IN_PROGRESS}), State.ON_HOLD),
    CaseEvent.Action.SUBMIT: (frozenset({State.IN_PROGRESS}), State.TO_VERIFY),
    CaseEvent.Action.VERIFY_PASS: (frozenset({State.TO_VERIFY}), State.CLOSED),
    CaseEvent.Action.VERIFY_FAIL: (frozenset({State.TO_VERIFY}), State.IN_PROGRESS),
    CaseEvent.Action.REOPEN: (frozenset({State.CLOSED}), State.REOPENED),
    CaseEvent.Action.MERGE: (
        frozenset({State.PENDING, State.REGISTERED, State.DISPATCHED}),
        State.MERGED,
    ),
}

# Timeline entries that record something without changing the state.
STATE_KEEPING_ACTIONS = frozenset({CaseEvent.Action.RATE, CaseEvent.Action.ESCALATE})
# Actions that count as the response to a report (响应): the case was looked at and decided.
RESPONSE_ACTIONS = frozenset(
    {CaseEvent.Action.ACCEPT, CaseEvent.Action.REJECT, CaseEvent.Action.MERGE}
)


def transition_target(action: str, state: str) -> str:
    """The state `action` leads to from `state`, or ValidationError(code="transition_refused")."""
    if action not in TRANSITIONS:
        raise ValidationError(_("Unknown action."), code="unknown_action")
    sources, target = TRANSITIONS[action]
    if state not in sources:
        raise ValidationError(
            _("This case is “%(state)s”; “%(action)s” is not possible now.")
            % {"state": State(state).label, "action": CaseEvent.Action(action).label},
            code="transition_refused",
        )
    return target


def actions_from(state: str) -> list[str]:
    """Every action the table allows from a state (before checking who asks)."""
    return [action for action, (sources, _target) in TRANSITIONS.items() if state in sources]
