"""Two residents booking the same slot at the same instant: exactly one wins (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection

from bookings import services
from bookings.models import Booking
from tests.bookings.conftest import at

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as error:  # collected and asserted on by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_simultaneous_bookings_of_one_slot_leave_one(resident, neighbour, venue):
    errors = _race(
        [
            lambda user=user: services.booking_request(
                user=user,
                venue=venue,
                starts_at=at(3, 10),
                ends_at=at(3, 12),
                purpose="同时",
                attendees=4,
            )
            for user in (resident, neighbour)
        ]
    )
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert Booking.objects.count() == 1


def test_the_exclusion_constraint_refuses_an_overlap_written_past_the_service(resident, venue):
    Booking.objects.create(
        venue=venue,
        booker=resident,
        purpose="a",
        attendees=1,
        starts_at=at(3, 10),
        ends_at=at(3, 12),
    )
    # Back to back is allowed by the constraint too ([) ranges) ...
    Booking.objects.create(
        venue=venue,
        booker=resident,
        purpose="b",
        attendees=1,
        starts_at=at(3, 12),
        ends_at=at(3, 13),
    )
    # ... a cancelled booking holds nothing ...
    Booking.objects.create(
        venue=venue,
        booker=resident,
        purpose="c",
        attendees=1,
        starts_at=at(3, 11),
        ends_at=at(3, 12),
        status=Booking.Status.CANCELLED,
    )
    # ... and an overlap is refused by the database itself.
    with pytest.raises(IntegrityError):
        Booking.objects.create(
            venue=venue,
            booker=resident,
            purpose="d",
            attendees=1,
            starts_at=at(3, 11, 59),
            ends_at=at(3, 12, 30),
        )
