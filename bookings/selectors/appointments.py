"""What residents may book (slots of providers serving their home) and what a counter sees."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, QuerySet
from django.utils import timezone

from bookings.models import Appointment, Provider, Slot
from bookings.selectors.providers import providers_serving
from communities.models import Household


def slots_open_for(household: Household, *, limit_days: int = 14) -> QuerySet[Slot]:
    """Future slots with a place left, of active services of providers serving the home."""
    now = timezone.now()
    providers = providers_serving(household.node)
    return (
        Slot.objects.filter(
            offer__provider__in=providers,
            offer__is_active=True,
            starts_at__gt=now,
            starts_at__lt=now + dt.timedelta(days=limit_days),
            booked__lt=F("capacity"),
        )
        .select_related("offer__provider")
        .order_by("starts_at", "pk")
    )


def appointments_of_person(user) -> QuerySet[Appointment]:
    """The appointments a user holds or booked for someone, from a fortnight back (to rate)."""
    from django.db.models import Q

    return (
        Appointment.objects.filter(Q(person=user) | Q(booked_by=user))
        .filter(slot__ends_at__gte=timezone.now() - dt.timedelta(days=14))
        .select_related("slot__offer__provider", "person")
        .order_by("slot__starts_at", "pk")
    )


def appointments_of_day(provider: Provider, day: dt.date) -> QuerySet[Appointment]:
    """The counter's list: every appointment of the provider on a local day."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    return (
        Appointment.objects.filter(
            slot__offer__provider=provider,
            slot__starts_at__gte=start,
            slot__starts_at__lt=start + dt.timedelta(days=1),
        )
        .select_related("slot__offer", "person")
        .order_by("slot__starts_at", "person_id", "pk")
    )
