"""The market page's search (marketplace.search, prepared statements) reads what the rule
marketplace.selectors.offer_search reads, in the same order, with the same count."""

from decimal import Decimal

import pytest

from marketplace.models import Merchant, Offer
from marketplace.search import OfferSearch, community_choices
from marketplace.selectors import OfferCard, communities_for_filter, offer_search
from tests.marketplace.factories import make_merchant, make_offer

pytestmark = pytest.mark.django_db


def _card(offer) -> OfferCard:
    return OfferCard(
        pk=offer.pk,
        title=offer.title,
        merchant_name=offer.merchant.name,
        category_label=str(offer.merchant.get_category_display()),
        node_name=offer.node.name,
        terms=str(offer.terms),
        points_price=offer.points_price,
        stock_left=offer.stock_left,
    )


def test_the_search_reads_what_offer_search_reads(tapo, baoan, street):
    tea = make_merchant(tapo, name="佛山老字号茶餐厅")
    salon = make_merchant(baoan, name="发廊_100%", category=Merchant.Category.SERVICES)
    make_offer(tea, node=street, title="早茶八折", points_price=30)
    make_offer(tea, node=tapo, title="塔坡专享 茶", points_price=20)
    make_offer(salon, node=baoan, title="洗剪吹", points_price=50)
    make_offer(salon, node=street, title="未批准", approved=False)
    # Each kind of deal, as its card's terms say it (Offer.terms).
    make_offer(
        tea,
        title="八五折 茶",
        kind=Offer.Kind.PERCENT_OFF,
        percent_off=15,
        max_discount=Decimal("30.50"),
        points_price=40,
    )
    make_offer(tea, title="茶 无门槛", threshold=Decimal("0"), amount_off=Decimal("5.5"))
    make_offer(salon, title="赠品", kind=Offer.Kind.GIFT, gift="一杯凉茶", points_price=10)
    for filters in [
        {},
        {"query": "茶"},
        {"query": "茶 早"},
        {"query": "_100%"},
        {"category": Merchant.Category.SERVICES},
        {"community": tapo},
        {"community": baoan, "max_points": 40},
        {"min_points": 25, "sort": "price"},
        {"sort": "-price"},
        {"sort": "popular"},
    ]:
        expected = [_card(offer) for offer in offer_search(**filters)]
        search = OfferSearch(**filters)
        assert search[0:20] == expected, filters
        assert search[1:2] == expected[1:2], filters
        assert search.count() == len(expected), filters


def test_the_filter_offers_the_communities_of_communities_for_filter(tree):
    assert community_choices() == tuple((node.pk, str(node)) for node in communities_for_filter())
