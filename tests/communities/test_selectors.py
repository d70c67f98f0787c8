import pytest

from communities import selectors, services
from communities.models import Node, Post, Residency
from communities.scoping import scope_for_user
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint

pytestmark = pytest.mark.django_db


def test_the_building_captain_answers_for_a_unit(tapo, tapo_captain):
    appoint(Post.Kind.GRID_WORKER, tapo["grid"])
    post = selectors.responsible_post_for_node(tapo["units"][0])
    assert post.user == tapo_captain
    assert post.kind == Post.Kind.BUILDING_CAPTAIN


def test_without_a_captain_the_grid_worker_answers_then_the_community(tapo):
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"])
    assert selectors.responsible_post_for_node(tapo["building"]) == staff
    worker = appoint(Post.Kind.GRID_WORKER, tapo["grid"])
    assert selectors.responsible_post_for_node(tapo["building"]) == worker


def test_responsible_post_can_be_limited_to_kinds(tapo, tapo_captain, django_assert_num_queries):
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"])
    with django_assert_num_queries(1):
        post = selectors.responsible_post_for_node(tapo["units"][0], kinds=["community_staff"])
    assert post == staff


def test_no_post_anywhere_gives_none(tapo):
    assert selectors.responsible_post_for_node(tapo["units"][0]) is None


def test_households_and_nodes_of_a_user(tapo, tapo_captain):
    resident = UserFactory()
    claim = services.household_claim(
        user=resident, household=tapo["households"][0], relation="head"
    )
    services.household_claim(user=resident, household=tapo["households"][1], relation="head")
    services.residency_approve(actor=tapo_captain, residency=claim)
    assert list(selectors.households_of_user(resident)) == [tapo["households"][0]]
    kinds = [n.kind for n in scope_for_user(resident).home_places()]
    assert kinds == ["street", "community", "grid", "compound", "building", "unit"]
    assert selectors.residencies_of_user(resident).count() == 2


def test_search_finds_places_by_name_code_and_resident_name(tapo, baoan, tapo_staff):
    resident = UserFactory(real_name="王小明")
    household = tapo["households"][0]
    Residency.objects.create(user=resident, household=household, relation="head", status="approved")
    scope = selectors.scope_for_user(tapo_staff)
    assert [n.name for n in selectors.node_search(scope=scope, query="5栋")] == ["5栋"]
    assert list(selectors.node_search(scope=scope, query=tapo["grid"].code))[0] == tapo["grid"]
    assert list(selectors.node_search(scope=scope, query="王小")) == [household.node]
    # 保安社区's 5栋 is outside the scope
    assert baoan["building"] not in selectors.node_search(scope=scope, query="5栋")


def test_captains_without_a_patrol_today(tapo, baoan, tapo_captain, baoan_captain, street_staff):
    services.patrol_log_create(captain=tapo_captain, building=tapo["building"], findings="正常")
    scope = selectors.scope_for_user(street_staff)
    missing = list(selectors.captains_without_patrol(scope=scope))
    assert [p.user for p in missing] == [baoan_captain]


def test_a_node_outside_the_scope_is_not_found(baoan, tapo_staff):
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.node_get_for_user(user=tapo_staff, pk=baoan["building"].pk)
    assert selectors.node_get_for_user(user=tapo_staff, pk=Node.objects.get(name="塔坡社区").pk)


def test_personal_data_export_includes_households(tapo):
    from accounts.selectors import user_personal_data

    resident = UserFactory()
    services.household_claim(user=resident, household=tapo["households"][0], relation="tenant")
    data = user_personal_data(resident)
    assert data["households"][0]["relation"] == "租户"
