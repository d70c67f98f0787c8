"""Eight residents booking a slot of three places at the same instant: exactly three win."""

import pytest
from django.core.exceptions import ValidationError

from bookings import services
from bookings.models import Appointment, Slot
from tests.bookings.conftest import at
from tests.bookings.test_concurrency import _race
from tests.consultations.factories import live_in

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_bookings_fill_exactly_the_capacity(tapo, bathing, tapo_staff):
    slot = services.slot_create(
        actor=tapo_staff, offer=bathing, starts_at=at(3, 9), ends_at=at(3, 10), capacity=3
    )
    people = [live_in(household).user for household in tapo["households"][:8]]
    errors = _race(
        [
            lambda user=user: services.appointment_book(actor=user, person=user, slot=slot)
            for user in people
        ]
    )
    assert len(errors) == 5
    assert all(isinstance(error, ValidationError) and error.code == "full" for error in errors)
    assert Appointment.objects.filter(status="booked").count() == 3
    assert Slot.objects.get().booked == 3
