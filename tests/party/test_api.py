"""The party API: organisations scoped like the pages, members with sensitive fields only to
officers and staff, sessions scheduled and recorded by the secretary, the rhythm, service posts
claimed and given back, a member's yearly figures; refusals and lists that stay flat."""

import datetime

import pytest
import time_machine

from notifications.models import Message
from party import services
from party.models import CoBuildingUnit, PostClaim, SessionAttendance
from tests.accounts.factories import UserFactory
from tests.communities.factories import ResidencyFactory
from tests.party.conftest import TZ
from tests.party.factories import make_party_tree, secretary_of
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db

API = "/api/v1/party"


@pytest.fixture
def orgs(tree):
    return make_party_tree(tree)


@pytest.fixture
def branch(orgs):
    branch = orgs["first"]
    here = [
        services.party_member_register(
            actor=None,
            user=UserFactory(real_name=name),
            branch=branch,
            work_unit="禅城区税务局",
            joined_on=datetime.date(2010, 7, 1),
        )
        for name in ("陈红", "李明")
    ]
    away = services.party_member_register(
        actor=None, user=UserFactory(real_name="外出务工"), branch=orgs["other"], home_branch=branch
    )
    return {"branch": branch, "here": here, "away": away, "secretary": secretary_of(branch)}


def _schedule(branch, *, day=9):
    return services.session_schedule(
        actor=branch["secretary"],
        organisation=branch["branch"],
        kind="theme_day",
        held_at=datetime.datetime(2026, 3, day, 19, 30, tzinfo=TZ),
        agenda="学习党章",
        venue="党群服务中心",
        online_link="https://meeting.example.cn/abc",
    )


def test_a_branch_secretary_sees_only_their_branch(api_client, orgs, branch):
    api_client.force_authenticate(branch["secretary"])
    listed = api_client.get(f"{API}/organisations/").json()
    assert [row["name"] for row in listed["results"]] == ["第一支部"]
    assert listed["results"][0]["member_count"] == 2
    detail = api_client.get(f"{API}/organisations/{branch['branch'].pk}/").json()
    assert detail["works_here"] is True and detail["officers"][0]["role"] == "secretary"
    for name in ("second", "other", "committee"):
        pk = orgs[name].pk
        assert api_client.get(f"{API}/organisations/{pk}/").status_code == 404
        assert api_client.get(f"{API}/organisations/{pk}/members/").status_code == 404
        assert api_client.get(f"{API}/organisations/{pk}/sessions/").status_code == 404


def test_another_communitys_staff_are_refused(api_client, orgs, branch, baoan_staff):
    session = _schedule(branch)
    api_client.force_authenticate(baoan_staff)
    pk = branch["branch"].pk
    assert api_client.get(f"{API}/organisations/{pk}/").status_code == 404
    assert api_client.get(f"{API}/organisations/{pk}/rhythm/").status_code == 404
    assert api_client.get(f"{API}/sessions/{session.pk}/").status_code == 404
    response = api_client.post(
        f"{API}/organisations/{pk}/sessions/",
        {"kind": "lecture", "held_at": "2026-03-20T09:00:00+08:00", "agenda": "党课", "venue": "x"},
        format="json",
    )
    assert response.status_code == 404
    assert branch["branch"].sessions.count() == 1


def test_fellow_members_see_names_and_officers_see_the_rest(api_client, branch):
    pk = branch["branch"].pk
    api_client.force_authenticate(branch["here"][0].user)
    rows = api_client.get(f"{API}/organisations/{pk}/members/").json()["results"]
    assert {row["name"] for row in rows} == {"陈红", "李明"}
    assert all(row["phone"] is None and row["work_unit"] is None for row in rows)
    assert api_client.get(f"{API}/organisations/{pk}/").json()["works_here"] is False
    api_client.force_authenticate(branch["secretary"])
    rows = api_client.get(f"{API}/organisations/{pk}/members/").json()["results"]
    assert {row["phone"] for row in rows} == {m.user.phone for m in branch["here"]}
    assert {row["joined_on"] for row in rows} == {"2010-07-01"}


def test_a_secretary_schedules_a_session_and_records_who_came(api_client, branch):
    pk = branch["branch"].pk
    here, away = branch["here"], branch["away"]
    api_client.force_authenticate(branch["secretary"])
    # given: a themed day announced a week ahead
    response = api_client.post(
        f"{API}/organisations/{pk}/sessions/",
        {
            "kind": "theme_day",
            "held_at": "2026-03-09T19:30:00+08:00",
            "agenda": "学习党章",
            "venue": "党群服务中心",
            "online_link": "https://meeting.example.cn/abc",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    session = response.json()
    assert session["expected"] == 0 and session["attendance"] == []
    # the mobile member away sees it with the link, and was told
    api_client.force_authenticate(away.user)
    coming = api_client.get(f"{API}/my/sessions/").json()["results"]
    assert [(row["id"], row["online_link"], row["my_mode"]) for row in coming] == [
        (session["id"], "https://meeting.example.cn/abc", None)
    ]
    assert Message.objects.filter(recipient=away.user, category="party").count() == 1
    # when: the evening is over, the secretary records who came
    with time_machine.travel(datetime.datetime(2026, 3, 9, 21, 30, tzinfo=TZ), tick=False):
        api_client.force_authenticate(branch["secretary"])
        recorded = api_client.post(
            f"{API}/sessions/{session['id']}/attendance/",
            {
                "attendance": [
                    {"member": here[0].pk, "mode": "in_person"},
                    {"member": away.pk, "mode": "online"},
                ],
                "minutes": "到会同志一起清理了楼道。",
            },
            format="json",
        )
        assert recorded.status_code == 200, recorded.json()
        assert (recorded.json()["in_person"], recorded.json()["online"]) == (1, 1)
        assert recorded.json()["expected"] == 3
        # then: the member's past list says how they took part
        api_client.force_authenticate(away.user)
        past = api_client.get(f"{API}/my/sessions/", {"when": "past"}).json()["results"]
        assert past[0]["my_mode"] == "online"
        detail = api_client.get(f"{API}/sessions/{session['id']}/").json()
        assert [row["mode"] for row in detail["attendance"]] == ["online"]  # their own line only


def test_a_held_session_is_recorded_at_once_with_its_attendance(api_client, branch):
    here = branch["here"]
    api_client.force_authenticate(branch["secretary"])
    response = api_client.post(
        f"{API}/organisations/{branch['branch'].pk}/sessions/",
        {
            "kind": "group_meeting",
            "held_at": "2026-03-01T09:00:00+08:00",
            "agenda": "学习",
            "venue": "活动室",
            "attendance": [{"member": here[0].pk, "mode": "in_person"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert SessionAttendance.objects.filter(mode="in_person").count() == 1
    assert SessionAttendance.objects.filter(mode="absent").count() == 2
    rhythm = api_client.get(f"{API}/organisations/{branch['branch'].pk}/rhythm/").json()
    groups = next(row for row in rhythm["rows"] if row["kind"] == "group_meeting")
    assert (groups["held"], groups["due_by_now"], groups["behind"]) == (1, 2, True)
    assert rhythm["behind"] is True


def test_bad_input_is_refused_and_nothing_changes(api_client, orgs, branch):
    pk = branch["branch"].pk
    url = f"{API}/organisations/{pk}/sessions/"
    good = {"kind": "lecture", "held_at": "2026-03-20T09:00:00+08:00", "agenda": "党课"}
    api_client.force_authenticate(branch["secretary"])
    assert api_client.post(url, {**good, "kind": "party"}, format="json").status_code == 400
    assert api_client.post(url, {**good, "held_at": "abc"}, format="json").status_code == 400
    response = api_client.post(url, good, format="json")  # neither venue nor link
    assert response.status_code == 400 and response.json()["code"] == "no_venue"
    stranger = services.party_member_register(actor=None, user=UserFactory(), branch=orgs["second"])
    response = api_client.post(
        url,
        {
            **good,
            "held_at": "2026-03-01T09:00:00+08:00",
            "venue": "活动室",
            "attendance": [{"member": stranger.pk, "mode": "in_person"}],
        },
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "not_members"
    twice = [{"member": branch["here"][0].pk, "mode": "absent"}] * 2
    response = api_client.post(url, {**good, "venue": "x", "attendance": twice}, format="json")
    assert response.status_code == 400 and "attendance" in response.json()["errors"]
    session = _schedule(branch)
    response = api_client.post(
        f"{API}/sessions/{session.pk}/attendance/", {"attendance": []}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "future"
    assert api_client.get(f"{API}/my/sessions/", {"when": "soon"}).status_code == 400
    # a fellow member may read the branch's sessions but not record one
    api_client.force_authenticate(branch["here"][0].user)
    response = api_client.post(url, {**good, "venue": "x"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "forbidden"
    assert branch["branch"].sessions.count() == 1
    assert not SessionAttendance.objects.exists()


@pytest.fixture
def posts(tapo, baoan, tapo_staff, baoan_staff):
    unit = CoBuildingUnit.objects.create(community=tapo["community"], kind="agency", name="税务局")
    user = UserFactory(real_name="张在职")
    ResidencyFactory(user=user, household=tapo["households"][0])
    member = services.in_service_report(
        user=user, community=tapo["community"], work_unit="", employer=unit
    )
    here = services.service_post_publish(
        actor=tapo_staff, community=tapo["community"], title="文明劝导岗", places=1
    )
    there = services.service_post_publish(
        actor=baoan_staff, community=baoan["community"], title="保安助老岗", places=3
    )
    return {"member": member, "here": here, "there": there, "unit": unit}


def test_an_in_service_member_claims_and_gives_back_a_post(api_client, posts):
    member, here = posts["member"], posts["here"]
    api_client.force_authenticate(member.user)
    rows = api_client.get(f"{API}/service/posts/").json()["results"]
    assert [(row["title"], row["taken"], row["mine"]) for row in rows] == [("文明劝导岗", 0, False)]
    claimed = api_client.post(f"{API}/service/posts/{here.pk}/claim/")
    assert claimed.status_code == 200 and claimed.json()["mine"] is True
    again = api_client.post(f"{API}/service/posts/{here.pk}/claim/")
    assert again.status_code == 400 and again.json()["code"] == "full"
    figures = api_client.get(f"{API}/service/figures/").json()
    assert figures == {"year": 2026, "minutes": 0, "wishes": 0, "posts": 1, "community": "塔坡社区"}
    given_back = api_client.post(f"{API}/service/posts/{here.pk}/unclaim/")
    assert given_back.status_code == 200 and given_back.json()["taken"] == 0
    response = api_client.post(f"{API}/service/posts/{here.pk}/unclaim/")
    assert response.status_code == 400 and response.json()["code"] == "not_held"
    # another community's post is not there to claim
    assert api_client.post(f"{API}/service/posts/{posts['there'].pk}/claim/").status_code == 404
    assert api_client.get(f"{API}/service/figures/", {"year": "abc"}).status_code == 400
    assert api_client.get(f"{API}/service/figures/", {"year": "1900"}).status_code == 400
    assert not PostClaim.objects.exists()


def test_list_endpoints_stay_flat(api_client, orgs, branch, posts, tapo_staff):
    secretary, first = branch["secretary"], branch["branch"]
    counter = iter(range(100))

    def grow_branch():
        for _ in range(2):
            n = next(counter)
            services.organisation_create(
                actor=None, node=first.node, name=f"新支部{n}", parent=orgs["committee"]
            )
            services.party_member_register(actor=None, user=UserFactory(), branch=first)
            services.session_schedule(
                actor=secretary,
                organisation=first,
                kind="lecture",
                held_at=datetime.datetime(2026, 4, 1 + n, 9, 0, tzinfo=TZ),
                agenda="党课",
                venue="活动室",
                online_link="https://meeting.example.cn/x",
            )

    api_client.force_authenticate(tapo_staff)
    for url in (
        f"{API}/organisations/",
        f"{API}/organisations/{first.pk}/members/",
        f"{API}/organisations/{first.pk}/sessions/",
    ):
        assert_flat(api_client, url, grow_branch)
    api_client.force_authenticate(branch["away"].user)
    assert_flat(api_client, f"{API}/my/sessions/", grow_branch)

    def grow_posts():
        for _ in range(2):
            post = services.service_post_publish(
                actor=tapo_staff,
                community=posts["here"].community,
                title=f"岗{next(counter)}",
                places=2,
            )
            services.service_post_claim(user=posts["member"].user, post=post)

    api_client.force_authenticate(posts["member"].user)
    assert_flat(api_client, f"{API}/service/posts/", grow_posts)


def test_a_member_transferred_out_no_longer_reads_the_old_branch(api_client, branch, tapo_staff):
    member = branch["here"][0]
    _schedule(branch)
    api_client.force_authenticate(member.user)
    pk = branch["branch"].pk
    assert api_client.get(f"{API}/organisations/{pk}/").status_code == 200
    assert api_client.get(f"{API}/my/sessions/").json()["count"] == 1
    services.member_transfer(
        actor=tapo_staff,
        member=member,
        direction="out",
        on=datetime.date(2026, 3, 2),
        other_organisation="广州市某支部",
    )
    assert api_client.get(f"{API}/organisations/{pk}/").status_code == 404
    assert api_client.get(f"{API}/organisations/{pk}/sessions/").status_code == 404
    assert api_client.get(f"{API}/my/sessions/").json()["count"] == 0
