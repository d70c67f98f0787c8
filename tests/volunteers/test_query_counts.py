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


def give_minutes(user, minutes, key):
    from points.models import Currency
    from points.services import points_award

    points_award(user=user, amount=minutes, key=key, reason="测试存入", currency=Currency.MINUTE)


def test_the_help_request_lists_keep_a_flat_query_count(client, api_client, community, vol):
    elder, neighbour = volunteer(community), volunteer(community)
    give_minutes(elder, 6000, "qc-elder")
    give_minutes(neighbour, 6000, "qc-neighbour")

    def ask(count, start):
        for i in range(start, start + count):
            for user in (elder, neighbour):
                services.help_request_create(
                    user=user, title=f"陪同就医{i}", description="", minutes=30
                )

    ask(1, 0)
    client.force_login(elder)  # the page shows the open requests and the elder's own
    assert_flat(client, "/volunteers/help/", lambda: ask(3, 1))
    api_client.force_authenticate(elder)
    assert_flat(api_client, f"{API}/help/", lambda: ask(3, 4))
    assert_flat(api_client, f"{API}/help/", lambda: ask(3, 7), params={"mine": "true"})


def test_the_certificates_page_keeps_a_flat_query_count(client, team, leader, vol):
    today = NOW.date()
    the_project = project(team, starts_on=today - dt.timedelta(days=30))

    def certificates(days):
        for day in days:
            record = pending_record(
                team, vol, project=the_project, service_date=today - dt.timedelta(days=day)
            )
            services.hour_record_verify(actor=leader, record=record, decision="approve")
            services.certificate_issue(
                volunteer=vol, period_from=today - dt.timedelta(days=day), period_to=today
            )

    certificates([1])
    client.force_login(vol)
    assert_flat(client, "/volunteers/certificates/", lambda: certificates(range(2, 6)))


def test_the_time_bank_page_with_its_relatives_keeps_a_flat_query_count(client, community, vol):
    from volunteers.models import RelativeLink

    def relatives_and_gifts(count):
        for _i in range(count):
            relative = volunteer(community)
            link = services.relative_link_request(
                user=vol, relative_login=relative.phone, relation="child"
            )
            RelativeLink.objects.filter(pk=link.pk).update(status=RelativeLink.Status.VERIFIED)
            give_minutes(vol, 60, f"qc-give-{relative.pk}")

    relatives_and_gifts(1)
    client.force_login(vol)
    assert_flat(client, "/volunteers/timebank/", lambda: relatives_and_gifts(4))
