"""Every step of a case after the report; each one goes through the state table.

Who may act:
- accept (立案): the assigned post's holder or staff over the place;
- reject (不予立案), dispatch (派遣), merge: staff over the place (incl. the grid worker);
- start, return (退回), hold (挂账), submit (处置反馈): the assignee, or staff acting for the
  assigned post or co-building unit (units have no accounts of their own);
- verify (核查): staff over the place who are neither the handler who submitted the result
  nor the assignee;
- rate (评价) and reopen (重新打开, within 7 days of closing, after an unsatisfied rating):
  the reporter.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseEvent, Satisfaction, State
from cases.permissions import DISPATCHABLE_POSTS, is_handler, is_manager, may
from cases.services.common import (
    case_lock,
    event_record,
    notify_people,
    notify_reporters,
    photos_clean,
    require,
    transition,
)
from communities.models import Post
from party.models import CoBuildingUnit

REOPEN_WINDOW = datetime.timedelta(days=7)


def _not_allowed() -> str:
    return _("You may not do this for this case.")


def _note_required(note: str, message: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ValidationError(message, code="note_required")
    return note


@transaction.atomic
def case_accept(*, actor, case: Case, note: str = "") -> Case:
    """立案: the case qualifies and will be handled."""
    case = case_lock(case)
    require(may(CaseEvent.Action.ACCEPT, actor, case), _not_allowed())
    event = transition(case=case, action=CaseEvent.Action.ACCEPT, actor=actor, note=note)
    notify_reporters(case, event, _("Your report #%(number)d was registered") % {"number": case.pk})
    return case


@transaction.atomic
def case_reject(*, actor, case: Case, reason: str) -> Case:
    """不予立案, with the reason the reporter will read."""
    reason = _note_required(reason, _("Give the reason for not registering the case."))
    case = case_lock(case)
    require(is_manager(actor, case), _not_allowed())
    event = transition(case=case, action=CaseEvent.Action.REJECT, actor=actor, note=reason)
    notify_reporters(
        case, event, _("Your report #%(number)d was not registered") % {"number": case.pk}
    )
    return case


def _check_dispatch_target(case: Case, post: Post | None, unit: CoBuildingUnit | None) -> None:
    if (post is None) == (unit is None):
        raise ValidationError(_("Choose one post or one co-building unit."), code="dispatch_target")
    if post is not None:
        if post.ends_on is not None or post.kind not in DISPATCHABLE_POSTS:
            raise ValidationError(_("This post cannot take cases."), code="dispatch_target")
        # The post must answer for the case's place (an ancestor) or lie inside it.
        if not case.node.overlaps(post.node):
            raise ValidationError(
                _("This post does not cover the place of the case."), code="dispatch_target"
            )
    if unit is not None and not case.node.is_descendant_of(unit.community):
        raise ValidationError(
            _("This co-building unit works with another community."), code="dispatch_target"
        )


@transaction.atomic
def case_dispatch(
    *,
    actor,
    case: Case,
    post: Post | None = None,
    unit: CoBuildingUnit | None = None,
    note: str = "",
) -> Case:
    """派遣 (or re-dispatch) to a post or a co-building unit."""
    case = case_lock(case)
    require(is_manager(actor, case), _not_allowed())
    if post is not None:
        post = Post.objects.select_related("node", "user").get(pk=post.pk)
    if unit is not None:
        unit = CoBuildingUnit.objects.select_related("community").get(pk=unit.pk)
    _check_dispatch_target(case, post, unit)
    case.assignee_post, case.assignee_unit = post, unit
    event = transition(
        case=case,
        action=CaseEvent.Action.DISPATCH,
        actor=actor,
        note=note,
        to_post=post,
        to_unit=unit,
    )
    if post is not None:
        notify_people(
            case,
            [post.user],
            title=_("Case #%(number)d was dispatched to you: %(category)s")
            % {"number": case.pk, "category": case.category.name},
            body=f"{case.place_display}\n{note}".strip(),
            key=f"event:{event.pk}",
        )
    return case


def cases_bulk_dispatch(
    *,
    actor,
    cases: list[Case],
    post: Post | None = None,
    unit: CoBuildingUnit | None = None,
    note: str = "",
    accept_pending: bool = False,
) -> tuple[int, list[tuple[Case, str]]]:
    """Dispatch several cases, each in its own transaction; returns (done, [(case, error)]).

    With `accept_pending`, a case still waiting (待受理) is accepted (立案) and then dispatched
    in the same transaction, both steps through the state table: a case is never left accepted
    but undispatched because the dispatch was refused.
    """
    done, failed = 0, []
    for case in sorted(cases, key=lambda c: c.pk):  # a fixed order of row locks
        try:
            with transaction.atomic():
                if accept_pending and case_lock(case).state == State.PENDING:
                    case_accept(actor=actor, case=case)
                case_dispatch(actor=actor, case=case, post=post, unit=unit, note=note)
        except ValidationError as error:
            failed.append((case, " ".join(error.messages)))
        else:
            done += 1
    return done, failed


def _require_handler(actor, case: Case) -> None:
    require(may(CaseEvent.Action.SUBMIT, actor, case), _not_allowed())


@transaction.atomic
def case_start(*, actor, case: Case, note: str = "") -> Case:
    """处置: the assignee starts (or resumes) the work."""
    case = case_lock(case)
    _require_handler(actor, case)
    transition(case=case, action=CaseEvent.Action.START, actor=actor, note=note)
    return case


@transaction.atomic
def case_return(*, actor, case: Case, reason: str) -> Case:
    """退回: the assignee does not own this problem; staff dispatch it again."""
    reason = _note_required(reason, _("Say why this case is not yours."))
    case = case_lock(case)
    _require_handler(actor, case)
    returned_by = case.assignee_post or case.assignee_unit
    case.assignee_post, case.assignee_unit = None, None
    transition(case=case, action=CaseEvent.Action.RETURN, actor=actor, note=reason)
    managers = _managers_to_tell(case)
    notify_people(
        case,
        managers,
        title=_("Case #%(number)d was returned: %(category)s")
        % {"number": case.pk, "category": case.category.name},
        body=f"{returned_by}: {reason}",
        key=f"return:{case.pk}:{timezone.now():%Y%m%d%H%M%S}",
    )
    return case


def _managers_to_tell(case: Case) -> list:
    """The community (else street) office holders over the case's place."""
    from cases.selectors import office_holders_at

    community = case.node.community
    people = office_holders_at(community) if community else []
    if not people and case.node.street:
        people = office_holders_at(case.node.street)
    return people


@transaction.atomic
def case_hold(*, actor, case: Case, explanation: str) -> Case:
    """挂账: cannot be solved in time; a written explanation is required."""
    explanation = _note_required(
        explanation, _("Explain in writing why the case cannot be solved in time.")
    )
    case = case_lock(case)
    _require_handler(actor, case)
    transition(case=case, action=CaseEvent.Action.HOLD, actor=actor, note=explanation)
    return case


@transaction.atomic
def case_submit(*, actor, case: Case, result: str, photos=None) -> Case:
    """处置反馈: the handler reports what was done, with photos."""
    result = _note_required(result, _("Describe what was done."))
    cleaned = photos_clean(photos)
    case = case_lock(case)
    _require_handler(actor, case)
    transition(case=case, action=CaseEvent.Action.SUBMIT, actor=actor, note=result, photos=cleaned)
    return case


@transaction.atomic
def case_verify(*, actor, case: Case, passed: bool, note: str = "") -> Case:
    """核查结案: someone other than the handler checks on site; closes it or sends it back."""
    case = case_lock(case)
    require(is_manager(actor, case), _not_allowed())
    if is_handler(actor, case):
        raise ValidationError(
            _("The on-site check must be done by someone other than the handler."),
            code="same_person",
        )
    if not passed:
        _note_required(note, _("Say what is still wrong."))
    event = transition(
        case=case,
        action=CaseEvent.Action.VERIFY_PASS if passed else CaseEvent.Action.VERIFY_FAIL,
        actor=actor,
        note=note,
    )
    if passed:
        notify_reporters(
            case,
            event,
            _("Your report #%(number)d was closed – please rate it") % {"number": case.pk},
            important=True,  # case resolved: by SMS to those who chose it
        )
    elif case.assignee_post is not None:
        notify_people(
            case,
            [case.assignee_post.user],
            title=_("The on-site check of case #%(number)d failed: %(category)s")
            % {"number": case.pk, "category": case.category.name},
            body=note,
            key=f"event:{event.pk}",
        )
    return case


def _last_closed_at(case: Case):
    event = (
        case.events.filter(action=CaseEvent.Action.VERIFY_PASS)
        .order_by("-created_at", "-pk")
        .first()
    )
    return event.created_at if event else None


def _latest_rating(case: Case) -> str:
    event = case.events.filter(action=CaseEvent.Action.RATE).order_by("-created_at", "-pk").first()
    return event.satisfaction if event else ""


@transaction.atomic
def case_rate(
    *, actor, case: Case, satisfaction: str, comment: str = "", reopen: bool = False
) -> Case:
    """综合评价 by the reporter; an unsatisfied reporter may reopen within 7 days."""
    case = case_lock(case)
    require(may(CaseEvent.Action.RATE, actor, case), _not_allowed())
    if case.state != State.CLOSED:
        raise ValidationError(_("Only a closed case can be rated."), code="transition_refused")
    if satisfaction not in Satisfaction.values:
        raise ValidationError(_("Choose how satisfied you are."), code="bad_rating")
    # One rating per closing: a reopened and closed-again case can be rated again.
    closed_at = _last_closed_at(case)
    if case.events.filter(action=CaseEvent.Action.RATE, created_at__gte=closed_at).exists():
        raise ValidationError(_("You have already rated this case."), code="already_rated")
    event_record(
        case=case,
        action=CaseEvent.Action.RATE,
        actor=actor,
        note=comment,
        satisfaction=satisfaction,
    )
    if reopen:
        _reopen(actor=actor, case=case, note=comment)
    return case


def _reopen(*, actor, case: Case, note: str) -> None:
    closed_at = _last_closed_at(case)
    if closed_at is None or timezone.now() - closed_at > REOPEN_WINDOW:
        raise ValidationError(
            _("A case can be reopened only within 7 days of closing."), code="reopen_too_late"
        )
    if _latest_rating(case) != Satisfaction.UNSATISFIED:
        raise ValidationError(
            _("Rate the case “unsatisfied” to reopen it."), code="reopen_needs_unsatisfied"
        )
    event = transition(case=case, action=CaseEvent.Action.REOPEN, actor=actor, note=note)
    if case.assignee_post is not None:
        notify_people(
            case,
            [case.assignee_post.user],
            title=_("Case #%(number)d was reopened by the reporter: %(category)s")
            % {"number": case.pk, "category": case.category.name},
            body=note,
            key=f"event:{event.pk}",
        )


@transaction.atomic
def case_reopen(*, actor, case: Case, note: str = "") -> Case:
    """重新打开: the reporter disputes the result (after rating it unsatisfied)."""
    case = case_lock(case)
    require(may(CaseEvent.Action.RATE, actor, case), _not_allowed())
    _reopen(actor=actor, case=case, note=note)
    return case


@transaction.atomic
def case_merge(*, actor, case: Case, into: Case, note: str = "") -> Case:
    """Merge a duplicate into its original; the duplicate's reporter follows the original."""
    if case.pk == into.pk:
        raise ValidationError(_("A case cannot be merged into itself."), code="bad_merge")
    # Lock both rows in id order so two opposite merges cannot deadlock.
    first, second = sorted([case, into], key=lambda c: c.pk)
    locked = {c.pk: case_lock(c) for c in (first, second)}
    case, into = locked[case.pk], locked[into.pk]
    require(is_manager(actor, case) and is_manager(actor, into), _not_allowed())
    if not into.is_open or into.merged_into_id:
        raise ValidationError(_("The original case is no longer open."), code="bad_merge")
    case.merged_into = into
    case.assignee_post, case.assignee_unit = None, None
    event = transition(
        case=case,
        action=CaseEvent.Action.MERGE,
        actor=actor,
        note=note or f"#{into.pk}",
        save_fields=("merged_into",),
    )
    followers = {case.reporter, *case.followers.all()} - {into.reporter}
    into.followers.add(*followers)
    notify_reporters(
        case,
        event,
        _("Your report #%(number)d was joined with case #%(into)d")
        % {"number": case.pk, "into": into.pk},
    )
    return case
