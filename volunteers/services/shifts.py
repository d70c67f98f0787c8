"""Projects and shifts: sign-up with capacity and a waiting list, cancellation, QR check-in/out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypedDict

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node
from notifications.services import notify
from volunteers.models import HourRecord, Project, Shift, Signup, Team
from volunteers.permissions import can_organise, can_publish_project
from volunteers.services.common import refuse, require_profile
from volunteers.services.hours import hours_day_check

CHECKIN_SALT = "volunteers.checkin"
# The organiser's code works from an hour before the shift until two hours after it ends.
CHECKIN_EARLY = dt.timedelta(hours=1)
CHECKOUT_LATE = dt.timedelta(hours=2)


class ShiftSpec(TypedDict, total=False):
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    cancel_cutoff_hours: int


@transaction.atomic
def project_create(
    *,
    actor,
    node: Node,
    team: Team | None,
    title: str,
    description: str,
    place: str,
    starts_on: dt.date,
    ends_on: dt.date,
    skills_wanted: str = "",
    shifts: Sequence[ShiftSpec] = (),
) -> Project:
    """A project published by a team's leaders or by community staff, with its first shifts.

    All or nothing: a bad shift refuses the whole project, so a leader never finds half of it.
    """
    if not can_publish_project(actor, team, node):
        raise refuse(_("You may not publish projects here."), "forbidden")
    if team is not None and not node.is_descendant_of(team.node):
        raise refuse(_("The project must be in the team's area."), "invalid_place")
    project_fields_validate(title=title, place=place, starts_on=starts_on, ends_on=ends_on)
    project = Project.objects.create(
        node=node,
        team=team,
        title=title.strip(),
        description=description,
        place=place,
        starts_on=starts_on,
        ends_on=ends_on,
        skills_wanted=skills_wanted,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="volunteers.project_create",
        target=project,
        scope_path=node.path,
        details={"shifts": len(shifts)},
    )
    for spec in shifts:
        shift_create(actor=actor, project=project, **spec)
    return project


def project_fields_validate(*, title: str, place: str, starts_on: dt.date, ends_on: dt.date):
    if not title.strip():
        raise refuse(_("Please give the project a title."), "no_title")
    if not place.strip():
        raise refuse(_("Please say where the project takes place."), "no_place")
    if ends_on < starts_on:
        raise refuse(_("The end date is before the start date."), "invalid_dates")


def shift_times_validate(
    *, project: Project, starts_at: dt.datetime, ends_at: dt.datetime, capacity: int
) -> None:
    """The checks every new or changed shift passes (forms call it to show errors early)."""
    if ends_at <= starts_at:
        raise refuse(_("The shift must end after it starts."), "invalid_times")
    if ends_at - starts_at > dt.timedelta(hours=24):
        raise refuse(_("A shift may last at most 24 hours."), "shift_too_long")
    if starts_at <= timezone.now():
        raise refuse(_("A shift must start in the future."), "shift_in_past")
    day = timezone.localdate(starts_at)
    if not (project.starts_on <= day <= project.ends_on):
        raise refuse(
            _("The shift must fall within the project's dates (%(start)s to %(end)s).")
            % {"start": project.starts_on, "end": project.ends_on},
            "outside_project_dates",
        )
    if capacity < 1:
        raise refuse(_("A shift needs at least one place."), "invalid_capacity")


@transaction.atomic
def shift_create(
    *,
    actor,
    project: Project,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    cancel_cutoff_hours: int = 2,
) -> Shift:
    if not can_organise(actor, project):
        raise refuse(_("You may not add shifts to this project."), "forbidden")
    if project.status != Project.Status.PUBLISHED:
        raise refuse(_("This project is closed."), "project_closed")
    shift_times_validate(project=project, starts_at=starts_at, ends_at=ends_at, capacity=capacity)
    shift = Shift.objects.create(
        project=project,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        cancel_cutoff_hours=cancel_cutoff_hours,
    )
    audit_record(
        actor=actor,
        action="volunteers.shift_create",
        target=shift,
        scope_path=project.node.path,
        details={"capacity": capacity},
    )
    return shift


def _locked_shift(shift: Shift) -> Shift:
    # The shift row is the lock every sign-up and cancellation of that shift queues on.
    return Shift.objects.select_for_update(of=("self",)).select_related("project").get(pk=shift.pk)


@transaction.atomic
def shift_signup(*, user, shift: Shift) -> Signup:
    """Take a place on the shift, or a place on its waiting list when it is full.

    Sign-ups of one shift are serialised on the shift row, so the count of confirmed places
    read under that lock is exact: the shift is never overbooked.
    """
    require_profile(user)
    shift = _locked_shift(shift)
    if shift.project.status != Project.Status.PUBLISHED:
        raise refuse(_("This project is closed."), "project_closed")
    if shift.status == Shift.Status.CANCELLED:
        raise refuse(_("This shift was cancelled."), "shift_cancelled")
    if shift.starts_at <= timezone.now():
        raise refuse(_("This shift has already started."), "shift_started")
    existing = Signup.objects.filter(
        shift=shift, user=user, status__in=[Signup.Status.CONFIRMED, Signup.Status.WAITLISTED]
    )
    if existing.exists():
        raise refuse(_("You have already signed up for this shift."), "already_signed_up")
    taken = Signup.objects.filter(shift=shift, status=Signup.Status.CONFIRMED).count()
    status = Signup.Status.CONFIRMED if taken < shift.capacity else Signup.Status.WAITLISTED
    try:
        with transaction.atomic():
            signup = Signup.objects.create(shift=shift, user=user, status=status)
    except IntegrityError:
        raise refuse(_("You have already signed up for this shift."), "already_signed_up")
    return signup


def cancel_deadline(shift: Shift) -> dt.datetime:
    return shift.starts_at - dt.timedelta(hours=shift.cancel_cutoff_hours)


@transaction.atomic
def signup_cancel(*, user, signup: Signup) -> Signup:
    """Give up a place before the cut-off; the first on the waiting list moves up and is told."""
    shift = _locked_shift(signup.shift)
    signup = Signup.objects.select_for_update(of=("self",)).get(pk=signup.pk)
    if signup.user_id != user.pk:
        raise refuse(_("This is not your sign-up."), "forbidden")
    if signup.status == Signup.Status.CANCELLED:
        return signup
    if timezone.now() > cancel_deadline(shift):
        raise refuse(
            _("It is too late to cancel; please tell the organiser instead."), "too_late_to_cancel"
        )
    was_confirmed = signup.status == Signup.Status.CONFIRMED
    signup.status = Signup.Status.CANCELLED
    signup.save(update_fields=["status"])
    if was_confirmed:
        _promote_waitlist(shift)
    return signup


def _promote_waitlist(shift: Shift) -> Signup | None:
    taken = Signup.objects.filter(shift=shift, status=Signup.Status.CONFIRMED).count()
    if taken >= shift.capacity:
        return None
    first = (
        Signup.objects.select_for_update(of=("self",))
        .filter(shift=shift, status=Signup.Status.WAITLISTED)
        .order_by("created_at", "pk")
        .first()
    )
    if first is None:
        return None
    first.status = Signup.Status.CONFIRMED
    first.save(update_fields=["status"])
    notify(
        first.user,
        title=_("A place came free: you are on the shift %(shift)s") % {"shift": shift},
        url=reverse("volunteers:shift", args=[shift.pk]),
        category="volunteers",
        dedupe_key=f"volunteers:promoted:{first.pk}",
    )
    return first


# --- check-in by QR code --------------------------------------------------------------------


def checkin_token(shift: Shift, action: str) -> str:
    """The signed value behind the organiser's QR code ("in" or "out" for one shift)."""
    return signing.dumps({"shift": shift.pk, "action": action}, salt=CHECKIN_SALT)


def checkin_token_read(token: str) -> tuple[int, str]:
    """(shift id, action) of a genuine token; a forged or altered one is refused."""
    try:
        data = signing.loads(token, salt=CHECKIN_SALT)
        shift_id, action = int(data["shift"]), data["action"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise refuse(_("This check-in code is not valid."), "invalid_code")
    if action not in ("in", "out"):
        raise refuse(_("This check-in code is not valid."), "invalid_code")
    return shift_id, action


def _signup_for(user, shift: Shift) -> Signup:
    signup = (
        Signup.objects.select_for_update(of=("self",))
        .filter(shift=shift, user=user, status=Signup.Status.CONFIRMED)
        .first()
    )
    if signup is None:
        raise refuse(_("You do not have a place on this shift."), "not_signed_up")
    return signup


@transaction.atomic
def signup_check_in(*, user, shift: Shift) -> Signup:
    """Check in on the spot; a second scan changes nothing."""
    now = timezone.now()
    if not (shift.starts_at - CHECKIN_EARLY <= now <= shift.ends_at):
        raise refuse(_("Check-in is open from an hour before the shift until its end."), "not_now")
    signup = _signup_for(user, shift)
    if signup.checked_in_at is None:
        signup.checked_in_at = now
        signup.save(update_fields=["checked_in_at"])
    return signup


@transaction.atomic
def signup_check_out(*, user, shift: Shift) -> HourRecord:
    """Check out: the time between check-in and now becomes an hour record to verify.

    Idempotent: a second scan returns the record of the first.
    """
    now = timezone.now()
    signup = _signup_for(user, shift)
    if signup.checked_in_at is None:
        raise refuse(_("Please check in first."), "not_checked_in")
    existing = HourRecord.objects.filter(signup=signup).first()
    if existing is not None:
        return existing
    if now > shift.ends_at + CHECKOUT_LATE:
        raise refuse(_("Check-out has closed; please log your hours by hand."), "checkout_closed")
    minutes = max(1, round((now - signup.checked_in_at).total_seconds() / 60))
    hours_day_check(
        volunteer=user,
        service_date=timezone.localdate(signup.checked_in_at),
        minutes=minutes,
        span=(signup.checked_in_at, now),
    )
    signup.checked_out_at = now
    signup.save(update_fields=["checked_out_at"])
    project = shift.project
    record = HourRecord.objects.create(
        volunteer=user,
        node=project.node,
        team=project.team,
        project=project,
        signup=signup,
        source=HourRecord.Source.CHECKIN,
        service_date=timezone.localdate(signup.checked_in_at),
        content=project.title,
        minutes_claimed=minutes,
    )
    return record
