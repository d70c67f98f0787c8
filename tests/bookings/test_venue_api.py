"""The venue API: venues in reach and their free times, booking for oneself or a team one
leads, one's bookings and cancelling, approvers' pending list and decision, usage per month;
refusals (another community, overlaps, bad input) change nothing."""

import pytest

from bookings import services
from bookings.models import Booking
from notifications.models import Message
from tests.accounts.factories import UserFactory
from tests.bookings.conftest import at
from tests.consultations.factories import live_in
from tests.querycount import assert_flat
from tests.volunteers.factories import volunteer
from volunteers import services as volunteer_services
from volunteers.models import Team

pytestmark = pytest.mark.django_db

API = "/api/v1/bookings"


def _book(api_client, venue, start=(3, 10), end=(3, 11), **extra):
    body = {
        "venue": venue.pk,
        "starts_at": at(*start).isoformat(),
        "ends_at": at(*end).isoformat(),
        "purpose": "合唱排练",
        "attendees": 12,
        **extra,
    }
    return api_client.post(f"{API}/venue-bookings/", body, format="json")


@pytest.fixture
def team(tapo, resident):
    """A volunteer team of 塔坡 led by the resident."""
    volunteer(tapo["community"], user=resident)
    return volunteer_services.team_create(
        actor=None,
        node=tapo["community"],
        name="文艺服务队",
        kind=Team.Kind.CULTURE,
        leader=resident,
    )


def test_a_resident_finds_a_free_time_books_and_cancels(api_client, resident, venue):
    api_client.force_authenticate(resident)
    # given: the venue is listed with what a booker needs to know
    listed = api_client.get(f"{API}/venues/").json()["results"]
    assert [row["id"] for row in listed] == [venue.pk]
    assert listed[0]["place"] == venue.node.full_name
    assert (listed[0]["capacity"], listed[0]["opens_at"], listed[0]["requires_approval"]) == (
        30,
        "08:30",
        True,
    )
    assert api_client.get(f"{API}/venues/{venue.pk}/").json()["name"] == "创熟加油站"
    # when
    booked = _book(api_client, venue)
    # then: pending, and the day shows the hour busy between two free stretches
    assert booked.status_code == 201
    assert (booked.json()["status"], booked.json()["team"]) == ("pending", None)
    day = api_client.get(f"{API}/venues/{venue.pk}/availability/", {"date": "2026-03-03"}).json()
    assert [
        (row["starts_at"][11:16], row["ends_at"][11:16], row["free"]) for row in day["intervals"]
    ] == [
        ("08:30", "10:00", True),
        ("10:00", "11:00", False),
        ("11:00", "21:00", True),
    ]
    assert api_client.get(f"{API}/venue-bookings/").json()["count"] == 1
    cancelled = api_client.post(f"{API}/venue-bookings/{booked.json()['id']}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = api_client.post(f"{API}/venue-bookings/{booked.json()['id']}/cancel/")
    assert again.status_code == 400 and again.json()["code"] == "not_held"
    day = api_client.get(f"{API}/venues/{venue.pk}/availability/", {"date": "2026-03-03"}).json()
    assert [row["free"] for row in day["intervals"]] == [True]


def test_a_venue_without_approval_confirms_at_once(api_client, resident, open_venue):
    api_client.force_authenticate(resident)
    booked = _book(api_client, open_venue, attendees=5)
    assert booked.status_code == 201 and booked.json()["status"] == "approved"


def test_a_team_leader_books_for_the_team_others_cannot(
    api_client, resident, neighbour, venue, team
):
    api_client.force_authenticate(resident)
    booked = _book(api_client, venue, team=team.pk)
    assert booked.status_code == 201
    assert (booked.json()["team_id"], booked.json()["team"]) == (team.pk, "文艺服务队")
    api_client.force_authenticate(neighbour)
    refused = _book(api_client, venue, start=(4, 10), end=(4, 11), team=team.pk)
    assert refused.status_code == 404
    assert Booking.objects.count() == 1


def test_an_overlap_is_refused_with_its_code_and_nothing_saved(
    api_client, resident, neighbour, venue
):
    api_client.force_authenticate(resident)
    assert _book(api_client, venue).status_code == 201
    api_client.force_authenticate(neighbour)
    refused = _book(api_client, venue, start=(3, 10, 30), end=(3, 12))
    assert refused.status_code == 400
    assert refused.json()["code"] == "overlap" and "已被预约" in refused.json()["detail"]
    assert Booking.objects.count() == 1


# PostgreSQL only: the exclusion constraint exists there alone (SQLite has the service's locked
# check, tested above); CI runs it (REQUIRE_SERVICES=1 turns the skip into a failure).
@pytest.mark.postgres
def test_the_exclusion_constraint_answers_an_overlap_the_check_missed(
    api_client, monkeypatch, resident, neighbour, venue
):
    # given: the service's own check blinded, so only PostgreSQL's constraint stands
    from bookings.services import venues as venue_services

    api_client.force_authenticate(resident)
    assert _book(api_client, venue).status_code == 201
    monkeypatch.setattr(venue_services, "_overlapping", lambda *args: Booking.objects.none())
    # when
    api_client.force_authenticate(neighbour)
    refused = _book(api_client, venue, start=(3, 10, 30), end=(3, 12))
    # then
    assert refused.status_code == 400 and refused.json()["code"] == "overlap"
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    ("start", "end", "extra", "code"),
    [
        ((3, 11), (3, 10), {}, "bad_times"),
        ((3, 7), (3, 9), {}, "closed"),
        ((3, 20), (4, 9), {}, "closed"),
        ((1, 10), (1, 11), {}, "past"),
        ((3, 10), (3, 11), {"attendees": 31}, "capacity"),
    ],
)
def test_a_refused_booking_says_why_in_chinese(
    api_client, resident, venue, start, end, extra, code
):
    api_client.force_authenticate(resident)
    refused = _book(api_client, venue, start=start, end=end, **extra)
    assert refused.status_code == 400 and refused.json()["code"] == code
    assert not refused.json()["detail"].isascii()
    assert Booking.objects.count() == 0


def test_malformed_input_is_a_400_in_chinese(api_client, resident, venue, tapo_staff):
    api_client.force_authenticate(resident)
    response = api_client.post(
        f"{API}/venue-bookings/",
        {"venue": "x", "starts_at": "明天", "attendees": -1, "purpose": ""},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) >= {"venue", "starts_at", "ends_at", "attendees"}
    assert not response.json()["detail"].isascii()
    availability = f"{API}/venues/{venue.pk}/availability/"
    for query in ({}, {"date": "x"}, {"date": "0001-01-01"}, {"date": "9999-12-31"}):
        assert api_client.get(availability, query).status_code == 400, query
    api_client.force_authenticate(tapo_staff)
    for month in ("2026-13", "x", "9999-12", "0001-01"):
        assert api_client.get(f"{API}/venues/usage/", {"month": month}).status_code == 400, month
    booking = services.booking_request(
        user=resident, venue=venue, starts_at=at(3, 10), ends_at=at(3, 11), purpose="x", attendees=1
    )
    decide = f"{API}/venue-bookings/{booking.pk}/decide/"
    assert api_client.post(decide, {"approve": "maybe"}, format="json").status_code == 400
    assert (
        api_client.post(decide, {"approve": False, "reason": "x" * 201}, format="json").status_code
        == 400
    )
    booking.refresh_from_db()
    assert booking.status == Booking.Status.PENDING
    assert Booking.objects.count() == 1


def test_another_community_is_refused_everywhere(
    api_client, tapo, baoan, resident, baoan_staff, venue
):
    booking = services.booking_request(
        user=resident, venue=venue, starts_at=at(3, 10), ends_at=at(3, 11), purpose="x", attendees=1
    )
    stranger = live_in(baoan["households"][0]).user
    api_client.force_authenticate(stranger)
    assert api_client.get(f"{API}/venues/").json()["count"] == 0
    assert api_client.get(f"{API}/venues/{venue.pk}/").status_code == 404
    assert (
        api_client.get(f"{API}/venues/{venue.pk}/availability/", {"date": "2026-03-03"}).status_code
        == 404
    )
    assert _book(api_client, venue, start=(5, 10), end=(5, 11)).status_code == 404
    assert api_client.post(f"{API}/venue-bookings/{booking.pk}/cancel/").status_code == 404
    assert api_client.get(f"{API}/venue-bookings/pending/").status_code == 404
    assert api_client.get(f"{API}/venues/usage/").status_code == 404
    api_client.force_authenticate(baoan_staff)
    assert api_client.get(f"{API}/venue-bookings/pending/").json()["count"] == 0
    decide = f"{API}/venue-bookings/{booking.pk}/decide/"
    assert api_client.post(decide, {"approve": True}, format="json").status_code == 404
    assert api_client.get(f"{API}/venues/usage/").json()["venues"] == []
    api_client.force_authenticate(UserFactory())
    assert api_client.get(f"{API}/venues/").json()["count"] == 0
    booking.refresh_from_db()
    assert booking.status == Booking.Status.PENDING
    assert Booking.objects.count() == 1


def test_staff_refuse_with_a_reason_and_the_booker_is_told(api_client, resident, tapo_staff, venue):
    booking = services.booking_request(
        user=resident, venue=venue, starts_at=at(3, 10), ends_at=at(3, 11), purpose="x", attendees=1
    )
    api_client.force_authenticate(tapo_staff)
    pending = api_client.get(f"{API}/venue-bookings/pending/").json()
    assert [row["id"] for row in pending["results"]] == [booking.pk]
    assert pending["results"][0]["booker"] == resident.name_for_display
    decide = f"{API}/venue-bookings/{booking.pk}/decide/"
    refused = api_client.post(decide, {"approve": False, "reason": "当天消防检查"}, format="json")
    assert refused.status_code == 200
    assert (refused.json()["status"], refused.json()["reason"]) == ("refused", "当天消防检查")
    told = Message.objects.get(recipient=resident)
    assert "未通过" in told.title and told.body == "当天消防检查"
    again = api_client.post(decide, {"approve": True}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "decided"
    assert api_client.get(f"{API}/venue-bookings/pending/").json()["count"] == 0


def test_staff_approve_and_the_usage_reads_as_the_page(
    api_client, client, resident, tapo_staff, open_venue, venue, team
):
    # given: a team's 2 h and a resident's own 1 h, confirmed, in March
    for start, end, for_team in (((3, 10), (3, 12), team), ((4, 10), (4, 11), None)):
        services.booking_request(
            user=resident,
            venue=open_venue,
            starts_at=at(*start),
            ends_at=at(*end),
            purpose="排练",
            attendees=5,
            team=for_team,
        )
    pending = services.booking_request(
        user=resident, venue=venue, starts_at=at(5, 10), ends_at=at(5, 13), purpose="x", attendees=1
    )
    api_client.force_authenticate(tapo_staff)
    decide = f"{API}/venue-bookings/{pending.pk}/decide/"
    approved = api_client.post(decide, {"approve": True}, format="json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert "已确认" in Message.objects.get(recipient=resident).title
    # when
    usage = api_client.get(f"{API}/venues/usage/", {"month": "2026-03"}).json()
    # then
    assert usage["month"] == "2026-03-01"
    lines = {line["venue"]["id"]: line for line in usage["venues"]}
    line = lines[open_venue.pk]
    assert (line["bookings"], line["hours"], line["hours_teams"], line["hours_direct"]) == (
        2,
        3.0,
        2.0,
        1.0,
    )
    assert lines[venue.pk]["hours_direct"] == 3.0
    client.force_login(tapo_staff)
    page = client.get("/bookings/usage/?month=2026-03").context["lines"]
    assert [(row.venue.pk, row.hours, row.hours_teams, row.hours_direct) for row in page] == [
        (row["venue"]["id"], row["hours"], row["hours_teams"], row["hours_direct"])
        for row in usage["venues"]
    ]
    assert api_client.get(f"{API}/venues/usage/").json()["month"] == "2026-03-01"


def test_list_endpoints_stay_flat(api_client, tapo, resident, tapo_staff, team):
    from bookings.models import Venue

    made = []

    def grow(count):
        for index in range(len(made), len(made) + count):
            venue = Venue.objects.create(
                node=tapo["community"],
                name=f"活动室{index}",
                capacity=20,
                opens_at=at(2, 8).time(),
                closes_at=at(2, 20).time(),
                requires_approval=index % 2 == 0,
            )
            booker = live_in(tapo["households"][2 + index % 6]).user
            for user, for_team in ((resident, team if index % 2 else None), (booker, None)):
                services.booking_request(
                    user=user,
                    venue=venue,
                    starts_at=at(3 + len(made), 10 + (user == booker)),
                    ends_at=at(3 + len(made), 11 + (user == booker)),
                    purpose="活动",
                    attendees=3,
                    team=for_team,
                )
            made.append(venue)

    grow(1)
    api_client.force_authenticate(resident)
    for url in (f"{API}/venues/", f"{API}/venue-bookings/"):
        assert_flat(api_client, url, lambda: grow(2))
    api_client.force_authenticate(tapo_staff)
    for url in (f"{API}/venue-bookings/pending/", f"{API}/venues/usage/"):
        assert_flat(api_client, url, lambda: grow(2))
