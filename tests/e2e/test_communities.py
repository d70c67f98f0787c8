"""On a phone: a resident claims a household, the building captain approves it."""

import pytest

from communities.models import Post, Residency
from notifications.models import Message
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint, make_tree
from tests.e2e.helpers import check_accessibility, login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_resident_claims_a_home_and_the_captain_approves_it_on_a_phone(phone_page, base_url):
    page = phone_page
    tapo = make_tree()["塔坡社区"]
    captain = appoint(
        Post.Kind.BUILDING_CAPTAIN, tapo["building"], user=UserFactory(real_name="何婉仪")
    ).user
    resident = UserFactory(real_name="李秀英")

    # the resident finds her building and claims her room
    login(page, base_url, resident.phone)
    page.get_by_role("link", name="我的社区").first.click()
    check_accessibility(page)
    screenshot(page, "communities-my-community-empty-phone")
    page.get_by_role("button", name="认领我的住户").click()
    page.get_by_label("您住的小区或楼栋").fill("塔坡小区")
    page.get_by_role("button", name="搜索").click()
    check_accessibility(page)
    page.get_by_role("link", name="5栋").first.click()
    page.get_by_label("房号").select_option(label="2单元 201")
    page.get_by_label("户主").check()
    page.get_by_label("我是这套房的产权人").check()
    check_accessibility(page)
    screenshot(page, "communities-claim-phone")
    page.get_by_role("button", name="提交给楼长审核").click()
    page.wait_for_load_state("networkidle")
    assert "认领申请已提交" in page.content()
    assert "待审核" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.context.clear_cookies()  # hand the phone to the captain

    # the captain sees the claim on "my building" and approves it with one big button
    login(page, base_url, captain.phone)
    page.get_by_role("link", name="我的楼栋").first.click()
    assert "李秀英" in page.content()
    check_accessibility(page)
    screenshot(page, "communities-my-building-phone")
    approve = page.get_by_role("button", name="通过")
    assert approve.bounding_box()["height"] >= 48  # a big tap target
    approve.click()
    page.wait_for_load_state("networkidle")
    assert "已登记为" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "communities-approved-phone")

    residency = Residency.objects.get(user=resident)
    assert residency.status == "approved" and residency.is_owner
    assert Message.objects.filter(recipient=resident, title="您的住户认领已通过").exists()


def test_the_building_board_prints_on_one_a4_page(phone_page, base_url):
    page = phone_page
    tapo = make_tree()["塔坡社区"]
    captain = appoint(
        Post.Kind.BUILDING_CAPTAIN, tapo["building"], user=UserFactory(real_name="何婉仪")
    ).user
    page.goto(f"{base_url}/community/board/{tapo['building'].code}/")
    assert captain.masked_phone in page.content()
    check_accessibility(page)
    screenshot(page, "communities-board-phone")
    pdf = page.pdf(format="A4")
    assert (
        pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page\r") + pdf.count(b"/Type/Page") <= 1
        or b"/Count 1" in pdf
    )


def test_the_home_search_reads_an_address_and_stays_usable_in_large_text(phone_page, base_url):
    page = phone_page
    tapo = make_tree()["塔坡社区"]
    resident = UserFactory()
    login(page, base_url, resident.phone)
    page.context.add_cookies([{"name": "text_size", "value": "large", "url": base_url}])
    page.goto(f"{base_url}/community/claim/")
    # the label reads on one line and the button is a full-width button, not a half circle
    label = page.get_by_text("您住的小区或楼栋").bounding_box()
    assert label["width"] > 150 and label["height"] < 60
    button = page.get_by_role("button", name="搜索").bounding_box()
    assert button["width"] > 200 and button["height"] >= 44
    # the example the form gives, with the unit and room, finds the building and the room
    page.get_by_label("您住的小区或楼栋").fill("塔坡小区 5栋 2单元 201")
    page.get_by_role("button", name="搜索").click()
    check_accessibility(page)
    screenshot(page, "communities-home-search-large-text-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("link", name="5栋").first.click()
    room = next(h for h in tapo["households"] if h.node.name == "2单元" and h.room == "201")
    assert page.get_by_label("房号").input_value() == str(room.pk)
    screenshot(page, "communities-claim-room-preselected-large-text-phone")
    # no captain here: the page says the community office checks the claim, and after sending
    # the claim shows as pending with the same words
    page.get_by_label("户主").check()
    page.get_by_role("button", name="提交给社区审核").click()
    page.wait_for_load_state("networkidle")
    assert "社区工作人员会尽快审核" in page.content()
    assert "您还没有认领住户" not in page.content()
    screenshot(page, "communities-claim-pending-large-text-phone")
    assert Residency.objects.get(user=resident).status == "pending"
