"""The wish (微心愿) and help-request state machines, one explicit table each.

An action is possible only from the listed states and always leads to the one target state;
from any other state it is refused with the table's message and code. Services ask
`wish_transition()` / `help_request_transition()` before changing anything, so a transition
missing here cannot happen anywhere (page, API, admin, task). Who may take an action is the
services' question, asked of `volunteers.permissions`; the column "who" says whom they let.
Repeating an action that already happened (a double tap) is answered by the service before
it asks the table, so it changes nothing and is not refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from volunteers.models import HelpRequest, Wish

WishStatus = Wish.Status
HelpStatus = HelpRequest.Status


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    who: str  # documentation: whom the service lets take the action
    refusal: str  # said when the object is in another state
    code: str


class WishAction:
    OPEN = "open"
    DISPATCH = "dispatch"
    DECLINE = "decline"
    CLAIM = "claim"
    MARK_DONE = "mark_done"
    CONFIRM = "confirm"
    DISPUTE = "dispute"
    CREDIT = "credit"
    CLOSE = "close"


_NOT_WAITING = _("This wish is not waiting for confirmation.")
_ALREADY_REVIEWED = _("This wish has already been reviewed.")
_NOT_DISPUTED = _("This wish is not disputed.")

WISH_TRANSITIONS: dict[str, Transition] = {
    # Staff review a submitted wish: open it to every volunteer, dispatch it to a team, decline.
    WishAction.OPEN: Transition(
        frozenset({WishStatus.SUBMITTED}),
        WishStatus.OPEN,
        "staff",
        _ALREADY_REVIEWED,
        "already_reviewed",
    ),
    WishAction.DISPATCH: Transition(
        frozenset({WishStatus.SUBMITTED}),
        WishStatus.OPEN,
        "staff",
        _ALREADY_REVIEWED,
        "already_reviewed",
    ),
    WishAction.DECLINE: Transition(
        frozenset({WishStatus.SUBMITTED}),
        WishStatus.DECLINED,
        "staff",
        _ALREADY_REVIEWED,
        "already_reviewed",
    ),
    WishAction.CLAIM: Transition(
        frozenset({WishStatus.OPEN}),
        WishStatus.CLAIMED,
        "a volunteer or party member",
        _("This wish is no longer open."),
        "not_open",
    ),
    WishAction.MARK_DONE: Transition(
        frozenset({WishStatus.CLAIMED}),
        WishStatus.DONE,
        "the claimer",
        _("This wish is not in progress."),
        "invalid_state",
    ),
    WishAction.CONFIRM: Transition(
        frozenset({WishStatus.DONE}),
        WishStatus.CONFIRMED,
        "the resident",
        _NOT_WAITING,
        "invalid_state",
    ),
    WishAction.DISPUTE: Transition(
        frozenset({WishStatus.DONE}),
        WishStatus.DISPUTED,
        "the resident",
        _NOT_WAITING,
        "invalid_state",
    ),
    # Staff settle a dispute: credit the hours (maybe fewer), or close without hours.
    WishAction.CREDIT: Transition(
        frozenset({WishStatus.DISPUTED}),
        WishStatus.CONFIRMED,
        "staff",
        _NOT_DISPUTED,
        "invalid_state",
    ),
    WishAction.CLOSE: Transition(
        frozenset({WishStatus.DISPUTED}),
        WishStatus.CLOSED,
        "staff",
        _NOT_DISPUTED,
        "invalid_state",
    ),
}


class HelpAction:
    ACCEPT = "accept"
    MARK_HELPED = "helped"
    CONFIRM = "confirm"
    CANCEL = "cancel"


HELP_REQUEST_TRANSITIONS: dict[str, Transition] = {
    HelpAction.ACCEPT: Transition(
        frozenset({HelpStatus.OPEN}),
        HelpStatus.ACCEPTED,
        "anyone but the requester",
        _("Someone is already helping with this."),
        "not_open",
    ),
    HelpAction.MARK_HELPED: Transition(
        frozenset({HelpStatus.ACCEPTED}),
        HelpStatus.HELPED,
        "the helper",
        _("This help request is not in progress."),
        "invalid_state",
    ),
    # Confirming pays the helper from the credits set aside at the request.
    HelpAction.CONFIRM: Transition(
        frozenset({HelpStatus.HELPED}),
        HelpStatus.PAID,
        "the requester",
        _("The helper has not finished yet."),
        "invalid_state",
    ),
    # Cancelling gives the credits set aside back to the requester.
    HelpAction.CANCEL: Transition(
        frozenset({HelpStatus.OPEN, HelpStatus.ACCEPTED}),
        HelpStatus.CANCELLED,
        "the requester",
        _("The help has already been given."),
        "invalid_state",
    ),
}


def _target(table: dict[str, Transition], action: str, status: str) -> str:
    transition = table[action]
    if status not in transition.sources:
        raise ValidationError(str(transition.refusal), code=transition.code)
    return transition.target


def wish_transition(action: str, status: str) -> str:
    """The status `action` leads a wish to from `status`, or the table's refusal."""
    return _target(WISH_TRANSITIONS, action, status)


def help_request_transition(action: str, status: str) -> str:
    """The status `action` leads a help request to from `status`, or the table's refusal."""
    return _target(HELP_REQUEST_TRANSITIONS, action, status)


def actions_from(table: dict[str, Transition], status: str) -> list[str]:
    """Every action a table allows from a status (before asking who)."""
    return [action for action, transition in table.items() if status in transition.sources]
