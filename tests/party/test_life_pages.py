"""The secretary announces a coming session on the phone (the members see it with its link)
and records its attendance once held; other branches are refused, bad input changes nothing."""

import datetime

import pytest
import time_machine

from party import services
from party.models import PartySession, SessionAttendance
from tests.accounts.factories import UserFactory
from tests.party.conftest import TZ
from tests.party.factories import make_party_tree, secretary_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch(tree):
    orgs = make_party_tree(tree)
    first = orgs["first"]
    here = services.party_member_register(
        actor=None, user=UserFactory(real_name="陈红"), branch=first
    )
    away = services.party_member_register(
        actor=None, user=UserFactory(real_name="外出务工"), branch=orgs["other"], home_branch=first
    )
    return {
        "orgs": orgs,
        "branch": first,
        "here": here,
        "away": away,
        "secretary": secretary_of(first),
    }


def _announce(client, branch, **extra):
    data = {
        "kind": "theme_day",
        "held_at": "2026-03-09T19:30",
        "venue": "党群服务中心",
        "online_link": "https://meeting.example.cn/abc",
        "agenda": "学习党章",
        **extra,
    }
    return client.post(f"/party/org/{branch['branch'].pk}/sessions/schedule/", data)


def test_a_secretary_announces_a_session_and_records_who_came(client, branch):
    client.force_login(branch["secretary"])
    assert _announce(client, branch).status_code == 302
    session = PartySession.objects.get()
    client.force_login(branch["away"].user)
    html = client.get("/party/my/life/").content.decode()
    assert "https://meeting.example.cn/abc" in html and "学习党章" in html
    with time_machine.travel(datetime.datetime(2026, 3, 9, 21, 30, tzinfo=TZ), tick=False):
        client.force_login(branch["secretary"])
        page = client.get(f"/party/sessions/{session.pk}/attendance/").content.decode()
        assert "外出务工" in page and "陈红" in page
        response = client.post(
            f"/party/sessions/{session.pk}/attendance/",
            {
                f"member_{branch['here'].pk}": "in_person",
                f"member_{branch['away'].pk}": "online",
                "minutes": "到会同志一起清理了楼道。",
            },
        )
        assert response.status_code == 302
    modes = dict(session.attendance.values_list("member__user__real_name", "mode"))
    assert modes == {"陈红": "in_person", "外出务工": "online"}
    session.refresh_from_db()
    assert session.minutes == "到会同志一起清理了楼道。"


def test_another_branch_is_refused(client, branch, baoan_staff):
    session = services.session_schedule(
        actor=branch["secretary"],
        organisation=branch["branch"],
        kind="lecture",
        held_at=datetime.datetime(2026, 3, 9, 19, 30, tzinfo=TZ),
        agenda="党课",
        venue="活动室",
    )
    for user in (secretary_of(branch["orgs"]["second"]), baoan_staff):
        client.force_login(user)
        assert client.get(f"/party/org/{branch['branch'].pk}/sessions/schedule/").status_code == 404
        assert client.get(f"/party/sessions/{session.pk}/attendance/").status_code == 404
        response = client.post(
            f"/party/sessions/{session.pk}/attendance/", {f"member_{branch['here'].pk}": "absent"}
        )
        assert response.status_code == 404
    assert client.get("/party/sessions/999999/attendance/").status_code == 404
    assert not SessionAttendance.objects.exists()


def test_bad_input_is_shown_and_changes_nothing(client, branch):
    client.force_login(branch["secretary"])
    response = _announce(client, branch, held_at="2026-03-01T09:00")  # already past
    assert response.status_code == 200 and "只能预告将来的组织生活" in response.content.decode()
    response = _announce(client, branch, venue="", online_link="")
    assert "请填写地点或线上参会链接" in response.content.decode()
    assert _announce(client, branch, kind="party", held_at="abc").status_code == 200
    assert not PartySession.objects.exists()
    assert _announce(client, branch).status_code == 302
    session = PartySession.objects.get()
    # not held yet: attendance waits
    response = client.post(
        f"/party/sessions/{session.pk}/attendance/",
        {f"member_{branch['here'].pk}": "in_person", f"member_{branch['away'].pk}": "absent"},
    )
    assert response.status_code == 200 and "组织生活召开后才能登记" in response.content.decode()
    assert not SessionAttendance.objects.exists()


def test_an_announced_session_counts_for_the_rhythm_once_its_attendance_is_recorded(client, branch):
    from party import rhythm

    session = services.session_schedule(
        actor=branch["secretary"],
        organisation=branch["branch"],
        kind="group_meeting",
        held_at=datetime.datetime(2026, 3, 3, 19, 30, tzinfo=TZ),
        agenda="学习",
        venue="活动室",
    )
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=TZ), tick=False):
        today = datetime.date(2026, 3, 10)

        def held():
            rows = rhythm.branch_year(branch["branch"], today)
            return next(row.held for row in rows if row.kind == "group_meeting")

        assert held() == 0
        client.force_login(branch["secretary"])
        html = client.get(f"/party/org/{branch['branch'].pk}/").content.decode()
        assert "尚未登记出席情况" in html
        services.session_attendance_record(
            actor=branch["secretary"], session=session, attendance={branch["here"].pk: "in_person"}
        )
        assert held() == 1
        html = client.get(f"/party/org/{branch['branch'].pk}/").content.decode()
        assert "尚未登记出席情况" not in html
