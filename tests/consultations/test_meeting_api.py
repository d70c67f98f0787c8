"""Council meetings in the consultations API, with the venue each holds (null when none):
staff of the place and the council's members see them, nobody else; no query per row."""

import datetime as dt

import pytest
from drf_spectacular.generators import SchemaGenerator

from bookings.models import Venue
from consultations import services
from tests.consultations.factories import live_in
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
URL = "/api/v1/consultations/meetings/"


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


def _meeting(staff, community, day=20, venue=None):
    return services.meeting_create(
        actor=staff,
        council=services.council_for_community(community=community),
        title=f"议事会{day}",
        starts_at=dt.datetime(2026, 3, day, 19, 0, tzinfo=TZ),
        place="活动室",
        agenda="议程",
        venue=venue,
        minutes_long=90,
    )


def test_staff_see_the_meetings_with_their_venue(api_client, tapo, tapo_staff):
    with_venue = _meeting(tapo_staff, tapo["community"], 20, _venue(tapo["community"]))
    without = _meeting(tapo_staff, tapo["community"], 21)
    api_client.force_authenticate(tapo_staff)
    response = api_client.get(URL)
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert rows[with_venue.pk]["venue"]["name"] == "创熟加油站"
    assert rows[with_venue.pk]["venue"]["status"] == "approved"
    assert rows[with_venue.pk]["venue"]["ends_at"].startswith("2026-03-20T20:30")
    assert rows[without.pk]["venue"] is None
    assert rows[without.pk]["community"] == tapo["community"].full_name


def test_a_council_member_sees_their_councils_meetings(api_client, tapo, tapo_staff):
    meeting = _meeting(tapo_staff, tapo["community"])
    member = live_in(tapo["households"][0]).user
    services.council_member_add(
        actor=tapo_staff,
        council=meeting.council,
        user=member,
        role="member",
        starts_on=dt.date(2026, 1, 1),
    )
    api_client.force_authenticate(member)
    assert [row["id"] for row in api_client.get(URL).json()["results"]] == [meeting.pk]


def test_residents_and_another_communitys_staff_see_nothing(
    api_client, tapo, tapo_staff, baoan_staff
):
    _meeting(tapo_staff, tapo["community"], venue=_venue(tapo["community"]))
    api_client.force_authenticate(live_in(tapo["households"][1]).user)
    assert api_client.get(URL).json()["results"] == []
    api_client.force_authenticate(baoan_staff)
    assert api_client.get(URL).json()["results"] == []
    api_client.force_authenticate(None)
    assert api_client.get(URL).status_code in (401, 403)


def test_bad_paging_is_refused_not_a_500(api_client, tapo_staff):
    api_client.force_authenticate(tapo_staff)
    assert api_client.get(URL, {"page": "abc"}).status_code == 400


def test_the_meeting_list_stays_flat(api_client, tapo, tapo_staff):
    days = iter(range(3, 28))

    def grow():
        for _ in range(3):
            day = next(days)
            _meeting(
                tapo_staff, tapo["community"], day, _venue(tapo["community"], name=f"活动室{day}")
            )

    grow()
    api_client.force_authenticate(tapo_staff)
    # scope posts, the page of meetings (council, community, venue booking, venue, its place
    # joined), its count
    assert_flat(api_client, URL, grow)


def test_the_schema_declares_the_venue_nullable():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    venue = schema["components"]["schemas"]["Meeting"]["properties"]["venue"]
    assert venue.get("nullable") is True
