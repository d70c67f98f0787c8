"""Wishes (微心愿, 点单式服务): 群众点单 → 社区派单 → 党员/志愿者接单 → 居民确认 → hours credited.

Every step tells the next actor. Transitions are conditional updates on the wish row, so two
volunteers claiming at once leave exactly one claimer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.acting import act_for_check, act_for_record
from communities.selectors import responsible_post_for_node
from core.outbox import enqueue_after_commit
from notifications.services import notify
from volunteers.models import HourRecord, Membership, Team, Wish
from volunteers.permissions import STAFF_POSTS, can_claim, can_review_wish
from volunteers.selectors.wishes import wish_claim_candidates
from volunteers.services.common import home_community, refuse
from volunteers.services.hours import MAX_MINUTES_A_DAY, hours_credit, hours_day_check
from volunteers.states import WishAction, wish_transition

# From the claim until the resident confirms (or staff settle a dispute) the two sides need
# to reach each other: only then, and only they, see the other's full phone number.
REVIEW_ACTIONS = {
    "open": WishAction.OPEN,
    "team": WishAction.DISPATCH,
    "decline": WishAction.DECLINE,
}
CONTACT_STATUSES = (Wish.Status.CLAIMED, Wish.Status.DONE, Wish.Status.DISPUTED)


@dataclass(frozen=True)
class WishContact:
    """The other side of a wish in progress, as the resident or the claimer sees them."""

    role: str  # "claimer" (the resident sees who helps) or "resident" (the helper sees whom)
    name: str
    phone: str


def _contact_name(user) -> str:
    return user.get_full_name() or user.phone


def wish_contact_for(*, wish: Wish, user) -> WishContact | None:
    """The other side's name and full phone for the resident and the claimer of a wish in
    progress; None before the claim, after it is settled, and for anyone else (staff and other
    volunteers see phones masked, as everywhere)."""
    if wish.status not in CONTACT_STATUSES or wish.claimer_id is None:
        return None
    if user.pk == wish.resident_id:
        return WishContact("claimer", _contact_name(wish.claimer), wish.claimer.phone or "")
    if user.pk == wish.claimer_id:
        return WishContact("resident", _contact_name(wish.resident), wish.resident.phone or "")
    return None


def wish_staff(wish: Wish):
    """The community staff member who answers for the wish's community."""
    post = responsible_post_for_node(wish.node, kinds=STAFF_POSTS)
    return post.user if post else None


def _tell(user, wish: Wish, title: str, step: str, body: str = "") -> None:
    if user is None:
        return
    notify(
        user,
        title=title,
        body=body,
        url=reverse("volunteers:wish", args=[wish.pk]),
        category="volunteers",
        # "Your wish was claimed" matters: by SMS to those who chose it.
        important=step == "claimed",
        dedupe_key=f"volunteers:wish:{wish.pk}:{step}:{user.pk}",
    )


def _locked(wish: Wish) -> Wish:
    return (
        Wish.objects.select_for_update(of=("self",)).select_related("node", "team").get(pk=wish.pk)
    )


def _audit(actor, wish: Wish, verb: str, **details) -> None:
    audit_record(
        actor=actor,
        action=f"volunteers.wish_{verb}",
        target=wish,
        scope_path=wish.node.path,
        details={"status": wish.status, **details},
    )


@transaction.atomic
def wish_post(*, resident, title: str, description: str = "", actor=None) -> Wish:
    """A resident posts a small need in their community; community staff are told.

    `actor`: a captain or staff member posting for the resident (代办), who must live in their
    scope (`out_of_scope`); the audit entry names both."""
    actor = actor or resident
    act_for_check(actor=actor, person=resident)
    title = title.strip()
    if not title:
        raise refuse(_("Please say what you need."), "title_required")
    wish = Wish.objects.create(
        resident=resident, node=home_community(resident), title=title[:100], description=description
    )
    act_for_record(
        actor=actor,
        person=resident,
        action="volunteers.wish_post",
        target=wish,
        scope_path=wish.node.path,
        details={"status": wish.status},
    )
    _tell(
        wish_staff(wish),
        wish,
        _("A new wish to review: %(title)s") % {"title": wish.title},
        "posted",
    )
    return wish


@transaction.atomic
def wish_review(
    *, actor, wish: Wish, decision: str, team: Team | None = None, reason: str = ""
) -> Wish:
    """Staff open the wish to claims ("open"), dispatch it to a team ("team"), or decline it."""
    wish = _locked(wish)
    if not can_review_wish(actor, wish):
        raise refuse(_("You may not review this wish."), "forbidden")
    # Every review starts from a submitted wish; an unknown decision is refused below.
    target = wish_transition(REVIEW_ACTIONS.get(decision, WishAction.OPEN), wish.status)
    if decision == "decline":
        if not reason.strip():
            raise refuse(_("Please tell the resident why."), "reason_required")
        wish.status = target
        wish.reason = reason.strip()[:200]
    elif decision in ("open", "team"):
        if decision == "team":
            # A team of this community or of the whole street.
            if team is None or not team.is_active or not wish.node.is_descendant_of(team.node):
                raise refuse(_("Please choose a team of this community."), "invalid_team")
            wish.team = team
        wish.status = target
        wish.opened_at = timezone.now()
    else:
        raise refuse(_("Unknown decision."), "invalid_decision")
    wish.reviewed_by = actor
    wish.save(update_fields=["status", "team", "reason", "opened_at", "reviewed_by"])
    _audit(actor, wish, "review", decision=decision, team=team.pk if team else None)
    if wish.status == Wish.Status.DECLINED:
        _tell(
            wish.resident,
            wish,
            _("Your wish could not be taken up: %(title)s") % {"title": wish.title},
            "declined",
            wish.reason,
        )
    else:
        _tell(
            wish.resident,
            wish,
            _("Your wish is published: %(title)s") % {"title": wish.title},
            "opened",
        )
        if wish.team is None:
            # A community may have hundreds of volunteers: told by a worker, not in this request.
            enqueue_after_commit("volunteers.tasks.wish_claimers_tell_task", wish.pk)
        else:
            leads = Membership.objects.filter(
                team=wish.team,
                status=Membership.Status.ACTIVE,
                role__in=[Membership.Role.LEADER, Membership.Role.DEPUTY],
            ).select_related("user")
            for lead in leads:
                _tell(
                    lead.user,
                    wish,
                    _("A wish for your team: %(title)s") % {"title": wish.title},
                    "dispatched",
                )
    return wish


def wish_claimers_tell(*, wish_id: int) -> int:
    """Tell the volunteers who could take an open wish on; how many it went through.

    Run by a worker after the review commits. Nobody is told twice (a dedupe key per person,
    so a retried task is harmless), and nobody once the wish is no longer open to claims.
    """
    wish = Wish.objects.filter(pk=wish_id, status=Wish.Status.OPEN, team__isnull=True).first()
    if wish is None:
        return 0
    told = 0
    for user in wish_claim_candidates(wish=wish).iterator(chunk_size=500):
        _tell(
            user,
            wish,
            _("A wish in your community is waiting for a helper: %(title)s")
            % {"title": wish.title},
            "claimable",
        )
        told += 1
    return told


@transaction.atomic
def wish_claim(*, user, wish: Wish) -> Wish:
    """A volunteer or party member takes the wish on (one claimer, first come)."""
    wish = _locked(wish)
    if wish.claimer_id == user.pk and wish.status == Wish.Status.CLAIMED:
        return wish
    target = wish_transition(WishAction.CLAIM, wish.status)
    if not can_claim(user, wish):
        raise refuse(
            _("Only volunteers and party members (of the chosen team) can claim this."),
            "forbidden",
        )
    wish.status = target
    wish.claimer = user
    wish.claimed_at = timezone.now()
    wish.save(update_fields=["status", "claimer", "claimed_at"])
    _audit(user, wish, "claim")
    # Each side gets the other's number in the inbox too, to agree on a time.
    _tell(
        wish.resident,
        wish,
        _("%(name)s will fulfil your wish: %(title)s")
        % {"name": _contact_name(user), "title": wish.title},
        "claimed",
        _("You can reach %(name)s at %(phone)s, or call from the wish's page.")
        % {"name": _contact_name(user), "phone": user.phone},
    )
    _tell(
        user,
        wish,
        _("You claimed the wish: %(title)s") % {"title": wish.title},
        "claimed-contact",
        _("Please contact %(name)s at %(phone)s to agree on a time.")
        % {"name": _contact_name(wish.resident), "phone": wish.resident.phone},
    )
    return wish


@transaction.atomic
def wish_mark_done(*, user, wish: Wish, minutes: int, note: str = "") -> Wish:
    """The claimer says it is done and how long it took; the resident is asked to confirm."""
    wish = _locked(wish)
    if wish.claimer_id != user.pk:
        raise refuse(_("Only the person who claimed the wish can do this."), "forbidden")
    if wish.status == Wish.Status.DONE:
        return wish
    target = wish_transition(WishAction.MARK_DONE, wish.status)
    if (
        isinstance(minutes, bool)
        or not isinstance(minutes, int)
        or not (0 < minutes <= MAX_MINUTES_A_DAY)
    ):
        raise refuse(_("Please enter between 1 minute and 24 hours."), "invalid_minutes")
    # The hours are credited on the day it was done: that day must still hold them.
    hours_day_check(volunteer=user, service_date=timezone.localdate(), minutes=minutes)
    wish.status = target
    wish.minutes = minutes
    wish.done_note = note.strip()[:200]
    wish.done_at = timezone.now()
    wish.save(update_fields=["status", "minutes", "done_note", "done_at"])
    _audit(user, wish, "done", minutes=minutes)
    _tell(
        wish.resident,
        wish,
        _("Please confirm your wish was fulfilled: %(title)s") % {"title": wish.title},
        "done",
        wish.done_note,
    )
    return wish


def _credit(wish: Wish, actor, minutes: int) -> HourRecord:
    record = HourRecord.objects.create(
        volunteer=wish.claimer,
        node=wish.node,
        team=wish.team,
        wish=wish,
        source=HourRecord.Source.WISH,
        service_date=timezone.localdate(wish.done_at or timezone.now()),
        content=_("Wish: %(title)s") % {"title": wish.title},
        minutes_claimed=wish.minutes,
        minutes_verified=minutes,
        status=HourRecord.Status.VERIFIED,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    hours_credit(record=record, actor=actor)
    return record


@transaction.atomic
def wish_confirm(*, resident, wish: Wish) -> Wish:
    """The resident confirms: the claimer's hours are credited (the confirmation verifies them)."""
    wish = _locked(wish)
    if wish.resident_id != resident.pk:
        raise refuse(_("Only the resident who posted the wish can confirm it."), "forbidden")
    if wish.status == Wish.Status.CONFIRMED:
        return wish
    wish.status = wish_transition(WishAction.CONFIRM, wish.status)
    wish.confirmed_at = timezone.now()
    wish.save(update_fields=["status", "confirmed_at"])
    _credit(wish, resident, wish.minutes)
    _audit(resident, wish, "confirm", minutes=wish.minutes)
    _tell(
        wish.claimer,
        wish,
        _("The resident confirmed; %(hours)s hours credited") % {"hours": f"{wish.minutes / 60:g}"},
        "confirmed",
    )
    return wish


@transaction.atomic
def wish_dispute(*, resident, wish: Wish, reason: str) -> Wish:
    """The resident says it was not done (right); community staff are asked to settle it."""
    wish = _locked(wish)
    if wish.resident_id != resident.pk:
        raise refuse(_("Only the resident who posted the wish can dispute it."), "forbidden")
    if wish.status == Wish.Status.DISPUTED:
        return wish
    target = wish_transition(WishAction.DISPUTE, wish.status)
    if not reason.strip():
        raise refuse(_("Please tell us what went wrong."), "reason_required")
    wish.status = target
    wish.reason = reason.strip()[:200]
    wish.save(update_fields=["status", "reason"])
    _audit(resident, wish, "dispute", reason=wish.reason)
    _tell(
        wish_staff(wish),
        wish,
        _("A wish is disputed: %(title)s") % {"title": wish.title},
        "disputed",
        wish.reason,
    )
    _tell(
        wish.claimer,
        wish,
        _("The resident disputed the wish: %(title)s") % {"title": wish.title},
        "disputed",
        wish.reason,
    )
    return wish


@transaction.atomic
def wish_dispute_resolve(
    *, actor, wish: Wish, credit: bool, reason: str, minutes: int | None = None
) -> Wish:
    """Staff settle a dispute: credit the hours (maybe fewer) or close without hours."""
    wish = _locked(wish)
    if not can_review_wish(actor, wish):
        raise refuse(_("You may not settle this wish."), "forbidden")
    target = wish_transition(WishAction.CREDIT if credit else WishAction.CLOSE, wish.status)
    if not reason.strip():
        raise refuse(_("Please give a reason."), "reason_required")
    minutes = minutes if minutes is not None else wish.minutes
    if credit and (
        isinstance(minutes, bool)
        or not isinstance(minutes, int)
        or not (0 < minutes <= MAX_MINUTES_A_DAY)
    ):
        raise refuse(_("Please enter between 1 minute and 24 hours."), "invalid_minutes")
    wish.status = target
    wish.reason = reason.strip()[:200]
    wish.confirmed_at = timezone.now() if credit else None
    wish.save(update_fields=["status", "reason", "confirmed_at"])
    if credit:
        _credit(wish, actor, minutes)
    _audit(actor, wish, "resolve", credit=credit, minutes=minutes if credit else 0)
    for user in (wish.resident, wish.claimer):
        _tell(
            user,
            wish,
            _("The community settled the wish: %(title)s") % {"title": wish.title},
            "resolved",
            wish.reason,
        )
    return wish
