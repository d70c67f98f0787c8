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
    from party.models import PartyBranch, PartyMember

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


# --- the scoping vocabulary: one test per verb, each with another community refused -----------


def _resident_of(household):
    resident = UserFactory()
    Residency.objects.create(user=resident, household=household, relation="head", status="approved")
    return resident


def test_manages_is_staff_whose_scope_holds_the_place(tapo, baoan, tapo_staff, tapo_captain):
    staff_scope = scope_for_user(tapo_staff)
    assert staff_scope.manages(tapo["units"][0])
    assert not staff_scope.manages(baoan["units"][0])  # another community
    assert not staff_scope.manages(None)
    # A captain's scope holds their building, but a captain manages nothing.
    captain_scope = scope_for_user(tapo_captain)
    assert captain_scope.contains(tapo["building"])
    assert not captain_scope.manages(tapo["building"])


def test_places_of_given_kinds_stay_in_the_scope(tree, tapo, baoan, tapo_staff):
    scope = scope_for_user(tapo_staff)
    assert list(scope.places([Node.Kind.BUILDING])) == [tapo["building"]]
    assert list(scope.places([Node.Kind.COMMUNITY, Node.Kind.GRID])) == [
        tapo["community"],
        tapo["grid"],
    ]
    everything = set(scope.places())
    assert tapo["units"][1] in everything and baoan["community"] not in everything
    assert tree["street"] not in everything  # above the scope


def test_managed_places_are_what_a_staff_member_may_target(tapo, baoan, tapo_staff, tapo_captain):
    kinds = [Node.Kind.COMMUNITY, Node.Kind.BUILDING]
    assert list(scope_for_user(tapo_staff).managed_places(kinds)) == [
        tapo["community"],
        tapo["building"],
    ]
    # A captain works on their building but targets nothing; a resident neither.
    assert not scope_for_user(tapo_captain).managed_places(kinds).exists()
    assert not scope_for_user(_resident_of(baoan["households"][0])).managed_places().exists()


def test_a_superuser_targets_every_place(tree, tapo, baoan):
    admin = UserFactory(is_superuser=True, is_staff=True)
    scope = scope_for_user(admin)
    assert scope.manages(baoan["units"][0])
    assert set(scope.managed_places([Node.Kind.COMMUNITY])) == {
        tapo["community"],
        baoan["community"],
    }


def test_home_places_are_the_homes_and_everything_above(tree, tapo, baoan):
    resident = _resident_of(tapo["households"][0])  # in tapo's unit 1
    scope = scope_for_user(resident)
    assert list(scope.home_places()) == [
        tree["street"],
        tapo["community"],
        tapo["grid"],
        tapo["compound"],
        tapo["building"],
        tapo["units"][0],
    ]
    assert list(scope.home_places([Node.Kind.COMMUNITY])) == [tapo["community"]]
    assert scope.lives_under(tapo["community"]) and scope.lives_under(tree["street"])
    assert not scope.lives_under(tapo["units"][1])  # the neighbouring stairway
    assert not scope.lives_under(baoan["community"])  # another community
    assert not scope.lives_under(None)


def test_home_q_finds_rows_at_the_places_a_resident_lives_under(tapo, baoan):
    resident = _resident_of(tapo["households"][0])
    homes = Household.objects.filter(scope_for_user(resident).home_q("node"))
    assert set(homes) == {h for h in tapo["households"] if h.node == tapo["units"][0]}
    assert not Household.objects.filter(scope_for_user(UserFactory()).home_q("node")).exists()


def test_pending_and_left_homes_do_not_count(tapo):
    resident = UserFactory()
    Residency.objects.create(
        user=resident, household=tapo["households"][0], relation="head", status="pending"
    )
    assert scope_for_user(resident).home_codes == frozenset()


def test_the_homes_are_read_once_per_request_user(tapo, django_assert_num_queries):
    resident = _resident_of(tapo["households"][0])
    scope_for_user(resident)
    with django_assert_num_queries(1):
        scope_for_user(resident).lives_under(tapo["community"])
        scope_for_user(resident).home_codes  # noqa: B018 - cached, no second query
        scope_for_user(resident).home_q()


def test_an_anonymous_user_lives_nowhere_and_manages_nothing(tapo):
    from django.contrib.auth.models import AnonymousUser

    scope = scope_for_user(AnonymousUser())
    assert not scope.manages(tapo["community"])
    assert not scope.lives_under(tapo["community"])
    assert not scope.home_places().exists()


def test_node_path_helpers(tree, tapo, baoan):
    unit = tapo["units"][0]
    assert unit.lineage_codes == [*unit.ancestor_codes, unit.code]
    assert unit.root_code == tree["street"].code
    assert unit.overlaps(tapo["community"]) and tapo["community"].overlaps(unit)
    assert not unit.overlaps(baoan["community"])
    assert list(tapo["building"].subtree([Node.Kind.UNIT])) == tapo["units"]
    assert set(Household.objects.filter(tapo["community"].subtree_q("node"))) == set(
        tapo["households"]
    )
    assert Node.codes_on_paths([unit.path]) == set(unit.lineage_codes)


def test_outermost_paths_keep_the_tops_of_nested_places():
    # a 承责团队's streets and their communities: the streets remain (codes are not prefixes)
    paths = ["1/2/", "1/", "1/2/3/", "10/", "1/20/", "10/", "2/1/"]
    assert Node.outermost_paths(paths) == ["1/", "10/", "2/1/"]
