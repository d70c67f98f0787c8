"""A member's own organisational life on the phone: the coming sessions of their branch (and of
their home branch when away) with the online link, their attendance this year."""

import datetime

import pytest
import time_machine

from party import services
from tests.accounts.factories import UserFactory
from tests.party.conftest import TZ
from tests.party.factories import make_party_tree, secretary_of
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(tree):
    return make_party_tree(tree)


def _session(branch, secretary, day, **extra):
    return services.session_schedule(
        actor=secretary,
        organisation=branch,
        kind=extra.pop("kind", "theme_day"),
        held_at=datetime.datetime(2026, 3, day, 19, 30, tzinfo=TZ),
        agenda="学习党章",
        venue="党群服务中心",
        online_link="https://meeting.example.cn/abc",
        **extra,
    )


def test_a_mobile_member_sees_the_coming_sessions_and_their_year(client, orgs):
    first = orgs["first"]
    secretary = secretary_of(first)
    away = services.party_member_register(
        actor=None, user=UserFactory(real_name="外出务工"), branch=orgs["other"], home_branch=first
    )
    held = _session(first, secretary, 5)
    _session(first, secretary, 12, kind="lecture")
    _session(orgs["second"], secretary_of(orgs["second"]), 6)  # not theirs
    with time_machine.travel(datetime.datetime(2026, 3, 5, 21, 0, tzinfo=TZ), tick=False):
        services.session_attendance_record(
            actor=secretary, session=held, attendance={away.pk: "online"}
        )
        client.force_login(away.user)
        html = client.get("/party/my/life/").content.decode()
    assert html.count("data-session=") == 1  # the lecture on the 12th; the 5th is past
    assert "https://meeting.example.cn/abc" in html
    assert "第二支部" not in html
    assert "应参加 1 次，已参加 1 次（其中线上 1 次）。" in html


def test_someone_without_a_branch_is_pointed_to_the_in_service_page(client):
    client.force_login(UserFactory())
    response = client.get("/party/my/life/")
    assert response.status_code == 200 and "/party/service/" in response.content.decode()


def test_a_member_transferred_out_no_longer_sees_the_old_branch(client, orgs, tapo_staff):
    first = orgs["first"]
    member = services.party_member_register(actor=None, user=UserFactory(), branch=first)
    _session(first, secretary_of(first), 12)
    services.member_transfer(
        actor=tapo_staff,
        member=member,
        direction="out",
        on=datetime.date(2026, 3, 1),
        other_organisation="广州某支部",
    )
    client.force_login(member.user)
    html = client.get("/party/my/life/").content.decode()
    assert "data-session=" not in html and "第一支部" not in html


def test_my_life_reads_in_a_fixed_number_of_queries(client, orgs):
    first = orgs["first"]
    secretary = secretary_of(first)
    member = services.party_member_register(actor=None, user=UserFactory(), branch=first)
    days = iter(range(3, 28))

    def grow():
        for _ in range(2):
            day = next(days)
            with time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=TZ), tick=False):
                session = _session(first, secretary, day)
            with time_machine.travel(datetime.datetime(2026, 3, day, 21, 0, tzinfo=TZ), tick=False):
                services.session_attendance_record(
                    actor=secretary, session=session, attendance={member.pk: "in_person"}
                )

    client.force_login(member.user)
    with time_machine.travel(datetime.datetime(2026, 3, 30, 9, 0, tzinfo=TZ), tick=False):
        assert_flat(client, "/party/my/life/", grow)
