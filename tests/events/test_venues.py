"""A session reserves a venue through the bookings service: overlaps refused on the form,
the venue freed when the session is called off and moved when the event's times change,
another community's venue refused."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from bookings.models import Booking, Venue
from bookings.services import booking_request
from events import services
from tests.consultations.factories import live_in
from tests.events.factories import first_session, local, make_event

pytestmark = pytest.mark.django_db


def _venue(node, name="创熟加油站"):
    return Venue.objects.create(
        node=node,
        name=name,
        capacity=40,
        opens_at=dt.time(8, 30),
        closes_at=dt.time(21, 0),
        requires_approval=False,
    )


@pytest.fixture
def session(tapo, tapo_staff, now):
    return first_session(make_event(tapo["community"], actor=tapo_staff))  # 03-06 09:00-11:00


def test_staff_reserve_a_venue_for_a_session_on_its_page(client, tapo, tapo_staff, session):
    venue = _venue(tapo["community"])
    client.force_login(tapo_staff)
    url = reverse("events:session_venue", args=[session.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"venue": venue.pk})
    assert response.status_code == 302
    session.refresh_from_db()
    booking = session.venue_booking
    assert (booking.venue, booking.status) == (venue, Booking.Status.APPROVED)
    assert (booking.starts_at, booking.ends_at) == (session.starts_at, session.ends_at)
    page = client.get(reverse("events:attendance", args=[session.pk]))
    assert "创熟加油站" in page.content.decode()


def test_an_overlap_is_refused_on_the_form(client, tapo, tapo_staff, session):
    venue = _venue(tapo["community"])
    booking_request(
        user=live_in(tapo["households"][0]).user,
        venue=venue,
        starts_at=local(2026, 3, 6, 10, 0),
        ends_at=local(2026, 3, 6, 12, 0),
        purpose="排练",
        attendees=5,
    )
    client.force_login(tapo_staff)
    response = client.post(reverse("events:session_venue", args=[session.pk]), {"venue": venue.pk})
    assert response.status_code == 200
    assert "已被预约" in response.content.decode()
    session.refresh_from_db()
    assert session.venue_booking is None


def test_cancelling_the_session_frees_the_venue(tapo, tapo_staff, session):
    venue = _venue(tapo["community"])
    booking = services.occurrence_venue_set(actor=tapo_staff, occurrence=session, venue=venue)
    services.occurrence_cancel(actor=tapo_staff, occurrence=session, reason="台风")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    other = booking_request(
        user=tapo_staff,
        venue=venue,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        purpose="排练",
        attendees=5,
    )
    assert other.status == Booking.Status.APPROVED


def test_the_venue_moves_with_the_events_times(tapo, tapo_staff, session):
    venue = _venue(tapo["community"])
    first = services.occurrence_venue_set(actor=tapo_staff, occurrence=session, venue=venue)
    event = session.event
    event.ends_at = event.starts_at + dt.timedelta(hours=3)
    services.event_save(actor=tapo_staff, event=event)
    session.refresh_from_db()
    first.refresh_from_db()
    assert first.status == Booking.Status.CANCELLED
    assert session.venue_booking.ends_at == local(2026, 3, 6, 12, 0)
    assert session.venue_booking.status == Booking.Status.APPROVED


def test_another_communitys_venue_is_refused(client, baoan, tapo_staff, session):
    venue = _venue(baoan["community"], name="保安活动室")
    client.force_login(tapo_staff)
    response = client.post(reverse("events:session_venue", args=[session.pk]), {"venue": venue.pk})
    assert response.status_code == 200
    assert "保安活动室" not in response.content.decode()
    with pytest.raises(PermissionDenied):
        services.occurrence_venue_set(actor=tapo_staff, occurrence=session, venue=venue)
    assert not Booking.objects.exists()


def test_another_communitys_staff_cannot_open_the_page(client, baoan_staff, session):
    client.force_login(baoan_staff)
    assert client.get(reverse("events:session_venue", args=[session.pk])).status_code == 404


def test_the_staff_api_holds_moves_and_frees_a_sessions_venue(
    api_client, tapo, baoan, tapo_staff, baoan_staff, session
):
    """PUT events/staff/sessions/<id>/venue/: the page's rule (occurrence_venue_set) over the API;
    an overlap is a 400 that changes nothing, another community's venue or session is refused."""
    url = f"/api/v1/events/staff/sessions/{session.pk}/venue/"
    venue, other = _venue(tapo["community"]), _venue(tapo["community"], name="活动室")
    api_client.force_authenticate(tapo_staff)
    answer = api_client.put(url, {"venue": venue.pk}, format="json")
    assert answer.status_code == 200
    assert answer.json()["venue"]["name"] == "创熟加油站"
    assert answer.json()["venue"]["status"] == Booking.Status.APPROVED
    assert (
        api_client.put(url, {"venue": other.pk}, format="json").json()["venue"]["name"] == "活动室"
    )
    session.refresh_from_db()
    assert session.venue_booking.venue == other
    # The first venue is taken over the session's time: moving back is refused, nothing changes.
    booking_request(
        user=live_in(tapo["households"][0]).user,
        venue=venue,
        starts_at=local(2026, 3, 6, 10, 0),
        ends_at=local(2026, 3, 6, 12, 0),
        purpose="排练",
        attendees=5,
    )
    refused = api_client.put(url, {"venue": venue.pk}, format="json")
    assert refused.status_code == 400
    session.refresh_from_db()
    assert session.venue_booking.venue == other
    for bad in ({"venue": "x"}, {"venue": 10**12}, {}, {"venue": _venue(baoan["community"]).pk}):
        assert api_client.put(url, bad, format="json").status_code == 400
    held = session.venue_booking
    assert api_client.put(url, {"venue": None}, format="json").json() == {"venue": None}
    held.refresh_from_db()
    assert held.status == Booking.Status.CANCELLED
    api_client.force_authenticate(baoan_staff)
    assert api_client.put(url, {"venue": None}, format="json").status_code == 404
