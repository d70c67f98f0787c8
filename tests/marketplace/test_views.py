"""Pages: residents search, redeem and show the QR; shops verify; staff review and report."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from communities.models import Post
from marketplace.models import Coupon, Merchant, Offer
from marketplace.services import coupon_redeem, coupon_verify
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint, make_tree
from tests.marketplace.factories import fund, make_merchant, make_offer
from tests.querycount import layout_queries

pytestmark = pytest.mark.django_db


def _queries(client, url, params=None) -> list[str]:
    """The SQL of one request. Other apps' role providers and middleware add their own
    queries to every page, so tests assert the total stays flat as rows grow, and count the
    marketplace's own queries exactly."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def _own(sqls: list[str]) -> int:
    return sum(1 for sql in sqls if '"marketplace_' in sql)


@pytest.fixture
def resident_client(client, resident):
    client.force_login(resident)
    return client


def test_search_finds_a_word_inside_a_shop_name(resident_client, tapo, street):
    shop = make_merchant(tapo, name="佛山老字号茶餐厅", description="")
    make_offer(shop, node=street, title="早茶八折", description="")
    make_offer(make_merchant(tapo, name="升平五金店", description=""), node=street, title="工具")
    response = resident_client.get(reverse("marketplace:search"), {"q": "茶餐厅"})
    assert response.status_code == 200
    titles = [offer.title for offer in response.context["page"].object_list]
    assert titles == ["早茶八折"]
    assert "佛山老字号茶餐厅" in response.content.decode()


def test_a_page_of_search_results_keeps_a_flat_query_count(resident_client, tapo, street):
    shop = make_merchant(tapo)
    for i in range(3):
        make_offer(shop, node=street, title=f"茶餐厅券{i}")
    url = reverse("marketplace:search")
    resident_client.get(url, {"q": "茶"})  # warm the role cache, prepare the statements
    few = _queries(resident_client, url, {"q": "茶"})
    # on the layout: the balance, the communities of the filter form, the page of offers with
    # merchant and place joined: each one prepared statement (a first page holding every
    # result is not counted)
    assert len(few) == layout_queries(resident_client) + 3
    for i in range(20):
        make_offer(shop, node=street, title=f"茶餐厅新券{i}")
    resident_client.get(url, {"q": "茶"})
    many = _queries(resident_client, url, {"q": "茶"})
    # and the count of the results, now that there is a second page
    assert len(many) == len(few) + 1


def test_filters_by_category_price_and_community(resident_client, tapo, baoan, street):
    tea = make_merchant(tapo, name="茶餐厅")
    salon = make_merchant(baoan, name="发廊", category=Merchant.Category.SERVICES)
    make_offer(tea, node=street, title="贵", points_price=500)
    make_offer(tea, node=tapo, title="塔坡专享", points_price=20)
    make_offer(salon, node=baoan, title="保安专享", points_price=10)

    def titles(**params):
        page = resident_client.get(reverse("marketplace:search"), params).context["page"]
        return sorted(offer.title for offer in page.object_list)

    assert titles(category="services") == ["保安专享"]
    assert titles(max_points=100) == ["保安专享", "塔坡专享"]
    assert titles(community=baoan.pk) == ["保安专享", "贵"]
    assert titles(sort="price")[0:1] == ["保安专享"]


def test_redeeming_on_the_page_shows_the_coupon_with_its_qr(resident_client, resident, offer):
    fund(resident, 100)
    page = resident_client.get(reverse("marketplace:offer", args=[offer.pk]))
    key = re.search(r'name="request_key" value="([^"]+)"', page.content.decode()).group(1)
    url = reverse("marketplace:redeem", args=[offer.pk])
    response = resident_client.post(url, {"request_key": key}, follow=True)
    coupon = Coupon.objects.get(user=resident)
    assert response.redirect_chain[-1][0] == reverse("marketplace:coupon", args=[coupon.pk])
    body = response.content.decode()
    assert "<svg" in body and coupon.display_code in body
    # the same form sent again (a double tap) charges nothing more
    resident_client.post(url, {"request_key": key})
    assert Coupon.objects.filter(user=resident).count() == 1


def test_a_refused_redemption_explains_why(resident_client, resident, offer):
    response = resident_client.post(
        reverse("marketplace:redeem", args=[offer.pk]),
        {"request_key": "abcdefgh12345678"},
        follow=True,
    )
    assert "不足" in response.content.decode() or "not enough" in response.content.decode()
    assert not Coupon.objects.exists()


def test_my_coupons_lists_each_status_with_a_flat_query_count(
    resident_client, resident, merchant, street
):
    offer = make_offer(merchant, node=street, per_user_limit=30, points_price=1)
    fund(resident, 100)
    coupon_redeem(user=resident, offer_id=offer.pk, request_key="req-first-0")
    url = reverse("marketplace:my_coupons")
    resident_client.get(url)
    # ours: the counts per status, the page of coupons with offer and shop (a first page that
    # holds every coupon is not counted: core.paging)
    few = _queries(resident_client, url)
    assert _own(few) == 2
    for i in range(10):
        coupon_redeem(user=resident, offer_id=offer.pk, request_key=f"req-more-{i:04d}")
    many = _queries(resident_client, url)
    assert len(many) == len(few) and _own(many) == 2
    response = resident_client.get(url)
    assert len(response.context["page"].object_list) == 11
    used = resident_client.get(url, {"show": "used"})
    assert list(used.context["page"].object_list) == []


def test_nobody_else_can_open_a_residents_coupon(client, resident, offer):
    fund(resident, 100)
    coupon = coupon_redeem(user=resident, offer_id=offer.pk, request_key="req-00000001")
    client.force_login(UserFactory())
    assert client.get(reverse("marketplace:coupon", args=[coupon.pk])).status_code == 404


def test_the_shop_verifies_a_scanned_coupon_and_sees_a_large_verdict(
    client, resident, offer, shopkeeper
):
    fund(resident, 100)
    coupon = coupon_redeem(user=resident, offer_id=offer.pk, request_key="req-00000001")
    client.force_login(shopkeeper)
    scanned = client.get(reverse("marketplace:verify"), {"code": coupon.code})
    assert offer.title in scanned.content.decode()
    response = client.post(reverse("marketplace:verify"), {"code": coupon.display_code})
    assert 'class="verdict verdict-ok"' in response.content.decode()
    again = client.post(reverse("marketplace:verify"), {"code": coupon.code})
    assert 'class="verdict verdict-refused"' in again.content.decode()
    verified = client.get(reverse("marketplace:verified"))
    assert coupon.display_code in verified.content.decode()


def test_the_counter_pages_are_for_merchant_staff_only(client, resident):
    client.force_login(resident)
    for name in ("verify", "verified", "offer_new"):
        assert client.get(reverse(f"marketplace:{name}")).status_code == 404
    # the shop page invites them to apply instead
    assert "apply" in client.get(reverse("marketplace:shop")).content.decode()


def test_a_shop_applies_and_creates_an_offer_on_its_pages(client, tapo, street, street_staff):
    owner = UserFactory()
    client.force_login(owner)
    response = client.post(
        reverse("marketplace:shop_apply"),
        {
            "name": "岭南凉茶铺",
            "category": "food",
            "node": tapo.pk,
            "address": "升平路 3 号",
            "licence_number": "91440604MA4UXYW12K",
            "contact_name": "梁姨",
            "contact_phone": "13800001111",
        },
    )
    assert response.status_code == 302
    merchant = Merchant.objects.get(name="岭南凉茶铺")
    from marketplace.services import merchant_approve

    merchant_approve(actor=street_staff, merchant=merchant)
    now = timezone.localtime()
    form = {
        "title": "凉茶买一送一",
        "kind": "gift",
        "gift": "凉茶一杯",
        "gift_value": "6",
        "points_price": "10",
        "stock_total": "100",
        "per_user_limit": "1",
        "node": street.pk,
        "redeem_from": now.strftime("%Y-%m-%dT%H:%M"),
        "redeem_until": (now + dt.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "use_from": now.strftime("%Y-%m-%dT%H:%M"),
        "use_until": (now + dt.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M"),
    }
    assert client.post(reverse("marketplace:offer_new"), form).status_code == 302
    assert Offer.objects.get(title="凉茶买一送一").status == Offer.Status.PENDING
    # a bad offer keeps what was typed and says why
    bad = client.post(reverse("marketplace:offer_new"), {**form, "gift": ""})
    assert bad.status_code == 200 and "凉茶买一送一" in bad.content.decode()


def test_the_offer_form_lists_only_the_shops_community_and_street(client, merchant, shopkeeper):
    client.force_login(shopkeeper)
    choices = client.get(reverse("marketplace:offer_new")).context["form"].fields["node"].queryset
    assert {node.name for node in choices} == {"祖庙街道", "塔坡社区"}


def test_street_staff_approve_offers_on_the_staff_page(client, merchant, street, street_staff):
    offer = make_offer(merchant, node=street, approved=False)
    client.force_login(street_staff)
    page = client.get(reverse("marketplace:staff_offers"))
    assert offer.title in page.content.decode()
    client.post(reverse("marketplace:staff_offer_review", args=[offer.pk]), {"decision": "approve"})
    offer.refresh_from_db()
    assert offer.status == Offer.Status.APPROVED


def test_staff_of_another_street_cannot_see_or_review(client, merchant, street):
    offer = make_offer(merchant, node=street, approved=False)
    other = make_tree(street_code="440604009", community_names=("石湾社区",))
    outsider = appoint(Post.Kind.STREET_STAFF, other["street"]).user
    client.force_login(outsider)
    assert offer.title not in client.get(reverse("marketplace:staff_offers")).content.decode()
    assert (
        merchant.name
        not in client.get(
            reverse("marketplace:staff_merchants"), {"status": "all"}
        ).content.decode()
    )
    review = client.post(
        reverse("marketplace:staff_offer_review", args=[offer.pk]), {"decision": "approve"}
    )
    assert review.status_code == 404
    review = client.post(
        reverse("marketplace:staff_merchant_review", args=[merchant.pk]),
        {"decision": "suspend"},
    )
    assert review.status_code == 404


def test_residents_do_not_reach_the_staff_pages(resident_client):
    for name in ("staff_merchants", "staff_offers", "staff_report"):
        assert resident_client.get(reverse(f"marketplace:{name}")).status_code == 404


def test_staff_lists_keep_a_flat_query_count(client, tapo, street, street_staff):
    client.force_login(street_staff)
    shop = make_merchant(tapo)
    make_offer(shop, node=street, approved=False)
    url = reverse("marketplace:staff_offers")
    client.get(url)
    # ours: the page of offers with merchant and place joined (a first page that holds every
    # offer is not counted: core.paging)
    few = _queries(client, url)
    assert _own(few) == 1
    merchants_url = reverse("marketplace:staff_merchants")
    few_merchants = _queries(client, merchants_url, {"status": "all"})
    for i in range(5):
        make_offer(make_merchant(tapo, name=f"店{i}"), node=street, approved=False)
    many = _queries(client, url)
    assert len(many) == len(few) and _own(many) == 1
    # the page of shops with their offer counts (one GROUP BY)
    many_merchants = _queries(client, merchants_url, {"status": "all"})
    assert len(many_merchants) == len(few_merchants) and _own(many_merchants) == 1


def test_the_report_counts_by_merchant_and_month_and_exports_excel(
    client, resident, offer, merchant, shopkeeper, street_staff
):
    fund(resident, 100)
    coupon = coupon_redeem(user=resident, offer_id=offer.pk, request_key="req-00000001")
    coupon_verify(merchant=merchant, code=coupon.code, actor=shopkeeper)
    client.force_login(street_staff)
    rows = client.get(reverse("marketplace:staff_report")).context["rows"]
    assert len(rows) == 1
    row = rows[0]
    assert (row.issued, row.redeemed, row.points, row.verified) == (1, 1, 30, 1)
    assert row.issued_value == row.verified_value == 20
    response = client.get(reverse("marketplace:staff_report"), {"format": "xlsx"})
    import io

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B2"].value == merchant.name and sheet["C2"].value == 1


def test_the_market_link_is_in_the_navigation(resident_client, shopkeeper, merchant, client):
    assert reverse("marketplace:home") in resident_client.get("/").content.decode()
    client.force_login(shopkeeper)
    assert reverse("marketplace:shop") in client.get("/").content.decode()
