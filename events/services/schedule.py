"""Writes on events and their sessions: create, change, publish, cancel, materialise sessions,
reserve their venues."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from bookings.models import Booking, Venue
from bookings.services.venues import booking_release, booking_request
from communities.scoping import scope_for_user
from core.images import image_clean
from events import recurrence
from events.models import Event, Occurrence, Registration
from events.selectors import event_can_manage
from notifications.services import notify

HORIZON_DAYS = 90
MAX_REMINDER_MINUTES = 7 * 24 * 60


def _require_manager(actor, event: Event) -> None:
    if actor is None:
        return  # the system (demo data, beat tasks)
    if not event_can_manage(user=actor, event=event):
        raise PermissionDenied(_("You may not manage events of this place."))


def event_validate(event: Event) -> None:
    """The checks of event_save that need no database lock (forms call it to show errors)."""
    if event.pk and event.status == Event.Status.CANCELLED:
        # Its sessions are called off and their people told; a change would go unnoticed.
        raise ValidationError(
            _("A cancelled event can no longer be changed."), code="event_cancelled"
        )
    if event.ends_at <= event.starts_at:
        raise ValidationError(_("The end must be after the start."), code="ends_before_start")
    if event.ends_at - event.starts_at > dt.timedelta(days=1):
        raise ValidationError(_("A session may last at most one day."), code="too_long")
    event.rrule = recurrence.rule_validate(event.rrule)
    lunar = recurrence.lunar_validate(event.lunar_month, event.lunar_day)
    if lunar and event.rrule:
        raise ValidationError(
            _("Repeat by a rule or by a lunar date, not both."), code="invalid_rrule"
        )
    if lunar and recurrence.lunar_first_on_or_after(
        month=lunar[0], day=lunar[1], date=timezone.localdate(event.starts_at)
    ) != timezone.localdate(event.starts_at):
        raise ValidationError(
            _("The first session of a lunar-date activity must fall on that lunar date."),
            code="invalid_lunar",
        )
    event.exdates = recurrence.exdates_validate(event.exdates)
    if event.repeat_until and event.repeat_until < timezone.localdate(event.starts_at):
        raise ValidationError(
            _("“Repeats until” must not be before the first session."), code="invalid_until"
        )
    offsets = event.reminder_offsets or []
    if not isinstance(offsets, list) or not all(
        isinstance(o, int) and 0 < o <= MAX_REMINDER_MINUTES for o in offsets
    ):
        raise ValidationError(
            _("Reminders are whole minutes before the start, at most 7 days (10080)."),
            code="invalid_reminders",
        )
    event.reminder_offsets = sorted(set(offsets), reverse=True)
    unit = event.organiser_unit
    if unit is not None and not event.node.overlaps(unit.community):
        raise ValidationError(
            _("The co-building unit must belong to this place's community."),
            code="invalid_unit",
        )
    if event.pk and event.capacity is not None:
        fuller = Occurrence.objects.filter(
            event=event, ends_at__gte=timezone.now(), seats_taken__gt=event.capacity
        ).first()
        if fuller is not None:
            raise ValidationError(
                _("%(count)d places are already taken on %(date)s; the limit cannot go lower.")
                % {
                    "count": fuller.seats_taken,
                    "date": f"{timezone.localtime(fuller.starts_at):%Y-%m-%d}",
                },
                code="capacity_below_taken",
            )


@transaction.atomic
def event_save(
    *,
    actor,
    event: Event,
    cover_upload: UploadedFile | None = None,
    changed: list[str] | None = None,
) -> Event:
    """Create or change an event (built by a form or serializer), keeping its sessions right.

    Sessions ahead are (re)materialised; future sessions the new schedule no longer holds are
    removed when nobody registered for them, and kept (for staff to cancel) otherwise.
    """
    creating = event.pk is None
    if actor is not None and not scope_for_user(actor).manages(event.node):
        raise PermissionDenied(_("You may not manage events of this place."))
    event_validate(event)
    if cover_upload is not None:
        cleaned = image_clean(cover_upload)
        event.cover.save(f"cover-{timezone.now():%Y%m%d%H%M%S}.jpg", cleaned, save=False)
    if creating and actor is not None and event.created_by_id is None:
        event.created_by = actor
    event.save()
    if not creating:
        _sync_future_sessions(event, actor=actor)
    created = occurrences_materialise(event=event)
    audit_record(
        actor=actor,
        action="events.create" if creating else "events.change",
        target=event,
        scope_path=event.node.path,
        details={
            "fields": changed or [],
            "sessions_created": created,
            "rrule": event.rrule,
            "lunar": list(event.lunar or []),
        },
    )
    return event


def event_create(*, actor, publish: bool = False, **fields) -> Event:
    """Shorthand: build an Event from fields and save it through event_save."""
    event = Event(**fields)
    if publish:
        event.status = Event.Status.PUBLISHED
    return event_save(actor=actor, event=event)


def _sync_future_sessions(event: Event, *, actor) -> None:
    now = timezone.now()
    duration = event.ends_at - event.starts_at
    future = list(event.occurrences.filter(starts_at__gte=now, status=Occurrence.Status.SCHEDULED))
    wanted = set(
        recurrence.occurrence_starts(
            first_start=event.starts_at,
            rule=event.rrule,
            exdates=event.exdates,
            until=event.repeat_until,
            window_start=now,
            window_end=now + dt.timedelta(days=HORIZON_DAYS),
            lunar=event.lunar,
        )
    )
    wanted_utc = {start.astimezone(dt.UTC) for start in wanted}
    live = set(
        Registration.objects.filter(
            occurrence__in=future, status__in=["confirmed", "waitlisted"]
        ).values_list("occurrence_id", flat=True)
    )
    for occurrence in future:
        if occurrence.starts_at.astimezone(dt.UTC) not in wanted_utc and occurrence.pk not in live:
            occurrence_venue_free(actor=actor, occurrence=occurrence)
            occurrence.delete()
            continue
        occurrence.ends_at = occurrence.starts_at + duration
        occurrence.capacity = event.capacity
        occurrence.save(update_fields=["ends_at", "capacity"])
        occurrence_venue_moved(actor=actor, occurrence=occurrence)
    # A larger limit lets people from the queue in; locks in pk order like every other writer.
    from events.services.registrations import waitlist_promote

    for occurrence in Occurrence.objects.filter(pk__in=live).select_for_update().order_by("pk"):
        waitlist_promote(occurrence=occurrence)


def occurrences_materialise(
    *, event: Event, now: dt.datetime | None = None, horizon_days: int = HORIZON_DAYS
) -> int:
    """Create the sessions of the next `horizon_days` that do not exist yet; returns how many.

    Idempotent (unique event + start; conflicts ignored), so the daily beat task and every save
    can call it. A one-off event gets its single session whatever the horizon.
    """
    if event.status == Event.Status.CANCELLED:
        return 0
    now = now or timezone.now()
    if event.is_recurring:
        window_start = max(event.starts_at, now)
        window_end = now + dt.timedelta(days=horizon_days)
    else:
        window_start, window_end = event.starts_at, event.starts_at
    starts = recurrence.occurrence_starts(
        first_start=event.starts_at,
        rule=event.rrule,
        exdates=event.exdates,
        until=event.repeat_until,
        window_start=window_start,
        window_end=window_end,
        lunar=event.lunar,
    )
    if not starts:
        return 0
    duration = event.ends_at - event.starts_at
    existing = set(
        event.occurrences.filter(starts_at__in=starts).values_list("starts_at", flat=True)
    )
    new = [
        Occurrence(event=event, starts_at=s, ends_at=s + duration, capacity=event.capacity)
        for s in starts
        if s not in existing
    ]
    Occurrence.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def event_publish(*, actor, event: Event) -> Event:
    _require_manager(actor, event)
    if event.status != Event.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."), code="not_draft")
    event.status = Event.Status.PUBLISHED
    event.save(update_fields=["status"])
    occurrences_materialise(event=event)
    audit_record(actor=actor, action="events.publish", target=event, scope_path=event.node.path)
    return event


def _notify_cancelled(occurrence: Occurrence, reason: str) -> None:
    url = reverse("events:detail", args=[occurrence.pk])
    when = f"{timezone.localtime(occurrence.starts_at):%m-%d %H:%M}"
    registrations = Registration.objects.filter(
        occurrence=occurrence, status__in=["confirmed", "waitlisted"]
    ).select_related("user")
    for registration in registrations:
        notify(
            registration.user,
            title=_("Cancelled: %(title)s (%(when)s)")
            % {"title": occurrence.event.title, "when": when},
            body=reason,
            url=url,
            category="events",
            dedupe_key=f"events:cancelled:{registration.pk}",
        )


@transaction.atomic
def occurrence_cancel(*, actor, occurrence: Occurrence, reason: str) -> Occurrence:
    """Call off one session; everyone registered or waiting is told why."""
    _require_manager(actor, occurrence.event)
    if not reason.strip():
        raise ValidationError(_("Please say why the session is cancelled."), code="no_reason")
    occurrence = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    if occurrence.status == Occurrence.Status.CANCELLED:
        return occurrence
    occurrence.status = Occurrence.Status.CANCELLED
    occurrence.save(update_fields=["status"])
    occurrence_venue_free(actor=actor, occurrence=occurrence)
    _notify_cancelled(occurrence, reason)
    audit_record(
        actor=actor,
        action="events.cancel_session",
        target=occurrence,
        scope_path=occurrence.event.node.path,
        details={"reason": reason},
    )
    return occurrence


@transaction.atomic
def event_cancel(*, actor, event: Event, reason: str) -> Event:
    """Call off the whole event: every session still ahead is cancelled and its people told."""
    _require_manager(actor, event)
    if not reason.strip():
        raise ValidationError(_("Please say why the event is cancelled."), code="no_reason")
    for occurrence in event.occurrences.filter(
        ends_at__gte=timezone.now(), status=Occurrence.Status.SCHEDULED
    ).order_by("pk"):
        occurrence_cancel(actor=actor, occurrence=occurrence, reason=reason)
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="events.cancel",
        target=event,
        scope_path=event.node.path,
        details={"reason": reason},
    )
    return event


# --- the session's venue: a booking made through the bookings service (its overlap rules, and
# the exclusion constraint on PostgreSQL, apply), freed or moved with the session.
def _held(booking: Booking | None) -> bool:
    return booking is not None and booking.status in Booking.HELD


@transaction.atomic
def occurrence_venue_set(*, actor, occurrence: Occurrence, venue: Venue | None) -> Booking | None:
    """Hold `venue` for the session's time (None frees the one held); returns the booking."""
    _require_manager(actor, occurrence.event)
    occurrence = (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("event", "venue_booking")
        .get(pk=occurrence.pk)
    )
    previous = occurrence.venue_booking if _held(occurrence.venue_booking) else None
    if venue is not None and occurrence.status == Occurrence.Status.CANCELLED:
        raise ValidationError(_("A cancelled session cannot reserve a venue."), code="cancelled")
    if (
        previous is not None
        and venue is not None
        and previous.venue_id == venue.pk
        and (previous.starts_at, previous.ends_at) == (occurrence.starts_at, occurrence.ends_at)
    ):
        return previous
    # Freed first so a session moving within its own venue does not overlap itself; a refused
    # new booking rolls the release back with it.
    if previous is not None:
        booking_release(actor=actor, booking=previous)
    booking = None
    if venue is not None:
        booking = booking_request(
            user=actor,
            venue=venue,
            starts_at=occurrence.starts_at,
            ends_at=occurrence.ends_at,
            purpose=occurrence.event.title[:200],
            attendees=occurrence.capacity or 1,
        )
    occurrence.venue_booking = booking
    occurrence.save(update_fields=["venue_booking"])
    return booking


def occurrence_venue_free(*, actor, occurrence: Occurrence) -> None:
    """The session is called off or dropped: its venue is free again (inside the caller's lock)."""
    if occurrence.venue_booking_id is None:
        return
    booking = Booking.objects.get(pk=occurrence.venue_booking_id)
    if _held(booking):
        booking_release(actor=actor, booking=booking)


def occurrence_venue_moved(*, actor, occurrence: Occurrence) -> None:
    """The session's times changed: its venue moves with it (refused if the venue is taken then)."""
    if occurrence.venue_booking_id is None:
        return
    booking = Booking.objects.select_related("venue").get(pk=occurrence.venue_booking_id)
    if _held(booking):
        occurrence_venue_set(actor=actor, occurrence=occurrence, venue=booking.venue)
