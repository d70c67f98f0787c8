"""On a phone: a resident claims a household, the building captain approves it."""

import re

import pytest

from cases.models import Case
from communities.models import Post, Residency
from notifications.models import Message
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.cases.factories import category
from tests.communities.factories import ResidencyFactory, appoint, make_tree
from tests.e2e.helpers import SCREENSHOT_DIR, check_accessibility, login, screenshot

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


def _pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF as Chromium writes it: one "/Type /Page" object each ("/Pages" is the tree)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_the_building_board_prints_on_one_a4_page(phone_page, base_url):
    page = phone_page
    tapo = make_tree()["塔坡社区"]
    captain = appoint(
        Post.Kind.BUILDING_CAPTAIN, tapo["building"], user=UserFactory(real_name="何婉仪")
    ).user
    appoint(Post.Kind.GRID_WORKER, tapo["grid"], user=UserFactory(real_name="陈志强"))
    page.goto(f"{base_url}/community/board/{tapo['building'].code}/")
    assert captain.masked_phone in page.content()
    check_accessibility(page)
    screenshot(page, "communities-board-phone")
    pdf = page.pdf(format="A4")
    (SCREENSHOT_DIR / "communities-board-a4.pdf").write_bytes(pdf)
    assert _pdf_pages(pdf) == 1
    # in large text too (the printed sizes are the print stylesheet's own)
    page.context.add_cookies([{"name": "text_size", "value": "large", "url": base_url}])
    page.reload()
    assert _pdf_pages(page.pdf(format="A4")) == 1


def test_a_resident_scans_the_board_calls_the_captain_and_reports_a_problem(phone_page, base_url):
    page = phone_page
    tapo = make_tree()["塔坡社区"]
    category()
    captain = appoint(
        Post.Kind.BUILDING_CAPTAIN, tapo["building"], user=UserFactory(real_name="何婉仪")
    ).user
    resident = ResidencyFactory(household=tapo["households"][0]).user
    board = f"{base_url}/community/board/{tapo['building'].code}/"
    # a passer-by sees the number masked
    page.goto(board)
    assert captain.phone not in page.content()
    # the resident logs in from the board and comes back to it
    page.locator("main").get_by_role("button", name="登录").click()
    page.fill("input[name=login]", resident.phone)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url == board
    call = page.get_by_role("button", name="打电话给楼长")
    assert call.get_attribute("href") == f"tel:{captain.phone}"
    assert call.bounding_box()["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(page)
    screenshot(page, "communities-board-resident-phone")
    # "report a problem in this building" opens the form with the building chosen
    page.get_by_role("button", name="报告本楼的问题").click()
    assert page.locator("#id_node option:checked").inner_text() == "塔坡小区 5栋"
    page.select_option("#id_category", label="市容环境 > 暴露垃圾")
    page.fill("#id_description", "楼道里堆满了纸箱")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert Case.objects.get().node == tapo["building"]


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


def test_the_printed_board_looks_right(phone_page, base_url):
    """A picture of the sheet as printed (print media on an A4-sized window), to look at."""
    page = phone_page
    tapo = make_tree()["塔坡社区"]
    appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"], user=UserFactory(real_name="何婉仪"))
    appoint(Post.Kind.GRID_WORKER, tapo["grid"], user=UserFactory(real_name="陈志强"))
    page.set_viewport_size({"width": 794, "height": 1123})
    page.emulate_media(media="print")
    page.goto(f"{base_url}/community/board/{tapo['building'].code}/")
    assert page.evaluate("document.documentElement.scrollHeight") <= 1123
    screenshot(page, "communities-board-print-a4")
