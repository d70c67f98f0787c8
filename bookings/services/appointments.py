"""Appointment slots: a provider's staff publish services and slots; residents (or whoever may
act for them: a checked relative, the captain) book and cancel; the counter marks them.

No overbooking: a booking raises `Slot.booked` by a conditional UPDATE (booked < capacity), so
of N racing bookings for fewer places exactly the capacity succeed, without a lock held across
the checks; a cancellation lowers it in the same transaction as the status change.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from bookings.models import Appointment, Provider, ServiceOffer, Slot
from bookings.selectors.canteen import home_of, may_order_for
from bookings.selectors.providers import provider_is_staff, provider_managed_by, provider_serves
from communities.acting import act_for_record


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def may_run_provider(user, provider: Provider) -> bool:
    """The provider's own staff, or staff looking after the provider's place."""
    return provider_is_staff(user=user, provider=provider) or provider_managed_by(user, provider)


@transaction.atomic
def service_offer_create(
    *, actor, provider: Provider, kind: str, name: str, description: str = ""
) -> ServiceOffer:
    if not may_run_provider(actor, provider):
        raise _refuse(_("Only the provider's staff can change its services."), "not_allowed")
    if kind not in ServiceOffer.Kind.values:
        raise _refuse(_("Choose the kind of service."), "invalid_kind")
    if not (name or "").strip():
        raise _refuse(_("Give the service's name."), "missing_name")
    offer = ServiceOffer.objects.create(
        provider=provider, kind=kind, name=name.strip(), description=description.strip()
    )
    audit_record(
        actor=actor,
        action="bookings.service_offer_create",
        target=offer,
        scope_path=provider.node.path,
        details={"kind": kind},
    )
    return offer


@transaction.atomic
def slot_create(
    *, actor, offer: ServiceOffer, starts_at: dt.datetime, ends_at: dt.datetime, capacity: int
) -> Slot:
    provider = offer.provider
    if not may_run_provider(actor, provider):
        raise _refuse(_("Only the provider's staff can change its services."), "not_allowed")
    if ends_at <= starts_at:
        raise _refuse(_("A slot must end after it starts."), "invalid_time")
    if starts_at <= timezone.now():
        raise _refuse(_("A slot must start in the future."), "past")
    if not 1 <= capacity <= 1000:
        raise _refuse(_("The capacity must be between 1 and 1000."), "invalid_capacity")
    slot = Slot.objects.create(offer=offer, starts_at=starts_at, ends_at=ends_at, capacity=capacity)
    audit_record(
        actor=actor,
        action="bookings.slot_create",
        target=slot,
        scope_path=provider.node.path,
        details={"capacity": capacity},
    )
    return slot


@transaction.atomic
def appointment_book(*, actor, person, slot: Slot) -> Appointment:
    """Book `slot` for `person` (the actor, or acting for them: 代办).

    Refused (ValidationError with a code) when the actor may not act for the person
    (not_allowed), the provider does not serve their home (not_served), the slot has begun
    (closed), the person already holds it (already_booked) or it is full (full).
    """
    household = home_of(person)
    if household is None:
        raise _refuse(_("This person has no registered home here."), "no_home")
    if not may_order_for(actor, person, household):
        raise _refuse(_("You cannot book for this person."), "not_allowed")
    slot = Slot.objects.select_related("offer__provider__node").get(pk=slot.pk)
    offer = slot.offer
    if not (offer.is_active and offer.provider.is_active):
        raise _refuse(_("This service is no longer offered."), "inactive")
    if not provider_serves(offer.provider, household.node):
        raise _refuse(_("This provider does not serve your home."), "not_served")
    if timezone.now() >= slot.starts_at:
        raise _refuse(_("This slot has already begun."), "closed")
    if Appointment.objects.filter(slot=slot, person=person).exclude(status="cancelled").exists():
        raise _refuse(_("This slot is already booked for this person."), "already_booked")
    # The conditional update is the capacity check: only a row still below capacity is raised.
    raised = Slot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(
        booked=F("booked") + 1
    )
    if not raised:
        raise _refuse(_("This slot is full; choose another time."), "full")
    try:
        with transaction.atomic():
            appointment = Appointment.objects.create(slot=slot, person=person, booked_by=actor)
    except IntegrityError:
        # The same person booked twice at the same instant: the unique constraint answers.
        raise _refuse(_("This slot is already booked for this person."), "already_booked") from None
    act_for_record(
        actor=actor,
        person=person,
        action="bookings.appointment_book",
        target=appointment,
        scope_path=household.node.path,
        details={"slot": slot.pk},
    )
    return appointment


def _locked(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("slot__offer__provider__node", "person")
        .get(pk=appointment.pk)
    )


@transaction.atomic
def appointment_cancel(*, actor, appointment: Appointment) -> Appointment:
    """Cancel before the slot begins (whoever may book for the person, or the provider)."""
    appointment = _locked(appointment)
    provider = appointment.slot.offer.provider
    if not (may_order_for(actor, appointment.person) or may_run_provider(actor, provider)):
        raise _refuse(_("You cannot change this appointment."), "not_allowed")
    if appointment.status != Appointment.Status.BOOKED:
        raise _refuse(_("This appointment can no longer be cancelled."), "not_open")
    if timezone.now() >= appointment.slot.starts_at:
        raise _refuse(_("This slot has already begun; call the provider."), "closed")
    appointment.status = Appointment.Status.CANCELLED
    appointment.save(update_fields=["status"])
    Slot.objects.filter(pk=appointment.slot_id).update(booked=F("booked") - 1)
    audit_record(
        actor=actor,
        action="bookings.appointment_cancel",
        target=appointment,
        scope_path=provider.node.path,
        details={"person": appointment.person_id},
    )
    return appointment
