"""The marketplace's list pages and endpoints not covered elsewhere keep a flat query count:
the shop's own offers and the coupons it verified (page and API), a resident's coupons (API)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from marketplace.services import coupon_redeem, coupon_verify
from tests.marketplace.factories import fund, make_merchant, make_offer
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 4, 8, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def fixed_instant(time_machine):
    time_machine.move_to(NOW, tick=False)


def redeem_and_verify(resident, offer, merchant, shopkeeper, count, start=0):
    for i in range(start, start + count):
        coupon = coupon_redeem(user=resident, offer_id=offer.pk, request_key=f"qc-redeem-{i:04d}")
        coupon_verify(merchant=merchant, code=coupon.code, actor=shopkeeper)


@pytest.fixture
def shop_setup(resident, merchant, shopkeeper, street):
    offer = make_offer(merchant, node=street, per_user_limit=30, points_price=1)
    fund(resident, 100)
    redeem_and_verify(resident, offer, merchant, shopkeeper, 2)
    return offer


def test_the_shop_page_and_its_verified_list_keep_a_flat_query_count(
    client, resident, merchant, shopkeeper, street, shop_setup
):
    client.force_login(shopkeeper)
    assert_flat(
        client,
        "/market/shop/",
        lambda: [make_offer(merchant, node=street, title=f"券{i}") for i in range(5)],
    )
    assert_flat(
        client,
        "/market/shop/verified/",
        lambda: redeem_and_verify(resident, shop_setup, merchant, shopkeeper, 5, start=2),
    )


def test_the_shop_endpoints_keep_a_flat_query_count(
    api_client, resident, merchant, shopkeeper, street, shop_setup
):
    api_client.force_authenticate(shopkeeper)
    assert_flat(
        api_client,
        "/api/v1/market/shop/offers/",
        lambda: [make_offer(merchant, node=street, title=f"券{i}") for i in range(5)],
    )
    assert_flat(
        api_client,
        "/api/v1/market/shop/verified/",
        lambda: redeem_and_verify(resident, shop_setup, merchant, shopkeeper, 5, start=2),
    )


def test_a_residents_coupons_endpoint_keeps_a_flat_query_count(
    api_client, resident, merchant, shopkeeper, shop_setup
):
    api_client.force_authenticate(resident)
    # one unused coupon to start with (an empty page skips the page's query)
    coupon_redeem(user=resident, offer_id=shop_setup.pk, request_key="qc-first-0000")

    def more():
        for i in range(5):
            coupon_redeem(user=resident, offer_id=shop_setup.pk, request_key=f"qc-more-{i:04d}")

    assert_flat(api_client, "/api/v1/market/coupons/", more)


def test_the_market_home_keeps_a_flat_query_count(client, resident, tapo, street):
    shop = make_merchant(tapo)
    make_offer(shop, node=street, title="早茶八折")
    client.force_login(resident)
    assert_flat(
        client,
        "/market/",
        lambda: [
            make_offer(make_merchant(tapo, name=f"店{i}"), node=street, title=f"券{i}")
            for i in range(4)
        ],
    )


def test_the_market_search_keeps_a_flat_query_count_as_offers_grow(
    client, resident, merchant, street
):
    make_offer(merchant, node=street, title="早茶券 0")
    client.force_login(resident)
    assert_flat(
        client,
        "/market/search/",
        lambda: [make_offer(merchant, node=street, title=f"早茶券 {i}") for i in range(1, 6)],
        params={"q": "早茶"},
    )
