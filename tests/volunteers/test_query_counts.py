"""The volunteers' list pages and endpoints keep a flat query count as their rows grow (the
open shifts, verify and hours pages have theirs in test_views.py)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.accounts.factories import UserFactory
from tests.communities.factories import ResidencyFactory
from tests.querycount import assert_flat
from tests.volunteers.factories import pending_record, project, shift, team_with_leader, volunteer
from volunteers import services

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
API = "/api/v1/volunteers"


@pytest.fixture(autouse=True)
def fixed_instant(time_machine):
    time_machine.move_to(NOW, tick=False)


def new_teams(community, count, start):
    for i in range(start, start + count):
        team_with_leader(community, name=f"服务队{i}")


def test_the_team_lists_keep_a_flat_query_count(client, api_client, community, vol, team):
    client.force_login(vol)
    api_client.force_authenticate(vol)
    assert_flat(client, "/volunteers/teams/", lambda: new_teams(community, 3, 0))
    assert_flat(api_client, f"{API}/teams/", lambda: new_teams(community, 3, 3))


def test_the_shift_and_project_endpoints_keep_a_flat_query_count(
    client, api_client, team, leader, vol
):
    the_project = project(team)
    shift(the_project, starts_in=dt.timedelta(days=1))
    api_client.force_authenticate(vol)
    assert_flat(
        api_client,
        f"{API}/shifts/",
        lambda: [shift(the_project, starts_in=dt.timedelta(days=d)) for d in range(2, 6)],
    )
    api_client.force_authenticate(leader)
    assert_flat(api_client, f"{API}/projects/", lambda: [project(team) for _ in range(4)])
    client.force_login(leader)
    assert_flat(client, "/volunteers/organise/", lambda: [project(team) for _ in range(4)])


def test_the_hour_endpoints_keep_a_flat_query_count(api_client, team, leader, vol, community):
    today = NOW.date()
    pending_record(team, vol, service_date=today)
    api_client.force_authenticate(vol)
    assert_flat(
        api_client,
        f"{API}/hours/",
        lambda: [
            pending_record(team, vol, service_date=today - dt.timedelta(days=d))
            for d in range(1, 5)
        ],
    )
    api_client.force_authenticate(leader)
    assert_flat(
        api_client,
        f"{API}/hours/pending/",
        lambda: [pending_record(team, volunteer(community)) for _ in range(4)],
    )


def test_the_wish_lists_keep_a_flat_query_count(client, api_client, tapo, tapo_staff, vol):
    households = tapo["households"]

    def wishes(count, start, review=True):
        for i in range(start, start + count):
            resident = UserFactory()
            ResidencyFactory(user=resident, household=households[i % len(households)])
            wish = services.wish_post(resident=resident, title=f"心愿{i}")
            if review:
                services.wish_review(actor=tapo_staff, wish=wish, decision="open")

    wishes(1, 0)
    wishes(1, 1, review=False)
    client.force_login(vol)
    assert_flat(client, "/volunteers/wishes/", lambda: wishes(3, 2))
    api_client.force_authenticate(vol)
    assert_flat(api_client, f"{API}/wishes/", lambda: wishes(3, 5))
    client.force_login(tapo_staff)
    assert_flat(client, "/volunteers/wishes/", lambda: wishes(3, 8, review=False))
    api_client.force_authenticate(tapo_staff)
    assert_flat(api_client, f"{API}/staff/wishes/", lambda: wishes(3, 11, review=False))
