"""A provider's catalogue: the services it offers and the slots it opens for them.

Its own staff (or the staff looking after the provider's place) write here; every write is
audited in its transaction. Cancelling a slot cancels each appointment in it through
`appointment_cancel` (so time-bank payments are given back by the one rule there) and tells
the people booked after commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from bookings.models import Appointment, Provider, ServiceOffer, Slot
from bookings.selectors.providers import may_run_provider, provider_serves
from bookings.services.appointments import appointment_cancel
from communities.models import Node
from notifications.services import notify

MAX_CAPACITY = 1000
MAX_PRICE_MINUTES = 24 * 60
MAX_WEEKS = 26
MAX_SLOTS_AT_ONCE = 400
# Times are opened at most a year ahead (also keeps date arithmetic far from its limits).
MAX_DAYS_AHEAD = 366


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _require_runner(actor, provider: Provider) -> None:
    if not may_run_provider(actor, provider):
        raise _refuse(_("Only the provider's staff can change its services."), "not_allowed")


def _check_offer(
    *,
    provider: Provider,
    kind: str,
    name: str,
    duration_minutes: int,
    capacity: int,
    price_minutes: int,
    places: list[Node],
) -> None:
    if kind not in ServiceOffer.Kind.values:
        raise _refuse(_("Choose the kind of service."), "invalid_kind")
    if not (name or "").strip():
        raise _refuse(_("Give the service's name."), "missing_name")
    if not 5 <= duration_minutes <= 12 * 60:
        raise _refuse(_("A service lasts between 5 minutes and 12 hours."), "invalid_duration")
    if not 1 <= capacity <= MAX_CAPACITY:
        raise _refuse(_("The capacity must be between 1 and 1000."), "invalid_capacity")
    if not 0 <= price_minutes <= MAX_PRICE_MINUTES:
        raise _refuse(_("The time-bank price must be at most 24 hours."), "invalid_price")
    for place in places:
        if not provider_serves(provider, place):
            raise _refuse(
                _("%(place)s is not among the places the provider serves.")
                % {"place": place.full_name},
                "place_outside",
            )


@transaction.atomic
def service_offer_create(
    *,
    actor,
    provider: Provider,
    kind: str,
    name: str,
    description: str = "",
    duration_minutes: int = 60,
    capacity: int = 1,
    price_minutes: int = 0,
    places: Iterable[Node] = (),
) -> ServiceOffer:
    """Add a service to the provider's catalogue. `price_minutes` 0: no time-bank hours taken;
    `places` empty: offered wherever the provider serves, otherwise only there (each within
    the provider's places, else place_outside)."""
    _require_runner(actor, provider)
    places = list(places)
    _check_offer(
        provider=provider,
        kind=kind,
        name=name,
        duration_minutes=duration_minutes,
        capacity=capacity,
        price_minutes=price_minutes,
        places=places,
    )
    offer = ServiceOffer.objects.create(
        provider=provider,
        kind=kind,
        name=name.strip(),
        description=(description or "").strip(),
        duration_minutes=duration_minutes,
        capacity=capacity,
        price_minutes=price_minutes,
    )
    offer.places.set(places)
    audit_record(
        actor=actor,
        action="bookings.service_offer_create",
        target=offer,
        scope_path=provider.node.path,
        details={"kind": kind, "places": [place.code for place in places]},
    )
    return offer


OFFER_FIELDS = {
    "kind",
    "name",
    "description",
    "duration_minutes",
    "capacity",
    "price_minutes",
    "is_active",
}


@transaction.atomic
def service_offer_update(
    *, actor, offer: ServiceOffer, places: Iterable[Node] | None = None, **fields
) -> ServiceOffer:
    """Change a service (its slots already open keep their own times and capacity); an
    inactive service is no longer booked, the appointments already made stay."""
    offer = (
        ServiceOffer.objects.select_for_update(of=("self",))
        .select_related("provider__node")
        .get(pk=offer.pk)
    )
    unknown = set(fields) - OFFER_FIELDS
    if unknown:
        raise ValueError(f"service_offer_update cannot change {sorted(unknown)}")
    _require_runner(actor, offer.provider)
    places = list(places) if places is not None else list(offer.places.all())
    for name, value in fields.items():
        setattr(offer, name, value.strip() if isinstance(value, str) else value)
    _check_offer(
        provider=offer.provider,
        kind=offer.kind,
        name=offer.name,
        duration_minutes=offer.duration_minutes,
        capacity=offer.capacity,
        price_minutes=offer.price_minutes,
        places=places,
    )
    if fields:
        offer.save(update_fields=sorted(fields))
    offer.places.set(places)
    audit_record(
        actor=actor,
        action="bookings.service_offer_update",
        target=offer,
        scope_path=offer.provider.node.path,
        details={"fields": sorted(fields), "places": [place.code for place in places]},
    )
    return offer


def _check_slot(offer: ServiceOffer, starts_at: dt.datetime, ends_at: dt.datetime, capacity):
    if not offer.is_active:
        raise _refuse(_("This service is no longer offered."), "inactive")
    if ends_at <= starts_at:
        raise _refuse(_("A slot must end after it starts."), "invalid_time")
    if starts_at <= timezone.now():
        raise _refuse(_("A slot must start in the future."), "past")
    if not 1 <= capacity <= MAX_CAPACITY:
        raise _refuse(_("The capacity must be between 1 and 1000."), "invalid_capacity")


def _refuse_too_far(first: dt.date | dt.datetime) -> None:
    """A day or an instant (compared as such: a local day of year 9999 would overflow)."""
    now = timezone.now() if isinstance(first, dt.datetime) else timezone.localdate()
    if first > now + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise _refuse(_("Open times at most a year ahead."), "too_far")


def _refuse_duplicates(offer: ServiceOffer, starts: list[dt.datetime]) -> None:
    taken = (
        Slot.objects.filter(offer=offer, starts_at__in=starts, cancelled_at__isnull=True)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    if taken is not None:
        raise _refuse(
            _("This service already has a slot at %(time)s.")
            % {"time": timezone.localtime(taken).strftime("%Y-%m-%d %H:%M")},
            "duplicate",
        )


@transaction.atomic
def slot_create(
    *,
    actor,
    offer: ServiceOffer,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    capacity: int | None = None,
) -> Slot:
    """Open one slot; it lasts the service's duration and takes its capacity unless given."""
    provider = offer.provider
    _require_runner(actor, provider)
    _refuse_too_far(starts_at)
    ends_at = ends_at or starts_at + dt.timedelta(minutes=offer.duration_minutes)
    capacity = offer.capacity if capacity is None else capacity
    _check_slot(offer, starts_at, ends_at, capacity)
    _refuse_duplicates(offer, [starts_at])
    slot = Slot.objects.create(offer=offer, starts_at=starts_at, ends_at=ends_at, capacity=capacity)
    audit_record(
        actor=actor,
        action="bookings.slot_create",
        target=slot,
        scope_path=provider.node.path,
        details={"capacity": capacity},
    )
    return slot


def weekly_times(
    *,
    first_day: dt.date,
    weekdays: Iterable[int],
    starts: dt.time,
    ends: dt.time,
    weeks: int,
    split_minutes: int = 0,
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The (start, end) local instants of a weekly pattern: on each of `weekdays` (0 Monday)
    from `first_day` for `weeks` weeks, `starts`–`ends`, cut into `split_minutes` pieces when
    given (a haircut every 30 minutes from 9 to 11 is four slots)."""
    tz = timezone.get_current_timezone()
    days = sorted(set(weekdays))
    times = []
    for offset in range(weeks * 7):
        day = first_day + dt.timedelta(days=offset)
        if day.weekday() not in days:
            continue
        start = dt.datetime.combine(day, starts, tzinfo=tz)
        end = dt.datetime.combine(day, ends, tzinfo=tz)
        if not split_minutes:
            times.append((start, end))
            continue
        step = dt.timedelta(minutes=split_minutes)
        while start + step <= end:
            times.append((start, start + step))
            start += step
    return times


@transaction.atomic
def slots_create_weekly(
    *,
    actor,
    offer: ServiceOffer,
    first_day: dt.date,
    weekdays: Iterable[int],
    starts: dt.time,
    ends: dt.time,
    weeks: int,
    capacity: int | None = None,
    split: bool = False,
) -> list[Slot]:
    """Open a repeating pattern of slots at once (every Tuesday 9:00–11:00 for 8 weeks), each
    with `capacity` places; with `split`, cut into slots of the service's duration. All or
    nothing: a slot already open at one of the times, or a time past, refuses the whole."""
    provider = offer.provider
    _require_runner(actor, provider)
    weekdays = [day for day in weekdays if 0 <= day <= 6]
    if not weekdays:
        raise _refuse(_("Choose at least one day of the week."), "no_days")
    if not 1 <= weeks <= MAX_WEEKS:
        raise _refuse(_("Repeat for 1 to 26 weeks."), "invalid_weeks")
    _refuse_too_far(first_day)
    if ends <= starts:
        raise _refuse(_("A slot must end after it starts."), "invalid_time")
    capacity = offer.capacity if capacity is None else capacity
    times = weekly_times(
        first_day=first_day,
        weekdays=weekdays,
        starts=starts,
        ends=ends,
        weeks=weeks,
        split_minutes=offer.duration_minutes if split else 0,
    )
    if not times:
        raise _refuse(_("These days and times give no slot."), "no_slots")
    if len(times) > MAX_SLOTS_AT_ONCE:
        raise _refuse(_("At most 400 slots can be opened at once."), "too_many")
    for starts_at, ends_at in times:
        _check_slot(offer, starts_at, ends_at, capacity)
    _refuse_duplicates(offer, [starts_at for starts_at, _ends in times])
    slots = Slot.objects.bulk_create(
        Slot(offer=offer, starts_at=starts_at, ends_at=ends_at, capacity=capacity)
        for starts_at, ends_at in times
    )
    audit_record(
        actor=actor,
        action="bookings.slots_create_weekly",
        target=offer,
        scope_path=provider.node.path,
        details={
            "slots": len(slots),
            "first": first_day.isoformat(),
            "weekdays": sorted(set(weekdays)),
            "weeks": weeks,
            "capacity": capacity,
        },
    )
    return slots


@transaction.atomic
def slot_cancel(*, actor, slot: Slot, reason: str = "") -> Slot:
    """Call a slot off before it begins: each appointment in it is cancelled (time-bank hours
    given back by `appointment_cancel`) and the person, and whoever booked for them, told."""
    slot = (
        Slot.objects.select_for_update(of=("self",))
        .select_related("offer__provider__node")
        .get(pk=slot.pk)
    )
    provider = slot.offer.provider
    _require_runner(actor, provider)
    if slot.cancelled_at is not None:
        raise _refuse(_("This slot is already called off."), "already_cancelled")
    if timezone.now() >= slot.starts_at:
        raise _refuse(_("This slot has already begun."), "closed")
    reason = (reason or "").strip()[:200]
    booked = list(
        Appointment.objects.filter(slot=slot, status=Appointment.Status.BOOKED).order_by("pk")
    )
    for appointment in booked:
        appointment_cancel(actor=actor, appointment=appointment)
    slot.cancelled_at = timezone.now()
    slot.save(update_fields=["cancelled_at"])
    audit_record(
        actor=actor,
        action="bookings.slot_cancel",
        target=slot,
        scope_path=provider.node.path,
        details={"appointments": len(booked), "reason": reason},
    )
    for appointment in booked:
        _tell_called_off(slot, appointment, reason)
    return slot


def _tell_called_off(slot: Slot, appointment: Appointment, reason: str) -> None:
    title = _("%(service)s on %(time)s is called off") % {
        "service": slot.offer.name,
        "time": timezone.localtime(slot.starts_at).strftime("%m-%d %H:%M"),
    }
    body = _("%(provider)s cannot keep this time. Please choose another one.") % {
        "provider": slot.offer.provider.name
    }
    if appointment.paid_minutes:
        body += " " + _("The time-bank hours you paid were given back.")
    if reason:
        body += " " + reason
    recipients = {appointment.person}
    if appointment.booked_by_id and appointment.booked_by_id != appointment.person_id:
        recipients.add(appointment.booked_by)
    for user in recipients:
        # notify() queues its copies after commit; keyed so a retried call sends once.
        notify(
            user,
            title=title,
            body=body,
            url=reverse("bookings:appointments"),
            category="bookings",
            important=True,
            dedupe_key=f"bookings:appointment:{appointment.pk}:called-off:{user.pk}",
        )
