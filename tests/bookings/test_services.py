"""Booking rules: opening hours, capacity, overlaps at their edges, approval and cancelling."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from bookings import services
from bookings.models import Booking
from notifications.models import Message
from tests.accounts.factories import UserFactory
from tests.bookings.conftest import at


def book(user, venue, start, end, attendees=5):
    return services.booking_request(
        user=user, venue=venue, starts_at=start, ends_at=end, purpose="排练", attendees=attendees
    )


def test_a_resident_books_and_it_waits_for_approval(resident, venue):
    booking = book(resident, venue, at(3, 9), at(3, 11))
    assert booking.status == Booking.Status.PENDING
    assert AuditEntry.objects.filter(action="bookings.request").count() == 1


def test_a_venue_without_approval_confirms_at_once(resident, open_venue):
    assert book(resident, open_venue, at(3, 9), at(3, 10)).status == Booking.Status.APPROVED


def test_adjacent_bookings_fit_and_overlaps_are_refused(resident, neighbour, venue):
    book(resident, venue, at(3, 10), at(3, 12))
    book(neighbour, venue, at(3, 12), at(3, 13))  # starts when the first ends
    book(neighbour, venue, at(3, 9), at(3, 10))  # ends when the first starts
    for start, end in [
        (at(3, 11, 59), at(3, 12, 30)),
        (at(3, 9, 30), at(3, 10, 1)),
        (at(3, 10, 30), at(3, 11)),
        (at(3, 8, 30), at(3, 14)),
    ]:
        with pytest.raises(ValidationError, match="已被预约"):
            book(neighbour, venue, start, end)
    assert Booking.objects.count() == 3


def test_a_cancelled_or_refused_booking_frees_the_slot(resident, neighbour, venue, tapo_staff):
    first = book(resident, venue, at(3, 10), at(3, 12))
    services.booking_cancel(user=resident, booking=first)
    second = book(neighbour, venue, at(3, 10), at(3, 12))
    services.booking_decide(user=tapo_staff, booking=second, approve=False, reason="装修")
    assert book(resident, venue, at(3, 10), at(3, 12)).status == Booking.Status.PENDING


def test_outside_opening_hours_is_refused_at_the_edges(resident, venue):
    book(resident, venue, at(3, 8, 30), at(3, 9))  # opens 08:30
    book(resident, venue, at(3, 20), at(3, 21))  # closes 21:00
    for start, end in [
        (at(3, 8, 29), at(3, 9)),
        (at(3, 20, 30), at(3, 21, 1)),
        (at(3, 20), at(4, 9)),
    ]:
        with pytest.raises(ValidationError, match="开放时间"):
            book(resident, venue, start, end)


def test_past_backwards_and_too_many_people_are_refused(resident, venue):
    with pytest.raises(ValidationError):
        book(resident, venue, at(2, 7), at(2, 9))  # before "now" (08:00 on the 2nd)
    with pytest.raises(ValidationError):
        book(resident, venue, at(3, 11), at(3, 10))
    with pytest.raises(ValidationError, match="30"):
        book(resident, venue, at(3, 10), at(3, 11), attendees=31)
    assert book(resident, venue, at(3, 10), at(3, 11), attendees=30)


def test_only_people_of_the_community_may_book(venue, tree, baoan_staff):
    from tests.consultations.factories import live_in

    outsider = live_in(tree["保安社区"]["households"][0]).user
    for user in (outsider, baoan_staff, UserFactory()):
        with pytest.raises(PermissionDenied):
            book(user, venue, at(3, 10), at(3, 11))


def test_staff_approve_and_the_booker_is_told(resident, venue, tapo_staff):
    booking = book(resident, venue, at(3, 10), at(3, 11))
    services.booking_decide(user=tapo_staff, booking=booking, approve=True)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.APPROVED
    assert booking.decided_by == tapo_staff
    message = Message.objects.get(recipient=resident)
    assert "已确认" in message.title
    with pytest.raises(ValidationError):
        services.booking_decide(user=tapo_staff, booking=booking, approve=False)


def test_refusal_tells_the_reason_and_other_staff_cannot_decide(
    resident, venue, tapo_staff, baoan_staff
):
    booking = book(resident, venue, at(3, 10), at(3, 11))
    with pytest.raises(PermissionDenied):
        services.booking_decide(user=baoan_staff, booking=booking, approve=True)
    services.booking_decide(user=tapo_staff, booking=booking, approve=False, reason="场地维修")
    message = Message.objects.get(recipient=resident)
    assert "未通过" in message.title
    assert message.body == "场地维修"


def test_cancel_only_your_own_and_only_before_it_starts(resident, neighbour, venue, time_machine):
    booking = book(resident, venue, at(3, 10), at(3, 11))
    with pytest.raises(PermissionDenied):
        services.booking_cancel(user=neighbour, booking=booking)
    time_machine.move_to(at(3, 10), tick=False)
    with pytest.raises(ValidationError):
        services.booking_cancel(user=resident, booking=booking)
