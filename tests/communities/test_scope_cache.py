"""The scope is kept across requests in the shared cache (Redis), and every change to what it is
made of (posts, team leaders and places, approved homes, the tree) drops the kept copy: the next
request sees the new scope, never the old one (a security rule, not only a display)."""

import datetime as dt

import pytest
import time_machine
from django.contrib.admin.sites import site
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from communities import services
from communities.models import Household, Node, Post, Residency
from communities.scoping import require_managing_scope, scope_for_user
from communities.services.teams import team_save
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint, make_tree

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen(require_redis):
    """Only a shared cache keeps scopes across requests (the embedded default reads each time)."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def tree():
    return make_tree(community_names=("塔坡社区", "石湾社区"))


def next_request(user) -> User:
    """The user as the next request loads them: a new object, nothing kept on it."""
    return User.objects.get(pk=user.pk)


def scope_of(user):
    """The scope the next request sees, with its homes read."""
    scope = scope_for_user(next_request(user))
    scope.home_codes  # noqa: B018 (read, so they are kept too)
    return scope


def live_in(user, household, *, actor):
    claim = services.household_claim(
        user=user, household=household, relation=Residency.Relation.HEAD
    )
    return services.residency_approve(actor=actor, residency=claim)


def test_the_next_request_reads_the_scope_and_homes_without_a_query(tree):
    # given a building captain who lives in the building, whose scope was read once
    tapo = tree["塔坡社区"]
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user
    captain = appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]).user
    live_in(captain, tapo["households"][0], actor=staff)
    first = scope_of(captain)
    user = next_request(captain)
    # when the next request asks for it
    with CaptureQueriesContext(connection) as captured:
        scope = scope_for_user(user)
        homes = scope.home_codes
        contains = scope.contains(tapo["building"])
    # then no query is made, and it is the same scope
    assert len(captured) == 0, [q["sql"] for q in captured]
    assert contains and scope == first and homes == first.home_codes
    assert tapo["building"].code in homes and not scope.managing


def test_an_ended_post_takes_its_scope_away_at_once(tree):
    # given community staff whose managing scope was read and kept
    tapo = tree["塔坡社区"]
    post = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"])
    assert require_managing_scope(next_request(post.user)).manages(tapo["building"])
    # when the post ends
    services.post_end(actor=None, post=post)
    # then the next request has no scope: the staff pages are refused
    scope = scope_of(post.user)
    assert scope.is_empty and not scope.managing and not scope.contains(tapo["building"])
    with pytest.raises(Http404):
        require_managing_scope(next_request(post.user))


def test_a_new_post_is_in_the_next_requests_scope(tree):
    user = UserFactory()
    assert scope_of(user).is_empty
    appoint(Post.Kind.GRID_WORKER, tree["石湾社区"]["grid"], user=user)
    assert scope_of(user).manages(tree["石湾社区"]["building"])


def test_an_approved_or_ended_home_changes_the_next_requests_homes(tree):
    # given a resident whose (empty) homes were read and kept
    tapo = tree["塔坡社区"]
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user
    resident = UserFactory()
    assert not scope_of(resident).home_codes
    # when a claim is approved, then the home is there on the next request
    residency = live_in(resident, tapo["households"][0], actor=staff)
    assert scope_of(resident).lives_under(tapo["community"])
    # when staff end the residency, then it is gone on the next request
    services.residency_end(actor=staff, residency=residency)
    assert not scope_of(resident).lives_under(tapo["community"])


def test_an_accepted_invitation_is_a_home_on_the_next_request(tree):
    tapo = tree["塔坡社区"]
    resident = UserFactory()
    assert not scope_of(resident).home_codes
    invitation = Residency.objects.create(
        user=resident,
        household=tapo["households"][1],
        relation=Residency.Relation.HEAD,
        status=Residency.Status.INVITED,
    )
    services.residency_invitation_accept(user=next_request(resident), residency=invitation)
    assert scope_of(resident).lives_under(tapo["building"])


def test_team_leaders_gain_and_lose_the_teams_places(tree):
    # given a team in the street led by a resident whose (empty) scope was kept
    street_staff = appoint(Post.Kind.STREET_STAFF, tree["street"]).user
    leader = UserFactory()
    assert scope_of(leader).is_empty
    team = team_save(
        actor=street_staff,
        owner=tree["street"],
        name="第一承责团队",
        places=[tree["塔坡社区"]["community"]],
        leaders=[leader],
    )
    assert scope_of(leader).manages(tree["塔坡社区"]["building"])
    # when the team's places change, then so does the leader's scope
    team_save(
        actor=street_staff,
        owner=tree["street"],
        name=team.name,
        places=[tree["石湾社区"]["community"]],
        leaders=[leader],
        team=team,
    )
    scope = scope_of(leader)
    assert scope.manages(tree["石湾社区"]["building"])
    assert not scope.contains(tree["塔坡社区"]["building"])
    # when the leader leaves the team, then the scope is empty
    team_save(
        actor=street_staff,
        owner=tree["street"],
        name=team.name,
        places=[tree["石湾社区"]["community"]],
        leaders=[],
        team=team,
    )
    assert scope_of(leader).is_empty


def test_a_moved_place_moves_every_kept_scope(tree):
    # given a captain of a compound who lives there, scope and homes kept
    tapo, shiwan = tree["塔坡社区"], tree["石湾社区"]
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user
    captain = appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]).user
    live_in(captain, tapo["households"][0], actor=staff)
    assert scope_of(captain).lives_under(tapo["community"])
    # when the compound moves to the other community's grid
    services.node_update(actor=None, node=tapo["compound"], parent=shiwan["grid"])
    # then the next request's scope and homes follow the new paths
    scope = scope_of(captain)
    building = Node.objects.get(pk=tapo["building"].pk)
    assert scope.contains(building) and scope.roots[0].path == building.path
    assert scope.lives_under(shiwan["community"]) and not scope.lives_under(tapo["community"])


def test_a_superuser_flag_change_is_not_served_from_the_copy(tree):
    user = UserFactory()
    assert scope_of(user).is_empty
    User.objects.filter(pk=user.pk).update(is_superuser=True)
    assert scope_of(user).unrestricted
    User.objects.filter(pk=user.pk).update(is_superuser=False)
    assert not scope_of(user).unrestricted


def _admin_request(superuser):
    request = RequestFactory().post("/")
    request.user = superuser
    request._messages = []
    return request


def test_homes_changed_or_deleted_in_the_admin_are_dropped(tree):
    # given a resident whose home was read and kept
    tapo, shiwan = tree["塔坡社区"], tree["石湾社区"]
    superuser = UserFactory(is_superuser=True, is_staff=True)
    resident = UserFactory()
    residency = live_in(resident, tapo["households"][0], actor=superuser)
    assert scope_of(resident).lives_under(tapo["community"])
    # when the household is moved to another place in the admin
    household_admin = site._registry[Household]
    household = Household.objects.get(pk=tapo["households"][0].pk)
    form = household_admin.get_form(_admin_request(superuser), household, change=True)(
        instance=household,
        data={"node": shiwan["units"][0].pk, "room": "909"},
    )
    assert form.is_valid(), form.errors
    household_admin.save_model(_admin_request(superuser), form.save(commit=False), form, True)
    # then the next request sees the new home
    assert scope_of(resident).lives_under(shiwan["community"])
    # when the residency is deleted in the admin, then the home is gone
    residency_admin = site._registry[Residency]
    residency_admin.delete_queryset(
        _admin_request(superuser), Residency.objects.filter(pk=residency.pk)
    )
    assert not scope_of(resident).home_codes
