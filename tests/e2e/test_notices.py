"""On a phone: a resident reads and confirms a notice; a captain works the door-knock list."""

import pytest

from communities.models import Post
from notices.models import Delivery
from tests.communities.factories import appoint, make_tree
from tests.e2e.helpers import check_accessibility, login, screenshot
from tests.notices.factories import live_in, publish

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def place():
    tapo = make_tree()["塔坡社区"]
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user
    captain = appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]).user
    resident = live_in(tapo["households"][0]).user
    elder = live_in(tapo["households"][1], birth_year=1940).user
    notice = publish(
        actor=staff,
        node=tapo["community"],
        title="5月8日停水通知",
        body="5月8日9:00-17:00小区停水检修，请提前储水。",
        needs_confirmation=True,
    )
    return {"notice": notice, "resident": resident, "elder": elder, "captain": captain}


def test_a_resident_reads_and_confirms_a_notice_on_a_phone(phone_page, base_url, place):
    page = phone_page
    login(page, base_url, place["resident"].phone)
    page.get_by_role("link", name="通知公告").first.click()
    page.wait_for_load_state("networkidle")
    assert "请确认" in page.content()
    check_accessibility(page)
    screenshot(page, "notices-index")
    page.get_by_role("link", name="5月8日停水通知").click()
    page.wait_for_load_state("networkidle")
    check_accessibility(page)
    screenshot(page, "notices-detail")
    page.get_by_role("button", name="我已阅读此通知").click()
    page.wait_for_load_state("networkidle")
    assert "谢谢，您的回执已记录。" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(page)
    screenshot(page, "notices-confirmed")
    assert Delivery.objects.get(user=place["resident"]).confirmed_at is not None


def test_a_captain_works_the_door_knock_list_on_a_phone(phone_page, base_url, place):
    page = phone_page
    login(page, base_url, place["captain"].phone)
    page.goto(f"{base_url}/notices/{place['notice'].pk}/")
    check_accessibility(page)
    screenshot(page, "notices-captain-detail")
    page.get_by_role("button", name="上门告知名单").click()
    page.wait_for_load_state("networkidle")
    cards = page.locator(".knock-list li.card")
    assert cards.count() == 2
    assert "独居老人" in cards.first.inner_text()  # the elder living alone comes first
    assert place["elder"].phone in cards.first.inner_text()
    check_accessibility(page)
    screenshot(page, "notices-knock-list")
    cards.first.get_by_role("button", name="当面告知").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".knock-list li.card").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(page)
    screenshot(page, "notices-knock-list-after")
    assert Delivery.objects.get(user=place["elder"]).told_via == "in_person"
