"""The canteen's API: menus for oneself or a relative, ordering, cancelling; refusals with
stable codes, another person's data refused."""

import pytest

from bookings import services
from bookings.models import MealOrder
from tests.accounts.factories import UserFactory
from tests.consultations.factories import live_in
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db


@pytest.fixture
def daughter_api(api_client, daughter):
    api_client.force_authenticate(daughter)
    return api_client


def test_a_daughter_sees_her_fathers_menus_and_orders_for_him(daughter_api, funded, lunch, father):
    menus = daughter_api.get("/api/v1/bookings/canteen/menus/", {"for_user": father.pk})
    assert menus.status_code == 200
    assert [menu["id"] for menu in menus.json()["results"]] == [lunch.pk]
    placed = daughter_api.post(
        "/api/v1/bookings/canteen/orders/",
        {"menu": lunch.pk, "elder": father.pk, "mode": "delivery"},
        format="json",
    )
    assert placed.status_code == 201, placed.json()
    body = placed.json()
    assert (body["subsidy_fen"], body["due_fen"], body["elder"]) == (700, 800, "陈伯")
    again = daughter_api.post(
        "/api/v1/bookings/canteen/orders/",
        {"menu": lunch.pk, "elder": father.pk, "mode": "dine_in"},
        format="json",
    )
    assert again.status_code == 400 and again.json()["code"] == "already_ordered"
    cancelled = daughter_api.post(f"/api/v1/bookings/canteen/orders/{body['id']}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_a_stranger_cannot_read_or_order_for_him(api_client, lunch, father):
    order = services.meal_order_place(actor=father, elder=father, menu=lunch, mode="dine_in")
    api_client.force_authenticate(UserFactory())
    assert (
        api_client.get("/api/v1/bookings/canteen/menus/", {"for_user": father.pk}).status_code
        == 404
    )
    response = api_client.post(
        "/api/v1/bookings/canteen/orders/",
        {"menu": lunch.pk, "elder": father.pk, "mode": "dine_in"},
        format="json",
    )
    assert response.status_code == 404
    assert api_client.get(f"/api/v1/bookings/canteen/orders/{order.pk}/").status_code == 404
    assert api_client.post(f"/api/v1/bookings/canteen/orders/{order.pk}/cancel/").status_code == 404


def test_malformed_input_is_a_400_naming_the_field(daughter_api, lunch):
    assert daughter_api.get("/api/v1/bookings/canteen/menus/", {"for_user": "x"}).status_code == 400
    response = daughter_api.post(
        "/api/v1/bookings/canteen/orders/", {"menu": "x", "mode": "fly"}, format="json"
    )
    assert response.status_code == 400 and not MealOrder.objects.exists()


def test_the_order_list_queries_stay_flat(api_client, tapo, tapo_staff, lunch, father):
    api_client.force_authenticate(tapo_staff)  # staff order for elders of their community
    households = iter(tapo["households"][1:])

    def grow():
        for household in [next(households) for _ in range(3)]:
            elder = live_in(household).user
            services.meal_order_place(actor=tapo_staff, elder=elder, menu=lunch, mode="dine_in")

    grow()
    assert_flat(api_client, "/api/v1/bookings/canteen/orders/", grow)
