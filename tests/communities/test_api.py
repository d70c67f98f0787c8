import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communities import services
from communities.models import Residency
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_tree_endpoint_starts_at_my_area_and_lists_children(api_client, tapo, tapo_staff):
    api_client.force_authenticate(tapo_staff)
    body = api_client.get("/api/v1/community/nodes/").json()
    assert [n["name"] for n in body["results"]] == ["塔坡社区"]
    body = api_client.get(f"/api/v1/community/nodes/?parent={tapo['community'].pk}").json()
    assert [n["name"] for n in body["results"]] == ["第1网格"]


def test_the_tree_endpoint_keeps_a_flat_query_count(api_client, tapo, tapo_staff):
    # a session log-in, so each request loads its own user as in production
    api_client.force_login(tapo_staff)
    url = f"/api/v1/community/nodes/?parent={tapo['building'].pk}"

    def count(expected_rows):
        with CaptureQueriesContext(connection) as ctx:
            assert len(api_client.get(url).json()["results"]) == expected_rows
        return len(ctx.captured_queries)

    count(2)  # warm up: the first request of a staff session also refreshes the session
    # session, user, scope (current posts), count, page rows (+ the staff idle-time stamp)
    few = count(2)
    for i in range(3, 12):
        services.node_create(actor=None, kind="unit", name=f"{i}单元", parent=tapo["building"])
    assert count(11) == few


def test_another_communitys_place_is_404_in_the_api(api_client, baoan, tapo_staff):
    api_client.force_authenticate(tapo_staff)
    response = api_client.get(f"/api/v1/community/nodes/{baoan['building'].pk}/")
    assert response.status_code == 404
    body = api_client.get(f"/api/v1/community/nodes/?parent={baoan['community'].pk}").json()
    assert body["results"] == []
    body = api_client.get("/api/v1/community/nodes/?q=保安").json()
    assert body["results"] == []


def test_a_resident_sees_no_places_through_the_tree(api_client, tapo):
    api_client.force_authenticate(UserFactory())
    assert api_client.get("/api/v1/community/nodes/").json()["results"] == []
    assert api_client.get(f"/api/v1/community/nodes/{tapo['building'].pk}/").status_code == 404


def test_claim_through_the_api_then_list_my_households(
    api_client, tapo, tapo_captain, django_assert_num_queries
):
    resident = UserFactory()
    api_client.force_authenticate(resident)
    buildings = api_client.get("/api/v1/community/buildings/?q=塔坡小区").json()["results"]
    rooms = api_client.get(f"/api/v1/community/buildings/{buildings[0]['id']}/households/").json()
    household_id = rooms["results"][0]["id"]
    response = api_client.post(
        "/api/v1/community/claims/",
        {"household": household_id, "relation": "tenant", "residence_type": "non_registered"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    again = api_client.post(
        "/api/v1/community/claims/",
        {"household": household_id, "relation": "tenant"},
        format="json",
    )
    assert again.status_code == 400
    assert again.json()["code"] == "already_pending"
    # count, page rows (with household and place)
    with django_assert_num_queries(2):
        mine = api_client.get("/api/v1/community/households/mine/").json()
    assert mine["results"][0]["household"]["place"].endswith("1单元")


def test_the_captain_approves_through_the_api_and_others_get_404(
    api_client, tapo, tapo_captain, baoan_captain
):
    claim = services.household_claim(
        user=UserFactory(), household=tapo["households"][0], relation="head"
    )
    api_client.force_authenticate(baoan_captain)
    assert api_client.get("/api/v1/community/claims/pending/").json()["results"] == []
    assert api_client.post(f"/api/v1/community/claims/{claim.pk}/approve/").status_code == 404
    api_client.force_authenticate(tapo_captain)
    pending = api_client.get("/api/v1/community/claims/pending/").json()["results"]
    assert pending[0]["phone"] == claim.user.masked_phone
    response = api_client.post(f"/api/v1/community/claims/{claim.pk}/approve/")
    assert response.json()["status"] == "approved"
    second = api_client.post(f"/api/v1/community/claims/{claim.pk}/reject/", {}, format="json")
    assert second.status_code == 400 and second.json()["code"] == "not_pending"


def test_my_posts(api_client, tapo_captain):
    api_client.force_authenticate(tapo_captain)
    posts = api_client.get("/api/v1/community/posts/mine/").json()["results"]
    assert posts[0]["kind"] == "building_captain"


def test_the_schema_lists_the_community_endpoints(api_client, staff_user):
    api_client.force_authenticate(staff_user)
    schema = api_client.get("/api/schema/?format=json").json()
    assert "/api/v1/community/claims/" in schema["paths"]
    assert "/api/v1/community/nodes/" in schema["paths"]


def test_pending_list_shows_nothing_to_a_plain_resident(api_client, tapo):
    services.household_claim(user=UserFactory(), household=tapo["households"][0], relation="head")
    api_client.force_authenticate(UserFactory())
    assert api_client.get("/api/v1/community/claims/pending/").json()["results"] == []
    assert Residency.objects.count() == 1
