"""On a phone: a resident verifies their number before the first coupon; a resident an import
listed confirms their home."""

import re

import pytest

from communities.models import Residency
from notifications.sms import LocmemSmsBackend
from tests.accounts.factories import UserFactory
from tests.communities.factories import make_tree
from tests.e2e.helpers import check_accessibility, login, screenshot
from tests.marketplace.factories import fund, make_merchant, make_offer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_unverified_resident_verifies_the_number_then_redeems(phone_page, base_url, settings):
    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    tree = make_tree(community_names=("塔坡社区",))
    shop = make_merchant(tree["塔坡社区"]["community"], user=UserFactory(), name="佛山老字号茶餐厅")
    offer = make_offer(shop, node=tree["street"], title="满100减20 早茶券")
    resident = UserFactory(phone_verified=False)
    fund(resident, 100)
    page = phone_page
    login(page, base_url, resident.phone)
    page.goto(f"{base_url}/market/offers/{offer.pk}/")
    page.get_by_role("button", name="验证手机号").click()
    page.wait_for_load_state("networkidle")
    check_accessibility(page)
    screenshot(page, "accounts-verify-phone")
    page.get_by_role("button", name="发送验证码").click()
    page.wait_for_load_state("networkidle")
    [(_phone, text)] = LocmemSmsBackend.outbox
    page.fill("input[name=code]", "".join(ch for ch in text if ch.isdigit()))
    page.get_by_role("button", name="确认", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/market/offers/{offer.pk}/")
    check_accessibility(page)
    page.get_by_role("button", name=re.compile("兑换")).click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".qr svg").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_resident_confirms_the_home_an_import_listed(phone_page, base_url):
    tree = make_tree(community_names=("塔坡社区",))
    resident = UserFactory()
    Residency.objects.create(
        user=resident,
        household=tree["塔坡社区"]["households"][0],
        relation="head",
        status="invited",
    )
    page = phone_page
    login(page, base_url, resident.phone)
    page.goto(f"{base_url}/community/")
    check_accessibility(page)
    screenshot(page, "communities-invitation")
    page.get_by_role("button", name="是的，我住这里").click()
    page.wait_for_load_state("networkidle")
    assert Residency.objects.get(user=resident).status == "approved"
    check_accessibility(page)
