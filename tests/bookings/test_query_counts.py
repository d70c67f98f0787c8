"""The bookings' index (venues and my bookings) and the usage page keep a flat query count as
venues and bookings grow (the pending page has its own in test_views.py)."""

import datetime

from bookings import services
from bookings.models import Venue
from tests.bookings.conftest import at
from tests.querycount import assert_flat


def venues_booked(tapo, resident, staff, count, start):
    for i in range(start, start + count):
        venue = Venue.objects.create(
            node=tapo["community"],
            name=f"活动室{i}",
            capacity=20,
            opens_at=datetime.time(8, 0),
            closes_at=datetime.time(21, 0),
            requires_approval=True,
        )
        booking = services.booking_request(
            user=resident,
            venue=venue,
            starts_at=at(3 + i, 10),
            ends_at=at(3 + i, 12),
            purpose="读书会",
            attendees=5,
        )
        services.booking_decide(user=staff, booking=booking, approve=True)


def test_the_index_keeps_a_flat_query_count(client, tapo, resident, tapo_staff):
    venues_booked(tapo, resident, tapo_staff, 1, 0)
    client.force_login(resident)
    assert_flat(client, "/bookings/", lambda: venues_booked(tapo, resident, tapo_staff, 3, 1))


def test_the_usage_page_keeps_a_flat_query_count(client, tapo, resident, tapo_staff):
    venues_booked(tapo, resident, tapo_staff, 1, 0)
    client.force_login(tapo_staff)
    assert_flat(
        client,
        "/bookings/usage/",
        lambda: venues_booked(tapo, resident, tapo_staff, 3, 1),
        params={"month": "2026-03"},
    )
