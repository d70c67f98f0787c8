"""What residents may book (slots of providers serving their home) and what a counter sees."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from bookings.models import Appointment, Provider, ServiceOffer, Slot
from bookings.selectors.providers import may_run_provider, providers_serving
from communities.models import Household, Node


def offer_serves(offer: ServiceOffer, node: Node | None) -> bool:
    """Whether a service is offered at the place: its own places when it names some (within
    the provider's), otherwise wherever the provider serves (asked separately)."""
    if node is None:
        return False
    places = list(offer.places.all())
    return not places or any(node.is_descendant_of(place) for place in places)


def offers_open_for(household: Household) -> QuerySet[ServiceOffer]:
    """Active services of providers serving the home; a service naming places of its own
    only where one of them holds the home."""
    providers = providers_serving(household.node)
    open_here = Q(places__isnull=True) | Q(places__code__in=household.node.lineage_codes)
    matching = ServiceOffer.objects.filter(open_here, provider__in=providers, is_active=True)
    return ServiceOffer.objects.filter(pk__in=matching.values("pk"))


def slots_open_for(household: Household, *, limit_days: int = 14) -> QuerySet[Slot]:
    """Future slots with a place left, of the services open at the home."""
    now = timezone.now()
    return (
        Slot.objects.filter(
            offer__in=offers_open_for(household).values("pk"),
            cancelled_at__isnull=True,
            starts_at__gt=now,
            starts_at__lt=now + dt.timedelta(days=limit_days),
            booked__lt=F("capacity"),
        )
        .select_related("offer__provider")
        .order_by("starts_at", "pk")
    )


def appointments_of_person(user) -> QuerySet[Appointment]:
    """The appointments a user holds or booked for someone, from a fortnight back (to rate)."""
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


def offers_of_provider(provider: Provider) -> QuerySet[ServiceOffer]:
    """The provider's catalogue with each service's open slots to come and places booked."""
    upcoming = Q(slots__starts_at__gt=timezone.now(), slots__cancelled_at__isnull=True)
    return (
        ServiceOffer.objects.filter(provider=provider)
        .annotate(
            slots_ahead=Count("slots", filter=upcoming),
            booked_ahead=Sum("slots__booked", filter=upcoming),
        )
        .prefetch_related("places")
        .order_by("-is_active", "kind", "name", "pk")
    )


def offer_get_for_runner(*, user, pk: int) -> ServiceOffer:
    """A service of a provider the user may run, else 404."""
    offer = ServiceOffer.objects.select_related("provider__node").filter(pk=pk).first()
    if offer is None or not offer_runnable(user, offer):
        raise Http404
    return offer


def offer_runnable(user, offer: ServiceOffer) -> bool:
    """The provider pages' rule: an active provider the user works for or looks after."""
    return offer.provider.is_active and may_run_provider(user, offer.provider)


def slots_of_offer(offer: ServiceOffer, *, since: dt.date) -> QuerySet[Slot]:
    """A service's slots from a local day on, called-off ones included (shown as such)."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(since, dt.time.min, tzinfo=tz)
    return Slot.objects.filter(offer=offer, starts_at__gte=start).order_by("starts_at", "pk")


def slot_get_for_runner(*, user, pk: int) -> Slot:
    """A slot of a provider the user may run, else 404."""
    slot = Slot.objects.select_related("offer__provider__node").filter(pk=pk).first()
    if slot is None or not offer_runnable(user, slot.offer):
        raise Http404
    return slot


def appointment_get_for_runner(*, user, pk: int) -> Appointment:
    """An appointment with a provider the user may run (its counter), else 404."""
    appointment = (
        Appointment.objects.select_related("slot__offer__provider__node", "person")
        .filter(pk=pk)
        .first()
    )
    if appointment is None or not offer_runnable(user, appointment.slot.offer):
        raise Http404
    return appointment
