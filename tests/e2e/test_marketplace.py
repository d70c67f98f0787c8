"""On a phone: a resident searches, redeems and shows the QR; the shop verifies the coupon."""

import re

import pytest

from marketplace.models import Coupon
from tests.accounts.factories import UserFactory
from tests.communities.factories import make_tree
from tests.e2e.helpers import check_accessibility, login, screenshot
from tests.marketplace.factories import fund, make_merchant, make_offer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_search_redeem_show_qr_and_verify_at_the_counter(phone_page, base_url, browser):
    tree = make_tree(community_names=("塔坡社区",))
    shopkeeper = UserFactory()
    shop = make_merchant(tree["塔坡社区"]["community"], user=shopkeeper, name="佛山老字号茶餐厅")
    make_offer(shop, node=tree["street"], title="满100减20 早茶券")
    resident = UserFactory()
    fund(resident, 100)
    page = phone_page

    # the resident searches the market for a word inside the shop's name
    login(page, base_url, resident.phone)
    page.goto(f"{base_url}/market/")
    check_accessibility(page)
    screenshot(page, "marketplace-home")
    page.fill("input[name=q]", "茶餐厅")
    page.get_by_role("button", name=re.compile("搜索")).click()
    page.wait_for_load_state("networkidle")
    check_accessibility(page)
    screenshot(page, "marketplace-search")
    page.get_by_role("link", name="满100减20 早茶券").click()
    check_accessibility(page)
    screenshot(page, "marketplace-offer")

    # redeems it and sees the coupon with its QR code and code
    page.get_by_role("button", name=re.compile("兑换")).click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".qr svg").is_visible()
    check_accessibility(page)
    screenshot(page, "marketplace-coupon")
    shown = page.get_by_test_id("coupon-code").inner_text().strip()
    coupon = Coupon.objects.get(user=resident)
    assert shown == coupon.display_code
    # no horizontal scrolling on a phone
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    # the shop assistant types the code read out at the counter
    context = browser.new_context(
        base_url=base_url, locale="zh-CN", viewport={"width": 375, "height": 812}, is_mobile=True
    )
    counter = context.new_page()
    login(counter, base_url, shopkeeper.phone)
    counter.goto(f"{base_url}/market/shop/verify/")
    check_accessibility(counter)
    counter.fill("input[name=code]", shown)
    counter.get_by_role("button", name="核销", exact=True).click()
    counter.wait_for_load_state("networkidle")
    verdict = counter.get_by_test_id("verdict")
    assert "核销成功" in verdict.inner_text()
    check_accessibility(counter)
    screenshot(counter, "marketplace-verified")
    # the same code again is refused, in large red text
    counter.fill("input[name=code]", shown)
    counter.get_by_role("button", name="核销", exact=True).click()
    counter.wait_for_load_state("networkidle")
    assert "核销失败" in counter.get_by_test_id("verdict").inner_text()
    check_accessibility(counter)
    screenshot(counter, "marketplace-refused")
    context.close()

    # the resident's coupon now shows as used
    page.goto(f"{base_url}/market/coupons/?show=used")
    check_accessibility(page)
    assert "满100减20 早茶券" in page.content()
