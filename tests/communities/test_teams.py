"""承责团队: leaders and units answer for exactly the assigned streets and communities."""

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import user_roles
from audit.models import AuditEntry
from communities.models import Node, Post, ResponsibilityTeam
from communities.scoping import scope_compute, scope_for_user, team_scope
from communities.services import team_save
from notifications.models import Message
from party.models import CoBuildingUnit
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint, make_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(districts):
    """祖庙街道 gets a second community (保安社区) that the team is not given."""
    make_tree("440604001", ("保安社区",))
    return {
        "tapo": districts["zumiao"]["塔坡社区"],
        "baoan": Node.objects.get(kind=Node.Kind.COMMUNITY, name="保安社区"),
        "shiwan": districts["shiwan"],
        "guicheng": districts["guicheng"],
        "chancheng": districts["chancheng"],
    }


@pytest.fixture
def unit(places):
    return CoBuildingUnit.objects.create(
        community=places["tapo"]["community"], kind="agency", name="禅城区税务局"
    )


@pytest.fixture
def team(places, unit, district_staff):
    return team_save(
        actor=district_staff,
        owner=places["chancheng"],
        name="第一承责团队",
        places=[places["tapo"]["community"], places["shiwan"]["street"]],
        leaders=[UserFactory()],
        units=[unit],
    )


def test_a_leader_sees_exactly_the_assigned_places(places, team):
    leader = team.leaders.get()
    scope = scope_for_user(leader)
    # given a team over 塔坡社区 and the whole of 石湾镇街道
    assert scope.managing and scope.roots == (
        places["tapo"]["community"],
        places["shiwan"]["street"],
    )
    # then it sees their subtrees and nothing else of the street or the district
    assert scope.manages(places["tapo"]["building"])
    assert scope.manages(places["shiwan"]["石湾社区"]["building"])
    assert not scope.contains(places["baoan"])
    assert not scope.contains(places["tapo"]["community"].parent)
    assert not scope.contains(places["guicheng"]["桂城社区"]["building"])
    assert [n.name for n in scope.places([Node.Kind.STREET, Node.Kind.COMMUNITY])] == [
        "塔坡社区",
        "石湾镇街道",
        "石湾社区",
    ]
    assert {"team_leader", "community_staff"} <= user_roles(leader)


def test_the_team_scope_is_still_one_query(places, team, django_assert_num_queries):
    leader = team.leaders.get()
    appoint(
        Post.Kind.BUILDING_CAPTAIN, places["baoan"].subtree([Node.Kind.BUILDING]).get(), user=leader
    )
    with django_assert_num_queries(1):
        scope = scope_compute(leader)
    assert len(scope.roots) == 3


def test_a_leaders_own_posts_and_the_team_add_up(places, team):
    leader = team.leaders.get()
    building = places["baoan"].subtree([Node.Kind.BUILDING]).get()
    appoint(Post.Kind.BUILDING_CAPTAIN, building, user=leader)
    scope = scope_compute(leader)
    assert scope.contains(building) and scope.contains(places["tapo"]["building"])


def test_units_work_on_the_teams_places(places, team, unit):
    scope = team_scope(unit.responsibility_teams.get())
    assert scope.contains(places["shiwan"]["石湾社区"]["building"])
    assert not scope.contains(places["baoan"])


def test_a_new_leader_is_told_and_the_change_is_audited(team):
    leader = team.leaders.get()
    assert Message.objects.filter(recipient=leader, title__contains="第一承责团队").exists()
    assert AuditEntry.objects.filter(
        action="communities.team_create", target_id=str(team.pk)
    ).exists()


def test_leaving_a_team_ends_its_scope(places, team, district_staff):
    leader = team.leaders.get()
    team_save(
        actor=district_staff,
        owner=team.owner,
        name=team.name,
        places=team.places.all(),
        leaders=[],
        team=team,
    )
    assert scope_compute(leader).is_empty


@pytest.mark.parametrize("case", ["grid", "other_district", "outsider"])
def test_a_team_is_refused_outside_its_organiser(places, district_staff, case):
    actor, owner, assigned = district_staff, places["chancheng"], [places["tapo"]["community"]]
    if case == "grid":
        assigned = [places["tapo"]["grid"]]
    elif case == "other_district":
        assigned = [places["guicheng"]["street"]]
    else:
        actor = appoint(Post.Kind.STREET_STAFF, places["guicheng"]["street"]).user
    with pytest.raises(ValidationError):
        team_save(actor=actor, owner=owner, name="越界团队", places=assigned)
    assert not ResponsibilityTeam.objects.exists()


def test_the_team_page_lists_the_leaders_places_with_links(client, places, team):
    leader = team.leaders.get()
    client.force_login(leader)
    page = client.get("/community/teams/")
    assert page.status_code == 200
    [row] = page.context["teams"]
    assert [p.name for p, _url in row["places"]] == ["塔坡社区", "石湾镇街道"]
    assert row["leads"] and not row["may_edit"]
    # the links open for the leader; a place outside the team does not
    for _place, url in row["places"]:
        assert client.get(url).status_code == 200
    assert client.get(f"/community/tree/{places['baoan'].pk}/").status_code == 404


def test_the_team_page_is_hidden_from_residents_and_other_districts(client, places, team):
    client.force_login(UserFactory())
    assert client.get("/community/teams/").status_code == 404
    other = appoint(Post.Kind.STREET_STAFF, places["guicheng"]["street"]).user
    client.force_login(other)
    assert client.get("/community/teams/").context["teams"] == []


def test_the_team_page_keeps_a_flat_query_count(client, places, team, district_staff):
    client.force_login(district_staff)
    client.get("/community/teams/")

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/community/teams/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(3):
        team_save(
            actor=district_staff,
            owner=places["chancheng"],
            name=f"团队{i}",
            places=[places["baoan"]],
            leaders=[UserFactory()],
        )
    assert count() == few


def test_district_staff_set_up_a_team_in_the_admin(client, places, unit, district_staff):
    leader = appoint(Post.Kind.COMMUNITY_STAFF, places["baoan"]).user
    client.force_login(district_staff)
    form = client.get("/admin/communities/responsibilityteam/add/").context["adminform"].form
    assert places["guicheng"]["street"] not in form.fields["assigned"].queryset
    response = client.post(
        "/admin/communities/responsibilityteam/add/",
        {
            "owner": places["chancheng"].pk,
            "name": "第二承责团队",
            "assigned": [places["baoan"].pk],
            "leaders": [leader.pk],
            "units": [unit.pk],
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    team = ResponsibilityTeam.objects.get(name="第二承责团队")
    assert list(team.places.all()) == [places["baoan"]]
    assert AuditEntry.objects.filter(
        action="communities.team_create", actor=district_staff
    ).exists()
    # a place of another district is refused with the form, not a 500
    response = client.post(
        "/admin/communities/responsibilityteam/add/",
        {
            "owner": places["chancheng"].pk,
            "name": "越界",
            "assigned": [places["guicheng"]["street"].pk],
        },
    )
    assert response.status_code == 200
    assert not ResponsibilityTeam.objects.filter(name="越界").exists()
