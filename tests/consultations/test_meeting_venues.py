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


# --- changing or dropping the venue after the meeting is scheduled ---------------------------


def _scheduled(tapo_staff, community, venue=None):
    council = services.council_for_community(community=community)
    return services.meeting_create(
        actor=tapo_staff,
        council=council,
        title="议事会",
        starts_at=dt.datetime(2026, 3, 20, 19, 0, tzinfo=TZ),
        place="活动室",
        agenda="议程",
        venue=venue,
        minutes_long=90,
    )


def test_staff_move_the_meeting_to_another_venue_and_the_first_is_freed(client, tapo, tapo_staff):
    first, second = _venue(tapo["community"]), _venue(tapo["community"], name="党群服务中心")
    meeting = _scheduled(tapo_staff, tapo["community"], venue=first)
    client.force_login(tapo_staff)
    page = client.get(f"/consultations/meetings/{meeting.pk}/")
    assert f"/consultations/meetings/{meeting.pk}/venue/" in page.content.decode()

    response = client.post(
        f"/consultations/meetings/{meeting.pk}/venue/", {"venue": second.pk, "minutes_long": ""}
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.venue_booking.venue == second
    # the held length is kept (90 minutes) and the first venue is free again
    assert meeting.venue_booking.ends_at == dt.datetime(2026, 3, 20, 20, 30, tzinfo=TZ)
    assert Booking.objects.get(venue=first).status == Booking.Status.CANCELLED


def test_staff_drop_the_venue(client, tapo, tapo_staff):
    venue = _venue(tapo["community"])
    meeting = _scheduled(tapo_staff, tapo["community"], venue=venue)
    client.force_login(tapo_staff)
    response = client.post(f"/consultations/meetings/{meeting.pk}/venue/", {"venue": ""})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.venue_booking is None
    assert Booking.objects.get().status == Booking.Status.CANCELLED


def test_a_meeting_without_a_venue_can_reserve_one_later_with_a_new_length(tapo, tapo_staff):
    venue = _venue(tapo["community"])
    meeting = _scheduled(tapo_staff, tapo["community"])
    booking = services.meeting_venue_set(
        actor=tapo_staff, meeting=meeting, venue=venue, minutes_long=60
    )
    assert booking.ends_at == dt.datetime(2026, 3, 20, 20, 0, tzinfo=TZ)
    # the same venue again with another length: re-booked without overlapping itself
    longer = services.meeting_venue_set(
        actor=tapo_staff, meeting=meeting, venue=venue, minutes_long=120
    )
    assert longer.ends_at == dt.datetime(2026, 3, 20, 21, 0, tzinfo=TZ)
    assert Booking.objects.filter(status__in=Booking.HELD).count() == 1


def test_moving_to_a_taken_venue_is_refused_and_the_old_one_stays(client, tapo, tapo_staff):
    first, taken = _venue(tapo["community"]), _venue(tapo["community"], name="党群服务中心")
    meeting = _scheduled(tapo_staff, tapo["community"], venue=first)
    booking_request(
        user=live_in(tapo["households"][0]).user,
        venue=taken,
        starts_at=dt.datetime(2026, 3, 20, 20, 0, tzinfo=TZ),
        ends_at=dt.datetime(2026, 3, 20, 21, 0, tzinfo=TZ),
        purpose="排练",
        attendees=5,
    )
    client.force_login(tapo_staff)
    response = client.post(f"/consultations/meetings/{meeting.pk}/venue/", {"venue": taken.pk})
    assert response.status_code == 200
    assert "已被预约" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.venue_booking.venue == first
    assert meeting.venue_booking.status == Booking.Status.APPROVED


def test_bad_input_is_refused_on_the_form(client, tapo, tapo_staff):
    meeting = _scheduled(tapo_staff, tapo["community"])
    client.force_login(tapo_staff)
    url = f"/consultations/meetings/{meeting.pk}/venue/"
    for data in (
        {"venue": "x"},
        {"venue": "999999"},
        {"minutes_long": "5"},
        {"minutes_long": "abc"},
    ):
        assert client.post(url, data).status_code == 200
    assert not Booking.objects.exists()
    with pytest.raises(ValidationError) as caught:
        services.meeting_venue_set(
            actor=tapo_staff, meeting=meeting, venue=_venue(tapo["community"]), minutes_long=5000
        )
    assert caught.value.code == "bad_length"


def test_another_communitys_staff_and_venue_are_refused(client, tapo, baoan, tapo_staff):
    meeting = _scheduled(tapo_staff, tapo["community"])
    other_venue = _venue(baoan["community"], name="保安活动室")
    client.force_login(tapo_staff)
    response = client.post(
        f"/consultations/meetings/{meeting.pk}/venue/", {"venue": other_venue.pk}
    )
    assert response.status_code == 200 and "保安活动室" not in response.content.decode()
    with pytest.raises(ValidationError):
        services.meeting_venue_set(actor=tapo_staff, meeting=meeting, venue=other_venue)
    # a resident (no managing scope) is not shown the page
    client.force_login(live_in(tapo["households"][0]).user)
    assert client.get(f"/consultations/meetings/{meeting.pk}/venue/").status_code in (403, 404)
    assert not Booking.objects.exists()


def test_a_meeting_that_has_begun_keeps_its_venue(tapo, tapo_staff, time_machine):
    venue = _venue(tapo["community"])
    meeting = _scheduled(tapo_staff, tapo["community"], venue=venue)
    time_machine.move_to(dt.datetime(2026, 3, 20, 19, 0, tzinfo=TZ), tick=False)
    with pytest.raises(ValidationError) as caught:
        services.meeting_venue_set(actor=tapo_staff, meeting=meeting, venue=None)
    assert caught.value.code == "started"
    assert Booking.objects.get().status == Booking.Status.APPROVED


def test_the_api_changes_and_drops_a_meetings_venue(
    api_client, tapo, baoan, tapo_staff, baoan_staff
):
    """PUT consultations/meetings/<id>/venue/: meeting_venue_set over the API for the council's
    managers; a venue taken then is a 400 that changes nothing; others 404."""
    venue, hall = _venue(tapo["community"]), _venue(tapo["community"], name="礼堂")
    api_client.force_authenticate(tapo_staff)
    from django.test import Client

    client = Client()
    client.force_login(tapo_staff)
    council_url = client.get("/consultations/council/").url
    assert client.post(council_url, _meeting("")).status_code == 302
    meeting = Meeting.objects.get()
    url = f"/api/v1/consultations/meetings/{meeting.pk}/venue/"
    answer = api_client.put(url, {"venue": hall.pk, "minutes_long": 90}, format="json")
    assert answer.status_code == 200 and answer.json()["venue"]["name"] == "礼堂"
    meeting.refresh_from_db()
    assert meeting.venue_booking.ends_at == dt.datetime(2026, 3, 20, 20, 30, tzinfo=TZ)
    booking_request(
        user=live_in(tapo["households"][0]).user,
        venue=venue,
        starts_at=dt.datetime(2026, 3, 20, 19, 30, tzinfo=TZ),
        ends_at=dt.datetime(2026, 3, 20, 21, 0, tzinfo=TZ),
        purpose="排练",
        attendees=5,
    )
    assert api_client.put(url, {"venue": venue.pk}, format="json").status_code == 400
    meeting.refresh_from_db()
    assert meeting.venue_booking.venue == hall
    for bad in ({"venue": hall.pk, "minutes_long": 5}, {"venue": "x"}, {}):
        assert api_client.put(url, bad, format="json").status_code == 400
    assert api_client.put(url, {"venue": None}, format="json").json() == {"venue": None}
    api_client.force_authenticate(baoan_staff)
    assert api_client.put(url, {"venue": None}, format="json").status_code == 404
