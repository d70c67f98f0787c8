"""The co-building API (党建益联盟): units with offers, projects (共建项目) with follow-ups posted
through the service the staff page uses, alliances with member units and teams, pairings (结对)
started and ended; scoped like the staff pages, refusals as 400 with their code, lists flat."""

import datetime

import pytest
from django.urls import reverse

from communities.models import Node, Post
from party import services
from party.models import Commitment, CommitmentFollowUp, Pairing
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint
from tests.querycount import assert_flat
from tests.volunteers.factories import team_with_leader

pytestmark = pytest.mark.django_db

API = "/api/v1/party"
PAST_DUE = datetime.date(2026, 2, 20)


def _unit(community, name):
    return services.co_building_unit_save(
        actor=None, community=community, kind="company", name=name
    )


def _commitment(unit, due_on=PAST_DUE, title="老旧线路改造"):
    return services.commitment_create(
        actor=None, unit=unit, community=unit.community, title=title, due_on=due_on
    )


@pytest.fixture
def unit(tapo):
    unit = _unit(tapo["community"], "供电局")
    services.unit_offer_add(actor=None, unit=unit, kind="venue", description="三楼会议室")
    return unit


@pytest.fixture
def baoan_unit(baoan):
    return _unit(baoan["community"], "税务局")


@pytest.fixture
def alliance(tree):
    return services.alliance_create(actor=None, node=tree["street"], name="祖庙街道党建益联盟")


@pytest.fixture
def tapo_team(tapo):
    return team_with_leader(tapo["community"], name="塔坡环境服务队")[0]


@pytest.fixture
def baoan_team(baoan):
    return team_with_leader(baoan["community"], name="保安助老服务队")[0]


def test_community_staff_see_their_units_and_another_communitys_are_refused(
    api_client, unit, baoan_unit, tapo_team, tapo_staff, baoan_staff, street_staff
):
    commitment = _commitment(unit)
    pairing = services.pairing_start(
        actor=None,
        unit=unit,
        team=tapo_team,
        started_on=datetime.date(2026, 1, 1),
        activities="共建",
    )
    api_client.force_authenticate(tapo_staff)
    rows = api_client.get(f"{API}/units/").json()["results"]
    assert [(row["name"], row["offer_count"], row["overdue_count"]) for row in rows] == [
        ("供电局", 1, 1)
    ]
    detail = api_client.get(f"{API}/units/{unit.pk}/").json()
    assert [offer["description"] for offer in detail["offers"]] == ["三楼会议室"]
    assert [row["title"] for row in detail["commitments"]] == ["老旧线路改造"]
    assert detail["commitments"][0]["overdue"] is True
    assert [row["team_name"] for row in detail["pairings"]] == ["塔坡环境服务队"]
    # the street's staff see both communities' units
    api_client.force_authenticate(street_staff)
    rows = api_client.get(f"{API}/units/").json()["results"]
    assert {row["name"] for row in rows} == {"供电局", "税务局"}
    # another community's staff: not found, and nothing written
    api_client.force_authenticate(baoan_staff)
    assert [row["name"] for row in api_client.get(f"{API}/units/").json()["results"]] == ["税务局"]
    assert api_client.get(f"{API}/projects/").json()["results"] == []
    assert api_client.get(f"{API}/pairings/").json()["results"] == []
    for url in (
        f"{API}/units/{unit.pk}/",
        f"{API}/projects/{commitment.pk}/",
    ):
        assert api_client.get(url).status_code == 404
    response = api_client.post(
        f"{API}/projects/{commitment.pk}/follow-ups/",
        {"on": "2026-03-01", "status": "done", "note": "越界"},
        format="json",
    )
    assert response.status_code == 404
    response = api_client.post(
        f"{API}/pairings/{pairing.pk}/end/",
        {"ended_on": "2026-03-01", "record": "越界"},
        format="json",
    )
    assert response.status_code == 404
    response = api_client.post(
        f"{API}/pairings/",
        {"unit": unit.pk, "team": tapo_team.pk, "started_on": "2026-03-01", "activities": "x"},
        format="json",
    )
    assert response.status_code == 404
    commitment.refresh_from_db()
    pairing.refresh_from_db()
    assert commitment.status == "promised" and not commitment.follow_ups.exists()
    assert pairing.ended_on is None and Pairing.objects.count() == 1


def test_residents_and_captains_are_not_let_in(api_client, tapo_captain, unit, alliance):
    for user in (UserFactory(), tapo_captain):
        api_client.force_authenticate(user)
        for url in (
            f"{API}/units/",
            f"{API}/units/{unit.pk}/",
            f"{API}/projects/",
            f"{API}/alliances/",
            f"{API}/alliances/{alliance.pk}/",
            f"{API}/pairings/",
        ):
            assert api_client.get(url).status_code == 404, url
    api_client.force_authenticate(None)
    assert api_client.get(f"{API}/units/").status_code in (401, 403)


def test_a_follow_up_posted_through_the_api_shows_on_the_staff_page(
    api_client, client, unit, tapo_staff
):
    commitment = _commitment(unit)
    on_time = _commitment(unit, due_on=datetime.date(2026, 6, 30), title="充电桩")
    api_client.force_authenticate(tapo_staff)
    overdue = api_client.get(f"{API}/projects/", {"overdue": "true"}).json()["results"]
    assert [row["id"] for row in overdue] == [commitment.pk]
    every = api_client.get(f"{API}/projects/").json()["results"]
    assert [row["id"] for row in every] == [commitment.pk, on_time.pk]
    # when: the project is completed through the API
    response = api_client.post(
        f"{API}/projects/{commitment.pk}/follow-ups/",
        {"on": "2026-03-01", "status": "done", "note": "线路改造完工验收"},
        format="json",
    )
    # then: the answer, the overdue list and the staff page all say so
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["overdue"]) == ("done", False)
    assert [(row["note"], row["status"]) for row in body["follow_ups"]] == [
        ("线路改造完工验收", "done")
    ]
    assert body["follow_ups"][0]["recorded_by"]
    assert api_client.get(f"{API}/projects/", {"overdue": "true"}).json()["results"] == []
    client.force_login(tapo_staff)
    page = client.get(reverse("party:commitment", args=[commitment.pk])).content.decode()
    assert "线路改造完工验收" in page
    assert "2026-02-20" in page and "is not done yet" not in page and "尚未完成" not in page
    # a done project takes no more follow-ups
    response = api_client.post(
        f"{API}/projects/{commitment.pk}/follow-ups/",
        {"on": "2026-03-01", "status": "under_way", "note": "再次"},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "done"
    assert commitment.follow_ups.count() == 1


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"on": "2026-03-01", "status": "finished", "note": "x"}, "bad_status"),
        ({"on": "yesterday", "status": "done", "note": "x"}, "invalid"),
        ({"on": "2026-03-01", "status": "done", "note": ""}, "no_note"),
        ({"on": "2026-03-09", "status": "done", "note": "未来"}, "future"),
        ({"on": "2026-03-01", "status": "done", "note": "x" * 301}, "invalid"),
        ({}, "invalid"),
        (["not", "an", "object"], "invalid"),
    ],
)
def test_a_bad_follow_up_is_a_400_and_changes_nothing(api_client, unit, tapo_staff, data, code):
    commitment = _commitment(unit)
    api_client.force_authenticate(tapo_staff)
    response = api_client.post(f"{API}/projects/{commitment.pk}/follow-ups/", data, format="json")
    assert response.status_code == 400 and response.json()["code"] == code
    commitment.refresh_from_db()
    assert commitment.status == "promised" and not CommitmentFollowUp.objects.exists()


def test_a_project_under_way_does_not_go_back_to_promised(api_client, unit, tapo_staff):
    commitment = _commitment(unit)
    services.commitment_follow_up(
        actor=None,
        commitment=commitment,
        on=datetime.date(2026, 2, 1),
        note="开工",
        status="under_way",
    )
    api_client.force_authenticate(tapo_staff)
    response = api_client.post(
        f"{API}/projects/{commitment.pk}/follow-ups/",
        {"on": "2026-03-01", "status": "promised", "note": "退回"},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "backwards"
    assert commitment.follow_ups.count() == 1


def test_bad_query_and_unknown_ids_are_4xx(api_client, unit, tapo_staff):
    api_client.force_authenticate(tapo_staff)
    assert api_client.get(f"{API}/projects/", {"overdue": "abc"}).status_code == 400
    assert api_client.get(f"{API}/units/999999/").status_code == 404
    assert api_client.get(f"{API}/alliances/999999/").status_code == 404
    response = api_client.post(
        f"{API}/projects/999999/follow-ups/",
        {"on": "2026-03-01", "status": "done", "note": "x"},
        format="json",
    )
    assert response.status_code == 404


def test_alliances_with_member_units_and_teams_seen_from_each_community(
    api_client, unit, baoan_unit, alliance, tapo_team, baoan_team, tapo_staff, baoan_staff
):
    for member in (unit, baoan_unit):
        services.alliance_unit_join(
            actor=None, alliance=alliance, unit=member, joined_on=datetime.date(2026, 1, 1)
        )
    for team in (tapo_team, baoan_team):
        services.alliance_team_add(
            actor=None, alliance=alliance, team=team, joined_on=datetime.date(2026, 1, 1)
        )
    api_client.force_authenticate(tapo_staff)
    rows = api_client.get(f"{API}/alliances/").json()["results"]
    assert [(row["name"], row["level"], row["unit_count"], row["team_count"]) for row in rows] == [
        ("祖庙街道党建益联盟", "street", 2, 2)
    ]
    detail = api_client.get(f"{API}/alliances/{alliance.pk}/").json()
    assert [row["unit_name"] for row in detail["members"]] == ["供电局"]
    assert [row["team_name"] for row in detail["teams"]] == ["塔坡环境服务队"]
    api_client.force_authenticate(baoan_staff)
    detail = api_client.get(f"{API}/alliances/{alliance.pk}/").json()
    assert [row["unit_name"] for row in detail["members"]] == ["税务局"]
    assert [row["team_name"] for row in detail["teams"]] == ["保安助老服务队"]


def test_district_staff_see_their_district_and_another_streets_staff_do_not(
    api_client, tree, unit, alliance
):
    from communities import services as communities_services

    district = communities_services.district_place_streets(
        actor=None, district_code="440604", district_name="禅城区"
    )
    district_alliance = services.alliance_create(actor=None, node=district, name="禅城区益联盟")
    other_street = communities_services.node_create(
        actor=None, kind=Node.Kind.STREET, name="石湾镇街道", code="440604002", parent=district
    )
    api_client.force_authenticate(appoint(Post.Kind.DISTRICT_STAFF, district).user)
    names = [row["name"] for row in api_client.get(f"{API}/alliances/").json()["results"]]
    assert names == ["禅城区益联盟", "祖庙街道党建益联盟"]
    assert [row["name"] for row in api_client.get(f"{API}/units/").json()["results"]] == ["供电局"]
    api_client.force_authenticate(appoint(Post.Kind.STREET_STAFF, other_street).user)
    names = [row["name"] for row in api_client.get(f"{API}/alliances/").json()["results"]]
    assert names == ["禅城区益联盟"]
    assert api_client.get(f"{API}/alliances/{alliance.pk}/").status_code == 404
    assert api_client.get(f"{API}/units/{unit.pk}/").status_code == 404
    detail = api_client.get(f"{API}/alliances/{district_alliance.pk}/").json()
    assert detail["members"] == [] and detail["teams"] == []


def test_staff_pair_a_unit_with_a_team_and_end_it(api_client, unit, tapo_team, street_staff):
    api_client.force_authenticate(street_staff)
    start = {
        "unit": unit.pk,
        "team": tapo_team.pk,
        "started_on": "2026-03-01",
        "activities": "每月用电安全进楼栋",
    }
    response = api_client.post(f"{API}/pairings/", start, format="json")
    assert response.status_code == 201, response.json()
    pairing = response.json()
    assert (pairing["unit_name"], pairing["team_name"], pairing["ended_on"]) == (
        "供电局",
        "塔坡环境服务队",
        None,
    )
    again = api_client.post(f"{API}/pairings/", start, format="json")
    assert again.status_code == 400 and again.json()["code"] == "already_paired"
    rows = api_client.get(f"{API}/pairings/").json()["results"]
    assert [row["id"] for row in rows] == [pairing["id"]]
    url = f"{API}/pairings/{pairing['id']}/end/"
    for data, code in (
        ({"ended_on": "2026-02-01", "record": "x"}, "bad_date"),
        ({"ended_on": "2026-03-09", "record": "x"}, "future"),
        ({"ended_on": "2026-03-02", "record": " "}, "no_record"),
        ({"ended_on": "tomorrow", "record": "x"}, "invalid"),
    ):
        response = api_client.post(url, data, format="json")
        assert response.status_code == 400 and response.json()["code"] == code, data
    assert Pairing.objects.get().ended_on is None
    ended = api_client.post(url, {"ended_on": "2026-03-02", "record": "三栋楼线路排查完"})
    assert ended.status_code == 200 and ended.json()["ended_on"] == "2026-03-02"
    again = api_client.post(url, {"ended_on": "2026-03-02", "record": "再次"}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "already_ended"
    assert Pairing.objects.get().end_record == "三栋楼线路排查完"


def test_a_pairing_refused_by_the_service_is_a_400(api_client, tree, unit, tapo_team, street_staff):
    from tests.volunteers.factories import volunteer
    from volunteers import services as volunteer_services

    street_team = volunteer_services.team_create(
        actor=None,
        node=tree["street"],
        name="街道服务队",
        kind="other",
        leader=volunteer(tree["塔坡社区"]["community"]),
    )
    api_client.force_authenticate(street_staff)
    base = {"unit": unit.pk, "started_on": "2026-03-01", "activities": "共建"}
    response = api_client.post(f"{API}/pairings/", {**base, "team": street_team.pk}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "not_community_team"
    response = api_client.post(
        f"{API}/pairings/", {**base, "team": tapo_team.pk, "activities": ""}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "no_activities"
    for bad in ({**base, "team": "abc"}, {**base, "team": tapo_team.pk, "started_on": "x"}):
        assert api_client.post(f"{API}/pairings/", bad, format="json").status_code == 400
    response = api_client.post(f"{API}/pairings/", {**base, "team": 10**9}, format="json")
    assert response.status_code == 404
    assert not Pairing.objects.exists()


def test_list_endpoints_stay_flat(api_client, tree, tapo, baoan, unit, alliance, street_staff):
    counter = iter(range(100))

    def grow():
        for place in (tapo, baoan):
            n = next(counter)
            more = _unit(place["community"], f"单位{n}")
            services.unit_offer_add(actor=None, unit=more, kind="venue", description="会议室")
            commitment = _commitment(more, title=f"项目{n}")
            services.commitment_follow_up(
                actor=None,
                commitment=commitment,
                on=datetime.date(2026, 3, 1),
                note="进展",
                status="under_way",
            )
            team = team_with_leader(place["community"], name=f"服务队{n}")[0]
            services.pairing_start(
                actor=None,
                unit=more,
                team=team,
                started_on=datetime.date(2026, 3, 1),
                activities="共建",
            )
            services.alliance_unit_join(
                actor=None, alliance=alliance, unit=more, joined_on=datetime.date(2026, 3, 1)
            )
            services.alliance_team_add(
                actor=None, alliance=alliance, team=team, joined_on=datetime.date(2026, 3, 1)
            )

    api_client.force_authenticate(street_staff)
    for url in (
        f"{API}/units/",
        f"{API}/projects/",
        f"{API}/alliances/",
        f"{API}/pairings/",
    ):
        assert_flat(api_client, url, grow)
    assert_flat(api_client, f"{API}/projects/", grow, {"overdue": "true"})
    assert Commitment.objects.count() > 4
