"""Appointment slots: a provider's staff publish services and slots; residents (or whoever may
act for them: a checked relative, the captain) book and cancel; the counter marks them.

No overbooking: a booking raises `Slot.booked` by a conditional UPDATE (booked < capacity), so
of N racing bookings for fewer places exactly the capacity succeed, without a lock held across
the checks; a cancellation lowers it in the same transaction as the status change.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from bookings.models import Appointment, Provider, ServiceOffer, Slot
from bookings.selectors.appointments import offer_serves
from bookings.selectors.canteen import home_of, may_order_for
from bookings.selectors.providers import may_run_provider, provider_serves
from communities.acting import act_for_record
from points.models import Currency, Posting
from points.services import (
    InsufficientBalance,
    account_for_user,
    posting_create,
    posting_reverse,
    system_account,
)


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


@transaction.atomic
def appointment_book(*, actor, person, slot: Slot, pay_with_hours: bool = False) -> Appointment:
    """Book `slot` for `person` (the actor, or acting for them: 代办).

    Refused (ValidationError with a code) when the actor may not act for the person
    (not_allowed), the provider does not serve their home (not_served), the slot has begun
    (closed), the person already holds it (already_booked) or it is full (full). With
    `pay_with_hours`, the person's time-bank minutes pay the provider (a ledger posting, never
    cash): no_hours where the service is not payable so, insufficient_balance when short.
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
    if slot.cancelled_at is not None:
        raise _refuse(_("The provider has called this slot off."), "cancelled")
    if timezone.now() >= slot.starts_at:
        raise _refuse(_("This slot has already begun."), "closed")
    if not offer_serves(offer, household.node):
        raise _refuse(_("This service is not offered where your home is."), "not_served")
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
            appointment = Appointment.objects.create(
                slot=slot, person=person, booked_by=actor, grid=household.node.grid
            )
    except IntegrityError:
        # The same person booked twice at the same instant: the unique constraint answers.
        raise _refuse(_("This slot is already booked for this person."), "already_booked") from None
    if pay_with_hours:
        _pay_with_hours(actor=actor, appointment=appointment, offer=offer)
    act_for_record(
        actor=actor,
        person=person,
        action="bookings.appointment_book",
        target=appointment,
        scope_path=household.node.path,
        details={"slot": slot.pk},
    )
    return appointment


def hours_account(provider: Provider):
    """The provider's account of time-bank minutes received for its services."""
    return system_account(f"provider:{provider.pk}:timebank", Currency.MINUTE, provider.name)


def _pay_key(appointment: Appointment) -> str:
    return f"bookings:appointment:{appointment.pk}:hours"


def _pay_with_hours(*, actor, appointment: Appointment, offer: ServiceOffer) -> None:
    if not offer.price_minutes:
        raise _refuse(_("This provider does not take time-bank hours for it."), "no_hours")
    try:
        posting_create(
            debit=account_for_user(appointment.person, Currency.MINUTE),
            credit=hours_account(offer.provider),
            amount=offer.price_minutes,
            key=_pay_key(appointment),
            reason=_("Service paid with time-bank hours"),
            source=appointment,
            actor=actor,
        )
    except InsufficientBalance:
        raise _refuse(
            _("Not enough time-bank hours: this service costs %(hours)s hours.")
            % {"hours": f"{offer.price_minutes / 60:g}"},
            "insufficient_balance",
        ) from None
    appointment.paid_minutes = offer.price_minutes
    appointment.save(update_fields=["paid_minutes"])


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
    paid = Posting.objects.filter(key=_pay_key(appointment)).first()
    if paid is not None:
        # The hours go back to the person: the provider's account is a system account.
        posting_reverse(
            posting=paid,
            key=f"{_pay_key(appointment)}:cancel",
            reason=_("Appointment cancelled"),
            actor=actor,
        )
    audit_record(
        actor=actor,
        action="bookings.appointment_cancel",
        target=appointment,
        scope_path=provider.node.path,
        details={"person": appointment.person_id},
    )
    return appointment
