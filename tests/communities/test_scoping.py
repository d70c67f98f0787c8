import pytest

from communities.models import Household, Node, Post, Residency
from communities.scoping import scope_for_user
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint

pytestmark = pytest.mark.django_db


def test_community_staff_see_their_community_only(tapo, baoan, tapo_staff):
    scope = scope_for_user(tapo_staff)
    assert scope.roots == (tapo["community"],)
    assert scope.contains(tapo["units"][0])
    assert not scope.contains(baoan["building"])
    households = scope.filter(Household.objects.all())
    assert set(households) == set(tapo["households"])


def test_street_staff_see_the_whole_street(tree, tapo, baoan, street_staff):
    scope = scope_for_user(street_staff)
    assert scope.contains(tapo["building"]) and scope.contains(baoan["building"])
    assert scope.filter(Node.objects.all(), "").count() == Node.objects.count()


def test_a_captain_sees_only_their_building(tapo, tapo_captain):
    scope = scope_for_user(tapo_captain)
    assert scope.roots == (tapo["building"],)
    assert not scope.managing
    assert not scope.contains(tapo["grid"])
    assert scope.contains(tapo["units"][1])


def test_a_resident_has_an_empty_scope(tapo):
    resident = UserFactory()
    Residency.objects.create(
        user=resident, household=tapo["households"][0], relation="head", status="approved"
    )
    scope = scope_for_user(resident)
    assert scope.is_empty
    assert scope.filter(Household.objects.all()).count() == 0


def test_an_ended_post_no_longer_gives_scope(tapo, staff_user):
    from communities.services import post_end

    post = appoint(Post.Kind.GRID_WORKER, tapo["grid"])
    post_end(actor=staff_user, post=post)
    assert scope_for_user(post.user).is_empty


def test_nested_posts_collapse_to_the_outermost_root(tapo):
    user = UserFactory()
    appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"], user=user)
    appoint(Post.Kind.GRID_WORKER, tapo["grid"], user=user)
    assert scope_for_user(user).roots == (tapo["grid"],)


def test_the_scope_is_computed_once_per_request_user(tapo, tapo_staff, django_assert_num_queries):
    with django_assert_num_queries(1):
        scope_for_user(tapo_staff)
        scope_for_user(tapo_staff)


def test_filter_ors_several_node_fields(tapo, baoan, tapo_staff):
    from communities.models import PartyBranch, PartyMember

    branch = PartyBranch.objects.create(node=baoan["compound"], name="保安小区党支部")
    here = PartyMember.objects.create(
        user=UserFactory(), branch=branch, reported_community=tapo["community"]
    )
    PartyMember.objects.create(user=UserFactory(), branch=branch)
    scope = scope_for_user(tapo_staff)
    members = scope.filter(PartyMember.objects.all(), ("branch__node", "reported_community"))
    assert list(members) == [here]


def test_roles_come_from_current_posts(tapo, tapo_staff, tapo_captain):
    from accounts.roles import user_roles

    assert "community_staff" in user_roles(tapo_staff)
    assert "captain" in user_roles(tapo_captain)
    assert "captain" not in user_roles(tapo_staff)
