"""After booking: the reminder the day before, the provider marking who came (or did not),
and the person's rating of a service they received."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from bookings.models import Appointment
from bookings.selectors.providers import may_run_provider
from notifications.services import notify

MARKS = (Appointment.Status.DONE, Appointment.Status.NO_SHOW)


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _locked(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("slot__offer__provider__node")
        .get(pk=appointment.pk)
    )


@transaction.atomic
def appointment_mark(*, actor, appointment: Appointment, status: str) -> Appointment:
    """The provider records that the person was served, or did not come (once the slot began;
    a mistaken mark may be corrected while no rating was given)."""
    appointment = _locked(appointment)
    provider = appointment.slot.offer.provider
    if not may_run_provider(actor, provider):
        raise _refuse(_("Only the provider's staff can mark appointments."), "not_allowed")
    if status not in MARKS:
        raise _refuse(_("Mark the appointment served or not come."), "invalid_status")
    if appointment.status == Appointment.Status.CANCELLED or appointment.rating is not None:
        raise _refuse(_("This appointment can no longer be marked."), "not_open")
    if timezone.now() < appointment.slot.starts_at:
        raise _refuse(_("Mark an appointment once its time has come."), "too_early")
    appointment.status = status
    appointment.marked_by = actor
    appointment.save(update_fields=["status", "marked_by"])
    audit_record(
        actor=actor,
        action="bookings.appointment_mark",
        target=appointment,
        scope_path=provider.node.path,
        details={"status": status},
    )
    return appointment


@transaction.atomic
def appointment_rate(*, actor, appointment: Appointment, rating: int) -> Appointment:
    """The person served (or whoever booked for them) gives 1 to 5 stars, once."""
    appointment = _locked(appointment)
    if actor.pk not in (appointment.person_id, appointment.booked_by_id):
        raise _refuse(_("You cannot rate this appointment."), "not_allowed")
    if appointment.status != Appointment.Status.DONE:
        raise _refuse(_("Only a service received can be rated."), "not_done")
    if appointment.rating is not None:
        raise _refuse(_("This service has already been rated."), "already_rated")
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise _refuse(_("Give one to five stars."), "invalid_rating")
    appointment.rating = rating
    appointment.save(update_fields=["rating"])
    return appointment


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind each person of tomorrow's appointments (local days). Keyed per appointment, so
    a doubled beat or a rerun sends nothing twice; SMS goes to those who chose it (important)."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    start = dt.datetime.combine(tomorrow, dt.time.min, tzinfo=tz)
    due = Appointment.objects.filter(
        status=Appointment.Status.BOOKED,
        slot__starts_at__gte=start,
        slot__starts_at__lt=start + dt.timedelta(days=1),
    ).select_related("slot__offer__provider", "person")
    sent = 0
    for appointment in due.iterator():
        slot = appointment.slot
        title = _("Reminder: %(service)s tomorrow at %(time)s") % {
            "service": slot.offer.name,
            "time": timezone.localtime(slot.starts_at).strftime("%H:%M"),
        }
        body = _("%(provider)s expects you. Cancel on the page if you cannot come.") % {
            "provider": slot.offer.provider.name
        }
        notified = notify(
            appointment.person,
            title=title,
            body=body,
            url=reverse("bookings:appointments"),
            category="bookings",
            important=True,
            dedupe_key=f"bookings:appointment:{appointment.pk}:reminder",
        )
        sent += int(notified.created)
    return sent
