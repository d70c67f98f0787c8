"""Organisers' changes to projects and shifts: edit a project, move or resize a shift, cancel a
shift. Team leaders (and deputies) of the project's team and staff of its place may do them."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from notifications.services import notify
from volunteers.models import Project, Shift, Signup
from volunteers.permissions import can_organise
from volunteers.services.common import refuse
from volunteers.services.shifts import (
    _locked_shift,
    _promote_waitlist,
    project_fields_validate,
    shift_times_validate,
)


def _require_organiser(actor, project: Project) -> None:
    if not can_organise(actor, project):
        raise refuse(_("You may not change this project."), "forbidden")


@transaction.atomic
def project_update(
    *,
    actor,
    project: Project,
    title: str,
    description: str,
    place: str,
    starts_on: dt.date,
    ends_on: dt.date,
    skills_wanted: str = "",
) -> Project:
    """Change a project's description and dates; its scheduled shifts must still fit inside."""
    project = (
        Project.objects.select_for_update(of=("self",))
        .select_related("node", "team")
        .get(pk=project.pk)
    )
    _require_organiser(actor, project)
    project_fields_validate(title=title, place=place, starts_on=starts_on, ends_on=ends_on)
    for shift in project.shifts.filter(status=Shift.Status.SCHEDULED):
        day = timezone.localdate(shift.starts_at)
        if not (starts_on <= day <= ends_on):
            raise refuse(
                _("The shift on %(day)s would fall outside the new dates; move or cancel it first.")
                % {"day": day},
                "shifts_outside_dates",
            )
    values = {
        "title": title.strip(),
        "description": description,
        "place": place.strip(),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "skills_wanted": skills_wanted,
    }
    changed = sorted(name for name, value in values.items() if getattr(project, name) != value)
    for name, value in values.items():
        setattr(project, name, value)
    project.save(update_fields=[*values])
    audit_record(
        actor=actor,
        action="volunteers.project_update",
        target=project,
        scope_path=project.node.path,
        details={"fields": changed},
    )
    return project


def _live_signups(shift: Shift):
    return (
        Signup.objects.select_for_update(of=("self",))
        .filter(shift=shift, status__in=[Signup.Status.CONFIRMED, Signup.Status.WAITLISTED])
        .select_related("user")
        .order_by("pk")
    )


@transaction.atomic
def shift_update(
    *,
    actor,
    shift: Shift,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    cancel_cutoff_hours: int = 2,
) -> Shift:
    """Move or resize a shift that has not started. Fewer places than people already confirmed
    is refused; more places let the waiting list in (in its order). People signed up are told
    when the time changes."""
    shift = _locked_shift(shift)
    _require_organiser(actor, shift.project)
    if shift.status == Shift.Status.CANCELLED:
        raise refuse(_("This shift was cancelled."), "shift_cancelled")
    if shift.starts_at <= timezone.now():
        raise refuse(_("This shift has already started."), "shift_started")
    shift_times_validate(
        project=shift.project, starts_at=starts_at, ends_at=ends_at, capacity=capacity
    )
    confirmed = Signup.objects.filter(shift=shift, status=Signup.Status.CONFIRMED).count()
    if capacity < confirmed:
        raise refuse(
            _("%(count)d volunteers already have a place; the shift cannot have fewer places.")
            % {"count": confirmed},
            "capacity_below_taken",
        )
    moved = (starts_at, ends_at) != (shift.starts_at, shift.ends_at)
    before = {"starts_at": shift.starts_at.isoformat(), "capacity": shift.capacity}
    shift.starts_at, shift.ends_at = starts_at, ends_at
    shift.capacity, shift.cancel_cutoff_hours = capacity, cancel_cutoff_hours
    shift.save(update_fields=["starts_at", "ends_at", "capacity", "cancel_cutoff_hours"])
    while _promote_waitlist(shift) is not None:
        pass
    if moved:
        when = f"{timezone.localtime(starts_at):%m-%d %H:%M}"
        for signup in _live_signups(shift):
            notify(
                signup.user,
                title=_("New time for your shift: %(title)s, %(when)s")
                % {"title": shift.project.title, "when": when},
                url=reverse("volunteers:shift", args=[shift.pk]),
                category="volunteers",
                dedupe_key=f"volunteers:shift_moved:{signup.pk}:{starts_at.isoformat()}",
            )
    audit_record(
        actor=actor,
        action="volunteers.shift_update",
        target=shift,
        scope_path=shift.project.node.path,
        details={"before": before, "starts_at": starts_at.isoformat(), "capacity": capacity},
    )
    return shift


@transaction.atomic
def shift_cancel(*, actor, shift: Shift, reason: str) -> Shift:
    """Call off a shift that has not started: every sign-up is cancelled and its volunteer told
    why. Cancelling twice changes nothing (and tells nobody twice)."""
    shift = _locked_shift(shift)
    _require_organiser(actor, shift.project)
    if shift.status == Shift.Status.CANCELLED:
        return shift
    reason = reason.strip()
    if not reason:
        raise refuse(_("Please say why the shift is cancelled."), "no_reason")
    if shift.starts_at <= timezone.now():
        raise refuse(_("This shift has already started."), "shift_started")
    signups = list(_live_signups(shift))
    shift.status = Shift.Status.CANCELLED
    shift.cancel_reason = reason[:200]
    shift.save(update_fields=["status", "cancel_reason"])
    Signup.objects.filter(pk__in=[s.pk for s in signups]).update(status=Signup.Status.CANCELLED)
    when = f"{timezone.localtime(shift.starts_at):%m-%d %H:%M}"
    for signup in signups:
        notify(
            signup.user,
            title=_("Shift cancelled: %(title)s, %(when)s")
            % {"title": shift.project.title, "when": when},
            body=reason,
            url=reverse("volunteers:shift", args=[shift.pk]),
            category="volunteers",
            dedupe_key=f"volunteers:shift_cancelled:{signup.pk}",
        )
    audit_record(
        actor=actor,
        action="volunteers.shift_cancel",
        target=shift,
        scope_path=shift.project.node.path,
        details={"reason": reason, "signups_cancelled": len(signups)},
    )
    return shift
