"""党建益联盟's levels and pairings: district → street alliances with member units and teams,
units paired (结对) with community teams, offers, and the rules that refuse bad writes."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from communities import services as communities_services
from communities.models import Node, Post
from party import services
from party.models import Alliance, CoBuildingUnit, Pairing, UnitOffer
from tests.communities.factories import appoint
from tests.volunteers.factories import team_with_leader

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(tree):
    """禅城区 above the test street (the street moves under it)."""
    node = communities_services.district_place_streets(
        actor=None, district_code="440604", district_name="禅城区"
    )
    # The street's subtree moved: the places the other fixtures hold read their new paths.
    tree["street"].refresh_from_db()
    for community in ("塔坡社区", "保安社区"):
        for key in ("community", "grid", "compound", "building"):
            tree[community][key].refresh_from_db()
    return node


@pytest.fixture
def unit(tapo):
    return CoBuildingUnit.objects.create(community=tapo["community"], kind="company", name="供电局")


@pytest.fixture
def baoan_unit(baoan):
    return CoBuildingUnit.objects.create(community=baoan["community"], kind="agency", name="税务局")


@pytest.fixture
def tapo_team(tapo):
    return team_with_leader(tapo["community"], name="塔坡环境服务队")[0]


def test_a_street_alliance_goes_under_the_district_alliance_made_before_or_after(tree, district):
    street = tree["street"]
    street.refresh_from_db()
    street_alliance = services.alliance_create(actor=None, node=street, name="祖庙街道益联盟")
    assert street_alliance.parent is None
    district_alliance = services.alliance_create(actor=None, node=district, name="禅城区益联盟")
    street_alliance.refresh_from_db()
    assert street_alliance.parent == district_alliance
    with pytest.raises(ValidationError) as refused:
        services.alliance_create(actor=None, node=street, name="again")
    assert refused.value.code == "duplicate"


def test_an_alliance_belongs_to_a_district_or_a_street(tapo, street_staff):
    with pytest.raises(ValidationError) as refused:
        services.alliance_create(actor=street_staff, node=tapo["community"], name="x")
    assert refused.value.code == "bad_place"
    assert not Alliance.objects.exists()


def test_community_staff_enrol_their_unit_but_not_another_communitys(
    tree, unit, baoan_unit, tapo_staff
):
    alliance = services.alliance_create(actor=None, node=tree["street"], name="益联盟")
    member = services.alliance_unit_join(
        actor=tapo_staff, alliance=alliance, unit=unit, joined_on=datetime.date(2026, 1, 5)
    )
    assert member.left_on is None
    assert AuditEntry.objects.filter(action="party.alliance_unit_join").exists()
    with pytest.raises(ValidationError) as refused:
        services.alliance_unit_join(
            actor=tapo_staff,
            alliance=alliance,
            unit=baoan_unit,
            joined_on=datetime.date(2026, 1, 5),
        )
    assert refused.value.code == "out_of_scope"
    with pytest.raises(ValidationError) as refused:
        services.alliance_unit_join(
            actor=tapo_staff, alliance=alliance, unit=unit, joined_on=datetime.date(2026, 1, 6)
        )
    assert refused.value.code == "already_member"
    with pytest.raises(ValidationError) as refused:
        services.alliance_unit_leave(actor=tapo_staff, member=member, on=datetime.date(2025, 12, 1))
    assert refused.value.code == "bad_date"
    services.alliance_unit_leave(actor=tapo_staff, member=member, on=datetime.date(2026, 2, 1))
    member.refresh_from_db()
    assert member.left_on == datetime.date(2026, 2, 1)


def test_a_unit_outside_the_alliances_area_is_refused(unit):
    other_street = communities_services.node_create(
        actor=None, kind=Node.Kind.STREET, name="石湾镇街道", code="440604002"
    )
    alliance = services.alliance_create(actor=None, node=other_street, name="石湾益联盟")
    with pytest.raises(ValidationError) as refused:
        services.alliance_unit_join(
            actor=None, alliance=alliance, unit=unit, joined_on=datetime.date(2026, 1, 1)
        )
    assert refused.value.code == "outside_alliance"


def test_a_volunteer_team_counts_among_the_alliances_teams_once(tree, tapo_team, street_staff):
    alliance = services.alliance_create(actor=street_staff, node=tree["street"], name="益联盟")
    services.alliance_team_add(
        actor=street_staff, alliance=alliance, team=tapo_team, joined_on=datetime.date(2026, 1, 1)
    )
    with pytest.raises(ValidationError) as refused:
        services.alliance_team_add(
            actor=street_staff,
            alliance=alliance,
            team=tapo_team,
            joined_on=datetime.date(2026, 1, 1),
        )
    assert refused.value.code == "already_member"
    assert list(alliance.teams.values_list("team__name", flat=True)) == ["塔坡环境服务队"]


def test_street_staff_pair_a_unit_with_a_community_team_and_end_it_with_a_record(
    unit, tapo_team, street_staff
):
    # given a pairing
    pairing = services.pairing_start(
        actor=street_staff,
        unit=unit,
        team=tapo_team,
        started_on=datetime.date(2026, 1, 10),
        activities="每月一次用电安全进楼栋",
    )
    assert pairing.community == tapo_team.node and pairing.created_by == street_staff
    # a second live pairing of the same two is refused
    with pytest.raises(ValidationError) as refused:
        services.pairing_start(
            actor=street_staff,
            unit=unit,
            team=tapo_team,
            started_on=datetime.date(2026, 2, 1),
            activities="x",
        )
    assert refused.value.code == "already_paired"
    # when it ends with a record
    services.pairing_end(
        actor=street_staff,
        pairing=pairing,
        ended_on=datetime.date(2026, 3, 1),
        record="检查了12栋楼",
    )
    # then the row stays, ended, and the two may pair again
    pairing.refresh_from_db()
    assert (pairing.ended_on, pairing.end_record) == (datetime.date(2026, 3, 1), "检查了12栋楼")
    with pytest.raises(ValidationError) as refused:
        services.pairing_end(
            actor=street_staff, pairing=pairing, ended_on=datetime.date(2026, 3, 1), record="x"
        )
    assert refused.value.code == "already_ended"
    services.pairing_start(
        actor=street_staff,
        unit=unit,
        team=tapo_team,
        started_on=datetime.date(2026, 3, 2),
        activities="再结对",
    )
    assert Pairing.objects.count() == 2
    assert AuditEntry.objects.filter(action__startswith="party.pairing_").count() == 3


@pytest.mark.parametrize(
    "ended_on, record, code",
    [
        (datetime.date(2026, 1, 9), "x", "bad_date"),
        (datetime.date(2026, 3, 3), "x", "future"),
        (datetime.date(2026, 3, 1), "  ", "no_record"),
    ],
)
def test_a_pairing_does_not_end_on_bad_input(unit, tapo_team, street_staff, ended_on, record, code):
    pairing = services.pairing_start(
        actor=street_staff,
        unit=unit,
        team=tapo_team,
        started_on=datetime.date(2026, 1, 10),
        activities="x",
    )
    with pytest.raises(ValidationError) as refused:
        services.pairing_end(actor=street_staff, pairing=pairing, ended_on=ended_on, record=record)
    assert refused.value.code == code
    pairing.refresh_from_db()
    assert pairing.ended_on is None


def test_another_community_cannot_pair_or_end(unit, baoan_unit, tapo_team, tapo_staff, baoan_staff):
    with pytest.raises(ValidationError):
        services.pairing_start(
            actor=baoan_staff,
            unit=baoan_unit,
            team=tapo_team,
            started_on=datetime.date(2026, 1, 1),
            activities="x",
        )
    pairing = services.pairing_start(
        actor=tapo_staff,
        unit=unit,
        team=tapo_team,
        started_on=datetime.date(2026, 1, 1),
        activities="x",
    )
    with pytest.raises(ValidationError):
        services.pairing_end(
            actor=baoan_staff, pairing=pairing, ended_on=datetime.date(2026, 2, 1), record="x"
        )


def test_a_street_team_is_not_a_community_team(tree, unit, street_staff):
    from tests.volunteers.factories import volunteer
    from volunteers import services as volunteer_services

    team = volunteer_services.team_create(
        actor=None,
        node=tree["street"],
        name="街道服务队",
        kind="other",
        leader=volunteer(tree["塔坡社区"]["community"]),
    )
    with pytest.raises(ValidationError) as refused:
        services.pairing_start(
            actor=street_staff,
            unit=unit,
            team=team,
            started_on=datetime.date(2026, 1, 1),
            activities="x",
        )
    assert refused.value.code == "not_community_team"


def test_offers_are_added_and_removed_in_scope(unit, tapo_staff, baoan_staff):
    offer = services.unit_offer_add(
        actor=tapo_staff, unit=unit, kind=UnitOffer.Kind.VENUE, description="三楼会议室"
    )
    with pytest.raises(ValidationError):
        services.unit_offer_add(actor=tapo_staff, unit=unit, kind="nonsense", description="x")
    with pytest.raises(ValidationError):
        services.unit_offer_remove(actor=baoan_staff, offer=offer)
    services.unit_offer_remove(actor=tapo_staff, offer=offer)
    assert not UnitOffer.objects.exists()


def test_district_staff_reach_every_street_of_their_district(tree, district, unit, tapo_team):
    district_staff = appoint(Post.Kind.DISTRICT_STAFF, district).user
    pairing = services.pairing_start(
        actor=district_staff,
        unit=unit,
        team=tapo_team,
        started_on=datetime.date(2026, 1, 1),
        activities="x",
    )
    assert pairing.pk


def test_a_project_under_way_does_not_go_back_to_promised(tapo, unit):
    commitment = services.commitment_create(
        actor=None,
        unit=unit,
        community=tapo["community"],
        title="义诊",
        due_on=datetime.date(2026, 6, 1),
    )
    services.commitment_follow_up(
        actor=None,
        commitment=commitment,
        on=datetime.date(2026, 3, 1),
        note="已联系医院",
        status="under_way",
    )
    with pytest.raises(ValidationError) as refused:
        services.commitment_follow_up(
            actor=None,
            commitment=commitment,
            on=datetime.date(2026, 3, 2),
            note="x",
            status="promised",
        )
    assert refused.value.code == "backwards"
    commitment.refresh_from_db()
    assert commitment.status == "under_way" and commitment.follow_ups.count() == 1
