"""Appointment slots: the catalogue, booking (also for a relative), capacity, cancellation."""

import pytest
from django.core.exceptions import ValidationError

from bookings import services
from bookings.models import Appointment, Slot
from tests.accounts.factories import UserFactory
from tests.bookings.conftest import at
from tests.consultations.factories import live_in

pytestmark = pytest.mark.django_db


def _code(call) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.code


def test_booking_takes_a_place_and_cancelling_gives_it_back(slot, resident):
    appointment = services.appointment_book(actor=resident, person=resident, slot=slot)
    slot.refresh_from_db()
    assert appointment.status == "booked" and slot.booked == 1 and slot.left == 1
    services.appointment_cancel(actor=resident, appointment=appointment)
    slot.refresh_from_db()
    assert slot.booked == 0
    assert Appointment.objects.get().status == "cancelled"


def test_a_full_slot_and_a_second_booking_are_refused(slot, resident, neighbour, tapo):
    services.appointment_book(actor=resident, person=resident, slot=slot)
    assert (
        _code(lambda: services.appointment_book(actor=resident, person=resident, slot=slot))
        == "already_booked"
    )
    services.appointment_book(actor=neighbour, person=neighbour, slot=slot)
    third = live_in(tapo["households"][2]).user
    assert _code(lambda: services.appointment_book(actor=third, person=third, slot=slot)) == "full"
    assert Slot.objects.get().booked == 2


def test_a_daughter_books_for_her_father_and_a_stranger_cannot(slot, father, daughter):
    appointment = services.appointment_book(actor=daughter, person=father, slot=slot)
    assert appointment.person == father and appointment.booked_by == daughter
    stranger = UserFactory()
    code = _code(lambda: services.appointment_book(actor=stranger, person=father, slot=slot))
    assert code == "not_allowed"


def test_another_communitys_resident_is_not_served(slot, baoan):
    outsider = live_in(baoan["households"][0]).user
    code = _code(lambda: services.appointment_book(actor=outsider, person=outsider, slot=slot))
    assert code == "not_served"


def test_no_booking_or_cancelling_once_the_slot_has_begun(slot, resident, time_machine):
    appointment = services.appointment_book(actor=resident, person=resident, slot=slot)
    time_machine.move_to(at(3, 9), tick=False)
    assert (
        _code(lambda: services.appointment_cancel(actor=resident, appointment=appointment))
        == "closed"
    )


def test_only_the_providers_people_publish_services_and_slots(home_service, baoan_staff, bathing):
    assert (
        _code(
            lambda: services.service_offer_create(
                actor=baoan_staff, provider=home_service, kind="haircut", name="理发"
            )
        )
        == "not_allowed"
    )
    assert (
        _code(
            lambda: services.slot_create(
                actor=baoan_staff, offer=bathing, starts_at=at(3, 9), ends_at=at(3, 10), capacity=1
            )
        )
        == "not_allowed"
    )


def test_a_slot_is_checked(bathing, tapo_staff):
    for starts, ends, capacity, code in (
        (at(3, 10), at(3, 9), 1, "invalid_time"),
        (at(1, 9), at(1, 10), 1, "past"),
        (at(3, 9), at(3, 10), 0, "invalid_capacity"),
    ):
        assert (
            _code(
                lambda s=starts, e=ends, c=capacity: services.slot_create(
                    actor=tapo_staff, offer=bathing, starts_at=s, ends_at=e, capacity=c
                )
            )
            == code
        )
