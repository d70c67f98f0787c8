"""Cases on a phone: a resident reports with a photo, the captain handles it, a grid worker
checks it on site, and the resident rates it."""

import pytest

from cases.models import Case, State
from communities.models import Post
from tests.cases.factories import category, jpeg_bytes
from tests.communities.factories import ResidencyFactory, appoint, make_tree
from tests.e2e.helpers import check_accessibility, login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    tree = make_tree(community_names=("塔坡社区",))["塔坡社区"]
    category()
    return {
        "tree": tree,
        "resident": ResidencyFactory(
            household=tree["households"][0], user__real_name="李秀英"
        ).user,
        "captain": appoint(Post.Kind.BUILDING_CAPTAIN, tree["building"]).user,
        "grid": appoint(Post.Kind.GRID_WORKER, tree["grid"]).user,
    }


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_report_handle_check_and_rate_on_a_phone(phone_page, base_url, people, tmp_path):
    page = phone_page
    photo_path = tmp_path / "rubbish.jpg"
    photo_path.write_bytes(jpeg_bytes(size=(640, 480), gps=True))

    # the resident reports with a photo
    login(page, base_url, people["resident"].phone)
    page.goto(base_url + "/cases/new/")
    check_accessibility(page)
    page.select_option("#id_category", label="市容环境 > 暴露垃圾")
    page.fill("#id_description", "1单元门口垃圾堆了两天，气味很大")
    page.select_option("#id_node", label="塔坡小区 5栋 1单元")
    page.set_input_files("#id_photos", str(photo_path))
    no_sideways_scroll(page)
    screenshot(page, "cases-report-form")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    case = Case.objects.get()
    assert f"/cases/{case.pk}/" in page.url
    assert page.locator(".photos img").count() == 1
    check_accessibility(page)
    screenshot(page, "cases-reported")

    # the captain sees it in their list and handles it
    page.context.clear_cookies()
    login(page, base_url, people["captain"].phone)
    page.goto(base_url + "/cases/assigned/")
    check_accessibility(page)
    screenshot(page, "cases-assigned")
    page.get_by_role("link", name=f"#{case.pk} 暴露垃圾").click()
    page.get_by_role("button", name="受理（立案）").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="开始处置").click()
    page.wait_for_load_state("networkidle")
    page.fill("#id_note", "已联系保洁员清运，并提醒住户按时投放")
    page.set_input_files("#id_photos", str(photo_path))
    check_accessibility(page)
    screenshot(page, "cases-captain-result")
    page.get_by_role("button", name="提交核查").click()
    page.wait_for_load_state("networkidle")
    assert Case.objects.get(pk=case.pk).state == State.TO_VERIFY

    # a grid worker (not the handler) checks on site
    page.context.clear_cookies()
    login(page, base_url, people["grid"].phone)
    page.goto(f"{base_url}/cases/{case.pk}/")
    page.get_by_label("已解决：结案").check()
    page.get_by_role("button", name="保存核查结果").click()
    page.wait_for_load_state("networkidle")
    assert Case.objects.get(pk=case.pk).state == State.CLOSED

    # the resident rates it
    page.context.clear_cookies()
    login(page, base_url, people["resident"].phone)
    page.goto(base_url + "/cases/")
    check_accessibility(page)
    page.get_by_role("link", name=f"#{case.pk} 暴露垃圾").click()
    page.get_by_label("满意", exact=True).check()
    page.fill("#id_comment", "处理很快，谢谢！")
    screenshot(page, "cases-rate")
    page.locator("form[action$='/rate/'] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    check_accessibility(page)
    no_sideways_scroll(page)
    screenshot(page, "cases-rated-timeline")
    actions = list(Case.objects.get(pk=case.pk).events.values_list("action", flat=True))
    assert actions == ["report", "accept", "start", "submit", "verify_pass", "rate"]


def test_staff_board_and_indicators_on_a_phone(phone_page, base_url, people):
    from cases import services

    staff = appoint(Post.Kind.COMMUNITY_STAFF, people["tree"]["community"]).user
    services.case_report(
        reporter=people["resident"],
        category=category(),
        description="楼下车辆乱停堵住出口",
        node=people["tree"]["building"],
    )
    page = phone_page
    login(page, base_url, staff.phone)
    page.goto(base_url + "/cases/board/")
    check_accessibility(page)
    no_sideways_scroll(page)
    screenshot(page, "cases-board")
    page.goto(base_url + "/cases/indicators/")
    check_accessibility(page)
    no_sideways_scroll(page)
    screenshot(page, "cases-indicators")


def test_a_hurried_resident_reports_with_the_location_button_in_large_text(
    phone_page, base_url, people
):
    page = phone_page
    page.context.grant_permissions(["geolocation"], origin=base_url)
    page.context.set_geolocation({"latitude": 23.031234, "longitude": 113.112345})
    login(page, base_url, people["resident"].phone)
    page.context.add_cookies([{"name": "text_size", "value": "large", "url": base_url}])
    # from the home page: the report tile
    page.goto(base_url + "/")
    page.get_by_role("link", name="随手拍").first.click()
    # no kind is chosen for the resident: sending without one is refused, what was typed stays
    page.fill("#id_description", "路口井盖缺失，晚上很危险")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    # (the browser holds the form back itself; the server's own refusal is a view test)
    assert page.evaluate("document.querySelector('#id_category').validity.valueMissing")
    assert not Case.objects.exists()
    assert page.input_value("#id_description") == "路口井盖缺失，晚上很危险"
    # no latitude/longitude boxes; the location button fills the hidden fields
    assert page.locator("input[name=latitude]").get_attribute("type") == "hidden"
    page.select_option("#id_category", label="市容环境 > 暴露垃圾")
    page.get_by_role("button", name="使用我的位置").click()
    page.get_by_text("您的位置将随反映一起提交。").wait_for()
    # the place selector stays inside the screen in large text
    place = page.locator("#id_node").bounding_box()
    assert place["x"] >= 0 and place["x"] + place["width"] <= 375
    no_sideways_scroll(page)
    check_accessibility(page)
    screenshot(page, "cases-report-location-large-text")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    case = Case.objects.get()
    assert str(case.latitude) == "23.031234" and str(case.longitude) == "113.112345"
    # "my reports" is one tap from home, with the case number and its state
    page.goto(base_url + "/")
    page.get_by_role("link", name="我的反映").first.click()
    assert f"#{case.pk}" in page.content()
    assert case.get_state_display() in page.content()
    no_sideways_scroll(page)
    check_accessibility(page)
    screenshot(page, "cases-my-reports-large-text")
