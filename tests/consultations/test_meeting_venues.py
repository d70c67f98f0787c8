"""A council meeting reserves a venue through the bookings service when it is scheduled:
overlaps refused on the form, another community's venue not offered nor bookable."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from bookings.models import Booking, Venue
from bookings.services import booking_request
from consultations import services
from consultations.models import Meeting
from tests.consultations.factories import live_in

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(autouse=True)
def _fixed_now(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 8, 0, tzinfo=TZ), tick=False)


def _venue(node, name="创熟加油站"):
    return Venue.objects.create(
        node=node,
        name=name,
        capacity=40,
        opens_at=dt.time(8, 30),
        closes_at=dt.time(21, 30),
        requires_approval=False,
    )


def _meeting(venue_pk, **extra):
    return {
        "form": "meeting",
        "title": "第一季度议事会",
        "starts_at": "2026-03-20T19:00",
        "place": "塔坡社区党群服务中心",
        "agenda": "1. 加装电梯",
        "venue": venue_pk,
        "minutes_long": 90,
        **extra,
    }


def test_scheduling_a_meeting_books_the_venue(client, tapo, tapo_staff):
    venue = _venue(tapo["community"])
    client.force_login(tapo_staff)
    council_url = client.get("/consultations/council/").url
    response = client.post(council_url, _meeting(venue.pk))
    assert response.status_code == 302
    booking = Meeting.objects.get().venue_booking
    assert (booking.venue, booking.status) == (venue, Booking.Status.APPROVED)
    assert booking.ends_at == dt.datetime(2026, 3, 20, 20, 30, tzinfo=TZ)
    assert "创熟加油站" in client.get(response.url).content.decode()


def test_an_overlapping_meeting_is_refused_on_the_form(client, tapo, tapo_staff):
    venue = _venue(tapo["community"])
    booking_request(
        user=live_in(tapo["households"][0]).user,
        venue=venue,
        starts_at=dt.datetime(2026, 3, 20, 20, 0, tzinfo=TZ),
        ends_at=dt.datetime(2026, 3, 20, 21, 0, tzinfo=TZ),
        purpose="排练",
        attendees=5,
    )
    client.force_login(tapo_staff)
    council_url = client.get("/consultations/council/").url
    response = client.post(council_url, _meeting(venue.pk))
    assert response.status_code == 200
    assert "已被预约" in response.content.decode()
    assert not Meeting.objects.exists()


def test_another_communitys_venue_is_refused(client, tapo, baoan, tapo_staff):
    venue = _venue(baoan["community"], name="保安活动室")
    client.force_login(tapo_staff)
    council_url = client.get("/consultations/council/").url
    response = client.post(council_url, _meeting(venue.pk))
    assert response.status_code == 200
    assert "保安活动室" not in response.content.decode()
    council = services.council_for_community(community=tapo["community"])
    with pytest.raises(ValidationError):
        services.meeting_create(
            actor=tapo_staff,
            council=council,
            title="议事会",
            starts_at=dt.datetime(2026, 3, 20, 19, 0, tzinfo=TZ),
            place="活动室",
            agenda="议程",
            venue=venue,
        )
    assert not Booking.objects.exists()
