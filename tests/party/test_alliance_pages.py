"""Staff pages of the 党建益联盟: units, offers and projects (共建项目) with follow-ups, the
alliance's levels and pairings (结对), scoped to the staff member's place; the workbench warns
of overdue projects until a follow-up completes them."""

import datetime

import pytest
from django.urls import reverse

from communities.models import Post
from party import services
from party.models import Alliance, CoBuildingUnit, Commitment, Pairing, UnitOffer
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint
from tests.querycount import assert_flat
from tests.volunteers.factories import team_with_leader

pytestmark = pytest.mark.django_db


def _unit(community, name):
    return services.co_building_unit_save(
        actor=None, community=community, kind="company", name=name
    )


@pytest.fixture
def unit(tapo):
    return _unit(tapo["community"], "供电局")


@pytest.fixture
def baoan_unit(baoan):
    return _unit(baoan["community"], "税务局")


@pytest.fixture
def alliance(tree):
    return services.alliance_create(actor=None, node=tree["street"], name="祖庙街道党建益联盟")


@pytest.fixture
def tapo_team(tapo):
    return team_with_leader(tapo["community"], name="塔坡环境服务队")[0]


PAST_DUE = datetime.date(2026, 2, 20)


def _commitment(unit, due_on=PAST_DUE, title="老旧线路改造"):
    return services.commitment_create(
        actor=None, unit=unit, community=unit.community, title=title, due_on=due_on
    )


# --- scoping ---------------------------------------------------------------------------


def test_each_staff_member_sees_the_units_of_their_place(
    client, unit, baoan_unit, street_staff, tapo_staff
):
    client.force_login(street_staff)
    page = client.get(reverse("party:units")).content.decode()
    assert "供电局" in page and "税务局" in page
    client.force_login(tapo_staff)
    page = client.get(reverse("party:units")).content.decode()
    assert "供电局" in page and "税务局" not in page


def test_another_communitys_staff_are_refused_every_page(
    client, unit, alliance, tapo_team, baoan_staff, tapo_staff
):
    commitment = _commitment(unit)
    offer = services.unit_offer_add(actor=None, unit=unit, kind="venue", description="会议室")
    pairing = services.pairing_start(
        actor=None,
        unit=unit,
        team=tapo_team,
        started_on=datetime.date(2026, 1, 1),
        activities="共建",
    )
    client.force_login(baoan_staff)
    for url in (
        reverse("party:unit", args=[unit.pk]),
        reverse("party:commitment", args=[commitment.pk]),
        reverse("party:pairing", args=[pairing.pk]),
    ):
        assert client.get(url).status_code == 404
    for url, data in (
        (
            reverse("party:commitment", args=[commitment.pk]),
            {"on": "2026-03-01", "status": "done", "note": "x"},
        ),
        (reverse("party:offer_remove", args=[offer.pk]), {}),
        (reverse("party:pairing", args=[pairing.pk]), {"ended_on": "2026-03-01", "record": "x"}),
        (reverse("party:offer_add", args=[unit.pk]), {"kind": "venue", "description": "x"}),
    ):
        assert client.post(url, data).status_code == 404
    commitment.refresh_from_db()
    pairing.refresh_from_db()
    assert commitment.status == "promised" and pairing.ended_on is None
    assert UnitOffer.objects.count() == 1
    # the street's alliance is shown to the community's staff, with their community's rows only
    client.force_login(baoan_staff)
    page = client.get(reverse("party:alliance", args=[alliance.pk])).content.decode()
    assert "塔坡环境服务队" not in page
    client.force_login(tapo_staff)
    page = client.get(reverse("party:alliance", args=[alliance.pk])).content.decode()
    assert "供电局 × 塔坡环境服务队" in page


def test_residents_and_captains_do_not_reach_the_pages(client, tapo_captain, unit):
    for user in (UserFactory(), tapo_captain):
        client.force_login(user)
        assert client.get(reverse("party:units")).status_code == 404
        assert client.get(reverse("party:alliances")).status_code == 404
        assert client.get(reverse("party:unit", args=[unit.pk])).status_code == 404


# --- writes through the pages ----------------------------------------------------------


def test_community_staff_add_a_unit_an_offer_and_a_project(client, tapo, tapo_staff, baoan):
    client.force_login(tapo_staff)
    response = client.post(
        reverse("party:units"),
        {"community": tapo["community"].pk, "kind": "agency", "name": "区卫健局"},
    )
    assert response.status_code == 302
    unit = CoBuildingUnit.objects.get(name="区卫健局")
    client.post(
        reverse("party:offer_add", args=[unit.pk]),
        {"kind": "professional", "description": "每月义诊"},
    )
    client.post(
        reverse("party:commitment_new", args=[unit.pk]),
        {"title": "健康讲座", "due_on": "2026-04-30"},
    )
    assert list(unit.offers.values_list("description", flat=True)) == ["每月义诊"]
    assert list(unit.commitments.values_list("title", "community")) == [
        ("健康讲座", tapo["community"].pk)
    ]
    # another community is not among the choices
    response = client.post(
        reverse("party:units"),
        {"community": baoan["community"].pk, "kind": "agency", "name": "越界单位"},
    )
    assert response.status_code == 200
    assert not CoBuildingUnit.objects.filter(name="越界单位").exists()


@pytest.mark.parametrize(
    "data",
    [
        {"on": "2026-03-01", "status": "finished", "note": "x"},
        {"on": "yesterday", "status": "done", "note": "x"},
        {"on": "2026-03-01", "status": "done", "note": ""},
        {"on": "2026-03-09", "status": "done", "note": "未来"},
        {},
    ],
)
def test_a_bad_follow_up_is_said_on_the_form_and_changes_nothing(client, unit, tapo_staff, data):
    commitment = _commitment(unit)
    client.force_login(tapo_staff)
    response = client.post(reverse("party:commitment", args=[commitment.pk]), data)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.status == "promised" and not commitment.follow_ups.exists()


def test_a_follow_up_on_a_done_project_is_refused_not_a_500(client, unit, tapo_staff):
    commitment = _commitment(unit)
    services.commitment_follow_up(
        actor=None, commitment=commitment, on=datetime.date(2026, 3, 1), note="完成", status="done"
    )
    client.force_login(tapo_staff)
    response = client.post(
        reverse("party:commitment", args=[commitment.pk]),
        {"on": "2026-03-01", "status": "under_way", "note": "再次"},
    )
    assert response.status_code == 200
    assert "该项目已完成" in response.content.decode()
    assert commitment.follow_ups.count() == 1


def test_street_staff_set_up_an_alliance_enrol_a_team_and_pair_a_unit(
    client, tree, unit, tapo_team, street_staff
):
    client.force_login(street_staff)
    client.post(reverse("party:alliances"), {"node": tree["street"].pk, "name": "街道益联盟"})
    alliance = Alliance.objects.get()
    client.post(reverse("party:alliance_unit_join", args=[alliance.pk]), {"unit": unit.pk})
    client.post(reverse("party:alliance_team_add", args=[alliance.pk]), {"team": tapo_team.pk})
    response = client.post(
        reverse("party:pairing_new", args=[alliance.pk]),
        {
            "unit": unit.pk,
            "team": tapo_team.pk,
            "started_on": "2026-03-01",
            "activities": "每月用电安全进楼栋",
        },
    )
    assert response.status_code == 302
    assert alliance.members.get().unit == unit
    assert alliance.teams.get().team == tapo_team
    pairing = Pairing.objects.get()
    # a second pairing of the same two is refused on the form, nothing added
    response = client.post(
        reverse("party:pairing_new", args=[alliance.pk]),
        {"unit": unit.pk, "team": tapo_team.pk, "started_on": "2026-03-02", "activities": "x"},
    )
    assert response.status_code == 200 and "已经结对" in response.content.decode()
    # ended with a record
    client.post(
        reverse("party:pairing", args=[pairing.pk]),
        {"ended_on": "2026-03-02", "record": "检查了12栋楼"},
    )
    pairing.refresh_from_db()
    assert pairing.ended_on == datetime.date(2026, 3, 2) and pairing.end_record == "检查了12栋楼"
    member = alliance.members.get()
    client.post(reverse("party:alliance_unit_leave", args=[member.pk]))
    member.refresh_from_db()
    assert member.left_on == datetime.date(2026, 3, 2)


def test_bad_pairing_input_is_said_on_the_form(client, alliance, unit, tapo_team, street_staff):
    client.force_login(street_staff)
    for data in (
        {},
        {"unit": "abc", "team": tapo_team.pk, "started_on": "2026-03-01", "activities": "x"},
        {"unit": unit.pk, "team": 999999, "started_on": "2026-03-01", "activities": "x"},
        {"unit": unit.pk, "team": tapo_team.pk, "started_on": "2026-13-01", "activities": "x"},
    ):
        response = client.post(reverse("party:pairing_new", args=[alliance.pk]), data)
        assert response.status_code == 200
    assert not Pairing.objects.exists()
    assert client.post(reverse("party:pairing_new", args=[999999]), {}).status_code == 404
    assert client.get(reverse("party:pairing_new", args=[alliance.pk])).status_code == 405


# --- the workbench warning -------------------------------------------------------------


def test_the_workbench_warns_of_an_overdue_project_until_a_follow_up_completes_it(
    client, tapo, unit, tapo_staff
):
    overdue = _commitment(unit, due_on=datetime.date(2026, 2, 20), title="老旧线路改造")
    _commitment(unit, due_on=datetime.date(2026, 4, 1), title="未到期项目")
    url = reverse("workbench:place", args=[tapo["community"].pk])
    client.force_login(tapo_staff)
    page = client.get(url).content.decode()
    link = reverse("party:commitment", args=[overdue.pk])
    assert f'href="{link}"' in page and "未到期项目" not in page
    services.commitment_follow_up(
        actor=tapo_staff,
        commitment=overdue,
        on=datetime.date(2026, 3, 1),
        note="进行中",
        status="under_way",
    )
    assert f'href="{link}"' in client.get(url).content.decode()
    services.commitment_follow_up(
        actor=tapo_staff,
        commitment=overdue,
        on=datetime.date(2026, 3, 2),
        note="完成",
        status="done",
    )
    assert f'href="{link}"' not in client.get(url).content.decode()


def test_another_communitys_workbench_does_not_show_the_warning(client, baoan, unit, baoan_staff):
    commitment = _commitment(unit)
    client.force_login(baoan_staff)
    page = client.get(reverse("workbench:place", args=[baoan["community"].pk])).content.decode()
    assert reverse("party:commitment", args=[commitment.pk]) not in page


# --- query counts ----------------------------------------------------------------------


def test_the_staff_lists_keep_a_flat_query_count(client, tree, tapo, unit, alliance, street_staff):
    commitment = _commitment(unit)
    client.force_login(street_staff)
    counter = iter(range(100))

    def more_units():
        n = next(counter)
        other = _unit(tapo["community"], f"单位{n}")
        services.unit_offer_add(actor=None, unit=other, kind="venue", description="场地")
        _commitment(other, title=f"项目{n}")
        services.alliance_unit_join(
            actor=None, alliance=alliance, unit=other, joined_on=datetime.date(2026, 1, 1)
        )
        team = team_with_leader(tapo["community"], name=f"服务队{n}")[0]
        services.alliance_team_add(
            actor=None, alliance=alliance, team=team, joined_on=datetime.date(2026, 1, 1)
        )
        services.pairing_start(
            actor=None,
            unit=other,
            team=team,
            started_on=datetime.date(2026, 1, 1),
            activities="共建",
        )

    def more_for_unit():
        services.unit_offer_add(actor=None, unit=unit, kind="venue", description="场地")
        _commitment(unit, title=f"项目{next(counter)}")

    def more_follow_ups():
        services.commitment_follow_up(
            actor=street_staff,
            commitment=commitment,
            on=datetime.date(2026, 3, 1),
            note="进展",
            status="under_way",
        )

    def more_alliances():
        from communities import services as communities_services
        from communities.models import Node

        street = communities_services.node_create(
            actor=None,
            kind=Node.Kind.STREET,
            name=f"街道{next(counter)}",
            code=f"44060409{next(counter)}",
        )
        appoint(Post.Kind.STREET_STAFF, street, user=street_staff)
        services.alliance_create(actor=None, node=street, name=f"联盟{street.pk}")

    assert_flat(client, reverse("party:units"), more_units)
    assert_flat(client, reverse("party:alliance", args=[alliance.pk]), more_units)
    assert_flat(client, reverse("party:unit", args=[unit.pk]), more_for_unit)
    assert_flat(client, reverse("party:commitment", args=[commitment.pk]), more_follow_ups)
    assert_flat(client, reverse("party:alliances"), more_alliances)
    assert Commitment.objects.count() > 3


def test_district_staff_see_their_districts_alliances_and_another_streets_staff_do_not(
    client, tree, unit, alliance
):
    from communities import services as communities_services
    from communities.models import Node

    district = communities_services.district_place_streets(
        actor=None, district_code="440604", district_name="禅城区"
    )
    district_alliance = services.alliance_create(actor=None, node=district, name="禅城区益联盟")
    other_street = communities_services.node_create(
        actor=None, kind=Node.Kind.STREET, name="石湾镇街道", code="440604002", parent=district
    )
    other_staff = appoint(Post.Kind.STREET_STAFF, other_street).user
    district_staff = appoint(Post.Kind.DISTRICT_STAFF, district).user

    client.force_login(district_staff)
    page = client.get(reverse("party:alliances")).content.decode()
    assert "禅城区益联盟" in page and "祖庙街道党建益联盟" in page
    assert "供电局" in client.get(reverse("party:units")).content.decode()

    client.force_login(other_staff)
    page = client.get(reverse("party:alliances")).content.decode()
    # their district's alliance above them, not the neighbouring street's
    assert "禅城区益联盟" in page and "祖庙街道党建益联盟" not in page
    assert client.get(reverse("party:alliance", args=[alliance.pk])).status_code == 404
    assert client.get(reverse("party:unit", args=[unit.pk])).status_code == 404
    response = client.get(reverse("party:alliance", args=[district_alliance.pk]))
    assert "供电局" not in response.content.decode()


def test_garbage_posted_to_every_form_gives_no_500_and_changes_nothing(
    client, tree, unit, alliance, tapo_team, street_staff
):
    client.force_login(street_staff)
    member = services.alliance_unit_join(
        actor=None, alliance=alliance, unit=unit, joined_on=datetime.date(2026, 1, 1)
    )
    services.alliance_unit_leave(actor=None, member=member, on=datetime.date(2026, 2, 1))
    before = (
        CoBuildingUnit.objects.count(),
        UnitOffer.objects.count(),
        Commitment.objects.count(),
        Alliance.objects.count(),
        alliance.teams.count(),
        alliance.members.count(),
    )
    garbage = {"community": "x", "kind": "<b>", "name": "", "node": "-1", "team": "1e9"}
    for name, args in (
        ("party:units", []),
        ("party:offer_add", [unit.pk]),
        ("party:commitment_new", [unit.pk]),
        ("party:alliances", []),
        ("party:alliance_unit_join", [alliance.pk]),
        ("party:alliance_team_add", [alliance.pk]),
        ("party:pairing_new", [alliance.pk]),
    ):
        response = client.post(reverse(name, args=args), garbage)
        assert response.status_code == 200, name
    # a button pressed twice: the refusal is flashed, back to the page
    response = client.post(reverse("party:alliance_unit_leave", args=[member.pk]), follow=True)
    assert response.status_code == 200 and "该单位已退出" in response.content.decode()
    # an alliance for a street that has one: said on the form
    response = client.post(
        reverse("party:alliances"), {"node": tree["street"].pk, "name": "第二个联盟"}
    )
    assert response.status_code == 200
    after = (
        CoBuildingUnit.objects.count(),
        UnitOffer.objects.count(),
        Commitment.objects.count(),
        Alliance.objects.count(),
        alliance.teams.count(),
        alliance.members.count(),
    )
    assert after == before


def test_the_admin_shows_alliances_and_pairings_as_scoped_records(
    client, rf, alliance, unit, tapo_team, baoan_staff
):
    from django.contrib import admin

    pairing = services.pairing_start(
        actor=None,
        unit=unit,
        team=tapo_team,
        started_on=datetime.date(2026, 1, 1),
        activities="共建",
    )
    services.alliance_unit_join(
        actor=None, alliance=alliance, unit=unit, joined_on=datetime.date(2026, 1, 1)
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for url in (
        reverse("admin:party_alliance_changelist"),
        reverse("admin:party_alliance_change", args=[alliance.pk]),
        reverse("admin:party_pairing_changelist"),
        reverse("admin:party_pairing_change", args=[pairing.pk]),
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("admin:party_pairing_add")).status_code == 403
    request = rf.get("/")
    request.user = baoan_staff
    pairings = admin.site._registry[Pairing].get_queryset(request)
    assert list(pairings) == []


def test_staff_change_a_units_details_and_another_community_cannot(
    client, unit, tapo_staff, baoan_staff
):
    url = reverse("party:unit_edit", args=[unit.pk])
    data = {
        "details-kind": "agency",
        "details-contact_name": "刘工",
        "details-contact_phone": "075788880000",
        "details-pledged_resources": "每季度用电检查",
        "details-signed_on": "2026-01-15",
    }
    client.force_login(baoan_staff)
    assert client.post(url, data).status_code == 404
    client.force_login(tapo_staff)
    assert client.post(url, {**data, "details-signed_on": "15/01"}).status_code == 200
    unit.refresh_from_db()
    assert unit.contact_name == ""
    assert client.post(url, data).status_code == 302
    unit.refresh_from_db()
    assert (unit.kind, unit.contact_name, unit.signed_on) == (
        "agency",
        "刘工",
        datetime.date(2026, 1, 15),
    )
    assert unit.name == "供电局" and CoBuildingUnit.objects.count() == 1
