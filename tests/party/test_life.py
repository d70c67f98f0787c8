"""Organisational life: a secretary records a session with attendance, minutes and photos; the
branch's year against the required rhythm warns when behind."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from party import rhythm, services
from party.models import PartySession, SessionAttendance
from tests.accounts.factories import UserFactory
from tests.cases.factories import jpeg_bytes
from tests.party.conftest import TZ
from tests.party.factories import make_party_tree, secretary_of
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(tree):
    return make_party_tree(tree)


@pytest.fixture
def branch(orgs):
    branch = orgs["first"]
    here = [
        services.party_member_register(actor=None, user=UserFactory(real_name=name), branch=branch)
        for name in ("陈红", "李明")
    ]
    away = services.party_member_register(
        actor=None, user=UserFactory(real_name="外出务工"), branch=orgs["other"], home_branch=branch
    )
    return {"branch": branch, "here": here, "away": away}


def _post(client, branch, **extra):
    here, away = branch["here"], branch["away"]
    data = {
        "kind": "theme_day",
        "held_at": "2026-03-01T09:00",
        "venue": "党群服务中心",
        "online_link": "https://meeting.example.cn/abc",
        "agenda": "学习党章；清理楼道",
        "minutes": "到会同志一起清理了楼道。",
        f"member_{here[0].pk}": "in_person",
        f"member_{here[1].pk}": "absent",
        f"member_{away.pk}": "online",
        **extra,
    }
    return client.post(f"/party/org/{branch['branch'].pk}/sessions/new/", data)


def test_a_secretary_records_a_themed_day_with_attendance_and_photos(client, branch):
    client.force_login(secretary_of(branch["branch"]))
    page = client.get(f"/party/org/{branch['branch'].pk}/sessions/new/").content.decode()
    assert "外出务工" in page  # the mobile member away is expected, online
    photo = SimpleUploadedFile("a.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = _post(client, branch, photos=[photo])
    assert response.status_code == 302
    session = PartySession.objects.get()
    assert (session.kind, session.held_at) == (
        "theme_day",
        datetime.datetime(2026, 3, 1, 9, tzinfo=TZ),
    )
    modes = dict(session.attendance.values_list("member__user__real_name", "mode"))
    assert modes == {"陈红": "in_person", "李明": "absent", "外出务工": "online"}
    assert session.photos.count() == 1
    assert AuditEntry.objects.filter(action="party.session_record").exists()
    html = client.get(f"/party/org/{branch['branch'].pk}/").content.decode()
    assert "1 人到会，1 人线上参加，应到 3 人" in html


def test_online_attendance_needs_the_link(client, branch):
    client.force_login(secretary_of(branch["branch"]))
    response = _post(client, branch, online_link="")
    assert response.status_code == 200
    assert "请填写线上参会链接" in response.content.decode()
    assert not PartySession.objects.exists()


def test_a_session_is_recorded_after_it_is_held_and_only_with_members(branch):
    with pytest.raises(ValidationError):
        services.session_record(
            actor=None,
            organisation=branch["branch"],
            kind="lecture",
            held_at=datetime.datetime(2026, 3, 9, 9, tzinfo=TZ),
            agenda="党课",
            attendance={},
        )
    stranger = services.party_member_register(
        actor=None, user=UserFactory(), reported_community=branch["branch"].node.parent.parent
    )
    with pytest.raises(ValidationError) as error:
        services.session_record(
            actor=None,
            organisation=branch["branch"],
            kind="lecture",
            held_at=datetime.datetime(2026, 3, 1, 9, tzinfo=TZ),
            agenda="党课",
            attendance={stranger.pk: "in_person"},
        )
    assert error.value.code == "not_members"


def test_another_branch_cannot_record_here(client, orgs, branch):
    client.force_login(secretary_of(orgs["second"]))
    assert client.get(f"/party/org/{branch['branch'].pk}/sessions/new/").status_code == 404
    assert _post(client, branch).status_code == 404
    with pytest.raises(ValidationError):
        services.session_record(
            actor=secretary_of(orgs["other"]),
            organisation=branch["branch"],
            kind="lecture",
            held_at=datetime.datetime(2026, 3, 1, 9, tzinfo=TZ),
            agenda="党课",
            attendance={},
        )


def _held(branch, kind, day):
    return services.session_record(
        actor=None,
        organisation=branch,
        kind=kind,
        agenda="议程",
        held_at=datetime.datetime(2026, day[0], day[1], 9, tzinfo=TZ),
        attendance={},
    )


def test_the_year_warns_when_the_branch_is_behind_the_rhythm(client, branch):
    organisation = branch["branch"]
    today = datetime.date(2026, 3, 2)  # January and February have passed
    _held(organisation, "group_meeting", (1, 20))
    rows = {row.kind: row for row in rhythm.branch_year(organisation, today)}
    assert (rows["group_meeting"].held, rows["group_meeting"].due_by_now) == (1, 2)
    assert rows["group_meeting"].behind
    assert not rows["lecture"].behind  # quarterly: none due before April
    client.force_login(secretary_of(organisation))
    html = client.get(f"/party/org/{organisation.pk}/").content.decode()
    assert "党小组会" in html and "进度落后" in html
    _held(organisation, "group_meeting", (2, 20))
    rows = {row.kind: row for row in rhythm.branch_year(organisation, today)}
    assert not rows["group_meeting"].behind
    # last year's sessions do not count for this year
    assert rhythm.due_by(4, datetime.date(2026, 12, 31)) == 3
    assert rhythm.due_by(12, datetime.date(2027, 1, 15)) == 0


def test_the_branch_page_with_sessions_reads_in_a_fixed_number_of_queries(client, branch):
    client.force_login(secretary_of(branch["branch"]))
    members = {member.pk: SessionAttendance.Mode.IN_PERSON for member in branch["here"]}

    def grow():
        for day in (10, 11, 12):
            services.session_record(
                actor=None,
                organisation=branch["branch"],
                kind="committee_meeting",
                agenda="议程",
                held_at=datetime.datetime(2026, 2, day, 9, tzinfo=TZ),
                attendance=members,
            )

    assert_flat(client, f"/party/org/{branch['branch'].pk}/", grow)
