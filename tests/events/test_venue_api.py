"""The venue a session holds, in the events API (sessions, one session, the staff calendar):
null when none, declared nullable in the schema, no query per row."""

import datetime as dt

import pytest
from drf_spectacular.generators import SchemaGenerator

from bookings.models import Venue
from events import services
from tests.consultations.factories import live_in
from tests.events.factories import first_session, local, make_event
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db
CALENDAR = {"start": "2026-03-01", "end": "2026-03-31"}


def _venue(node, name="创熟加油站"):
    return Venue.objects.create(
        node=node,
        name=name,
        address="塔坡路1号",
        capacity=40,
        opens_at=dt.time(8, 30),
        closes_at=dt.time(21, 0),
        requires_approval=False,
    )


def _session_at(tapo, staff, day: int, venue=None):
    session = first_session(
        make_event(tapo["community"], actor=staff, starts_at=local(2026, 3, day, 9, 0))
    )
    if venue is not None:
        services.occurrence_venue_set(actor=staff, occurrence=session, venue=venue)
        session.refresh_from_db()
    return session


def test_sessions_show_their_venue_or_null(api_client, tapo, tapo_staff, now):
    venue = _venue(tapo["community"])
    with_venue = _session_at(tapo, tapo_staff, 6, venue)
    without = _session_at(tapo, tapo_staff, 7)
    api_client.force_authenticate(live_in(tapo["households"][0]).user)

    rows = {row["id"]: row for row in api_client.get("/api/v1/events/").json()["results"]}

    held = rows[with_venue.pk]["venue"]
    assert held["name"] == "创熟加油站" and held["address"] == "塔坡路1号"
    assert held["place"] == tapo["community"].full_name
    assert held["status"] == "approved" and held["venue_id"] == venue.pk
    assert held["booking_id"] == with_venue.venue_booking_id
    assert rows[without.pk]["venue"] is None
    detail = api_client.get(f"/api/v1/events/{with_venue.pk}/").json()
    assert detail["venue"]["name"] == "创熟加油站"


def test_a_dropped_venue_is_null_again(api_client, tapo, tapo_staff, now):
    session = _session_at(tapo, tapo_staff, 6, _venue(tapo["community"]))
    services.occurrence_venue_set(actor=tapo_staff, occurrence=session, venue=None)
    api_client.force_authenticate(live_in(tapo["households"][0]).user)
    assert api_client.get(f"/api/v1/events/{session.pk}/").json()["venue"] is None


def test_the_staff_calendar_shows_the_venue(api_client, tapo, baoan, tapo_staff, now):
    session = _session_at(tapo, tapo_staff, 6, _venue(tapo["community"]))
    api_client.force_authenticate(tapo_staff)
    rows = api_client.get("/api/v1/events/staff/calendar/", CALENDAR).json()
    assert [row["venue"]["name"] for row in rows if row["id"] == session.pk] == ["创熟加油站"]


def test_another_communitys_sessions_and_venues_are_not_listed(
    api_client, tapo, baoan, tapo_staff, baoan_staff, now
):
    _session_at(tapo, tapo_staff, 6, _venue(tapo["community"]))
    api_client.force_authenticate(baoan_staff)
    rows = api_client.get("/api/v1/events/staff/calendar/", CALENDAR).json()
    assert rows == []


def test_session_lists_with_venues_stay_flat(api_client, tapo, tapo_staff, now):
    # given one session with a venue per day, for a resident and for the staff calendar
    day = iter(range(6, 28))

    def grow():
        for _ in range(3):
            d = next(day)
            _session_at(tapo, tapo_staff, d, _venue(tapo["community"], name=f"活动室{d}"))

    grow()
    api_client.force_authenticate(live_in(tapo["households"][0]).user)
    # households, places, scope posts, the page of sessions (venue, its place joined), its count
    assert_flat(api_client, "/api/v1/events/", grow)
    api_client.force_authenticate(tapo_staff)
    # the managed events, the sessions of the range with their venues joined
    assert_flat(api_client, "/api/v1/events/staff/calendar/", grow, CALENDAR)


def test_the_schema_declares_the_venue_nullable():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    for name in ("Session", "SessionDetail", "CalendarSession"):
        venue = components[name]["properties"]["venue"]
        assert venue.get("nullable") is True, (name, venue)
    held = components["HeldVenue"]["properties"]
    assert {"booking_id", "venue_id", "name", "place", "address", "status"} <= set(held)
