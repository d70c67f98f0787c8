"""The REST API for residents and shops."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.models import Coupon
from marketplace.services import coupon_redeem
from tests.accounts.factories import UserFactory
from tests.marketplace.factories import fund, make_merchant, make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident_api(api_client, resident):
    api_client.force_authenticate(resident)
    return api_client


def test_search_returns_live_offers_matching_a_chinese_substring(resident_api, tapo, street):
    make_offer(make_merchant(tapo, name="佛山老字号茶餐厅"), node=street, title="早茶券")
    make_offer(make_merchant(tapo, name="五金店", description=""), node=street, title="工具券")
    response = resident_api.get("/api/v1/market/offers/", {"q": "茶餐厅"})
    assert response.status_code == 200
    assert [row["title"] for row in response.data["results"]] == ["早茶券"]
    assert response.data["results"][0]["merchant"]["name"] == "佛山老字号茶餐厅"


def test_the_offer_list_keeps_a_flat_query_count(resident_api, tapo, street):
    shop = make_merchant(tapo)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert resident_api.get("/api/v1/market/offers/").status_code == 200
        return len(captured)

    make_offer(shop, node=street)
    # the count, and the page of offers with merchant and place joined
    assert queries() == 2
    for i in range(10):
        make_offer(shop, node=street, title=f"券{i}")
    assert queries() == 2


def test_redeem_is_idempotent_per_request_key(resident_api, resident, offer):
    fund(resident, 100)
    url = f"/api/v1/market/offers/{offer.pk}/redeem/"
    first = resident_api.post(url, {"request_key": "3f1c9a7e-uuid-0001"}, format="json")
    again = resident_api.post(url, {"request_key": "3f1c9a7e-uuid-0001"}, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.data["id"] == again.data["id"] and len(first.data["code"]) == 14
    assert Coupon.objects.count() == 1


def test_a_refused_redemption_has_a_stable_code(resident_api, offer):
    response = resident_api.post(
        f"/api/v1/market/offers/{offer.pk}/redeem/", {"request_key": "k-000000001"}, format="json"
    )
    assert response.status_code == 400
    assert response.data["code"] == "insufficient_balance" and response.data["detail"]
    bad = resident_api.post(
        f"/api/v1/market/offers/{offer.pk}/redeem/", {"request_key": "x"}, format="json"
    )
    assert bad.status_code == 400 and bad.data["code"] == "invalid"


def test_my_coupons_are_mine_only(resident_api, resident, offer, api_client):
    fund(resident, 100)
    coupon = coupon_redeem(user=resident, offer_id=offer.pk, request_key="req-00000001")
    assert resident_api.get("/api/v1/market/coupons/").data["count"] == 1
    assert resident_api.get(f"/api/v1/market/coupons/{coupon.pk}/").status_code == 200
    api_client.force_authenticate(UserFactory())
    assert api_client.get(f"/api/v1/market/coupons/{coupon.pk}/").status_code == 404
    assert api_client.get("/api/v1/market/coupons/").data["count"] == 0


def test_the_shop_verifies_through_the_api(api_client, resident, offer, shopkeeper, tapo):
    fund(resident, 100)
    coupon = coupon_redeem(user=resident, offer_id=offer.pk, request_key="req-00000001")
    api_client.force_authenticate(shopkeeper)
    ok = api_client.post("/api/v1/market/shop/verify/", {"code": coupon.code}, format="json")
    assert ok.status_code == 200 and ok.data["offer"] == offer.title
    again = api_client.post("/api/v1/market/shop/verify/", {"code": coupon.code}, format="json")
    assert again.status_code == 400 and again.data["code"] == "already_used"
    unknown = api_client.post("/api/v1/market/shop/verify/", {"code": "2345"}, format="json")
    assert unknown.data["code"] == "unknown_code"
    verified = api_client.get("/api/v1/market/shop/verified/")
    assert verified.data["count"] == 1
    assert api_client.get("/api/v1/market/shop/offers/").data["count"] == 1
    # another shop's staff are told it is not theirs
    other = make_merchant(tapo, name="别家店")
    api_client.force_authenticate(other.staff.first().user)
    wrong = api_client.post("/api/v1/market/shop/verify/", {"code": coupon.code}, format="json")
    assert wrong.data["code"] == "wrong_merchant"


def test_residents_cannot_use_the_shop_endpoints(resident_api):
    assert resident_api.post("/api/v1/market/shop/verify/", {"code": "X"}).status_code == 404
    assert resident_api.get("/api/v1/market/shop/verified/").status_code == 404


def test_the_market_is_in_the_openapi_schema(api_client, staff_user):
    api_client.force_authenticate(staff_user)
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/market/offers/{id}/redeem/" in schema["paths"]
    assert "/api/v1/market/shop/verify/" in schema["paths"]
