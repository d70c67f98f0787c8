"""A volunteer on a phone: signs up for a shift, checks in and out by the organiser's QR link,
the team leader verifies, and the hours appear."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.communities.factories import make_tree
from tests.e2e.helpers import check_accessibility, login, screenshot
from tests.volunteers.factories import project, team_with_leader, volunteer
from volunteers import services
from volunteers.models import Shift

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_up_check_in_leader_verifies_hours_appear(phone_page, base_url):
    page = phone_page
    community = make_tree()["塔坡社区"]["community"]
    team, leader = team_with_leader(community)
    vol = volunteer(community)
    the_project = project(team, title="文明家园清洁日", place="塔坡花园中心广场")
    # A shift starting in 20 minutes: sign-up is still open and check-in already is.
    start = timezone.now() + dt.timedelta(minutes=20)
    shift = Shift.objects.create(
        project=the_project, starts_at=start, ends_at=start + dt.timedelta(hours=2), capacity=5
    )

    # the volunteer signs up on the open shifts page
    login(page, base_url, vol.phone)
    page.goto(f"{base_url}/volunteers/")
    check_accessibility(page)
    screenshot(page, "volunteers-home")
    page.get_by_role("link", name="可报名的服务").first.click()
    check_accessibility(page)
    screenshot(page, "volunteers-open-shifts")
    page.get_by_role("link", name="文明家园清洁日").click()
    page.get_by_role("button", name="报名这个班次").click()
    page.wait_for_load_state("networkidle")
    assert "报名成功" in page.content()
    check_accessibility(page)
    screenshot(page, "volunteers-shift-signed-up")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # on the spot: the organiser's QR code opens the check-in page
    page.goto(f"{base_url}/volunteers/checkin/{services.checkin_token(shift, 'in')}/")
    check_accessibility(page)
    screenshot(page, "volunteers-checkin")
    page.get_by_role("button", name="现在签到").click()
    page.wait_for_load_state("networkidle")
    assert "签到成功" in page.content()
    page.goto(f"{base_url}/volunteers/checkin/{services.checkin_token(shift, 'out')}/")
    page.get_by_role("button", name="现在签退").click()
    page.wait_for_load_state("networkidle")
    assert "已提交核验" in page.content()
    check_accessibility(page)
    screenshot(page, "volunteers-hours-pending")

    # the leader verifies (the real check-out lasted seconds: the leader adjusts to 2 hours)
    page.context.clear_cookies()
    login(page, base_url, leader.phone)
    page.goto(f"{base_url}/volunteers/shifts/{shift.pk}/")
    assert page.locator("img.qr").count() == 2
    screenshot(page, "volunteers-organiser-qr")
    page.goto(f"{base_url}/volunteers/verify/")
    check_accessibility(page)
    card = page.locator(".verify-card").first
    card.get_by_label("调整时长").check()
    card.get_by_label("核定时长（调整时填写）").fill("2")
    card.get_by_label("理由（调整或不通过时必填）").fill("按班次实际服务时间核定")
    screenshot(page, "volunteers-verify")
    page.get_by_role("button", name="保存这些核验结果").click()
    page.wait_for_load_state("networkidle")
    assert "已保存" in page.content()

    # the hours appear for the volunteer
    page.context.clear_cookies()
    login(page, base_url, vol.phone)
    page.goto(f"{base_url}/volunteers/hours/")
    assert page.locator("#verified-hours").inner_text() == "2"
    assert "已核验" in page.content()
    check_accessibility(page)
    screenshot(page, "volunteers-hours-verified")
    page.goto(f"{base_url}/volunteers/timebank/")
    check_accessibility(page)
    screenshot(page, "volunteers-timebank")


def test_leader_publishes_a_project_with_a_shift_and_cancels_it_on_a_phone(phone_page, base_url):
    page = phone_page
    community = make_tree()["塔坡社区"]["community"]
    team, leader = team_with_leader(community)
    vol = volunteer(community)
    today = timezone.localdate()
    day = (today + dt.timedelta(days=3)).isoformat()

    login(page, base_url, leader.phone)
    page.goto(f"{base_url}/volunteers/")
    page.get_by_role("link", name="我组织的项目").click()
    check_accessibility(page)
    screenshot(page, "volunteers-organise-projects")
    page.get_by_role("button", name="发布新项目").click()
    page.fill("input[name=title]", "敬老院探访")
    page.fill("textarea[name=description]", "陪老人聊天、读报")
    page.fill("input[name=place]", "祖庙敬老院")
    page.fill("input[name=starts_on]", today.isoformat())
    page.fill("input[name=ends_on]", (today + dt.timedelta(days=20)).isoformat())
    page.fill("input[name=shift-day]", day)
    page.fill("input[name=shift-start]", "09:00")
    page.fill("input[name=shift-end]", "11:00")
    page.fill("input[name=shift-capacity]", "4")
    check_accessibility(page)
    screenshot(page, "volunteers-organise-new")
    page.get_by_role("button", name="发布").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="敬老院探访").is_visible()
    check_accessibility(page)
    screenshot(page, "volunteers-organise-project")

    # a volunteer signs up; then the leader cancels the shift with a reason
    shift = Shift.objects.get(project__title="敬老院探访")
    services.shift_signup(user=vol, shift=shift)
    page.locator(f"a[href='/volunteers/organise/shifts/{shift.pk}/']").click()
    check_accessibility(page)
    screenshot(page, "volunteers-organise-shift")
    page.fill("input[name=reason]", "敬老院临时封闭")
    page.get_by_role("button", name="取消班次").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("已取消").first.is_visible()
    shift.refresh_from_db()
    assert shift.status == Shift.Status.CANCELLED
    assert vol.messages.filter(body="敬老院临时封闭").exists()


def test_a_refused_verification_keeps_the_leaders_entries_on_a_phone(phone_page, base_url):
    from tests.accounts.factories import UserFactory
    from tests.volunteers.factories import pending_record

    page = phone_page
    community = make_tree()["塔坡社区"]["community"]
    team, leader = team_with_leader(community)
    first = pending_record(team, volunteer(community, user=UserFactory(real_name="陈安娜")))
    second = pending_record(team, volunteer(community, user=UserFactory(real_name="刘波")))
    login(page, base_url, leader.phone)
    page.goto(f"{base_url}/volunteers/verify/")
    page.locator(f"#record-{first.pk}").get_by_label("通过", exact=True).check()
    card = page.locator(f"#record-{second.pk}")
    card.get_by_label("调整时长").check()
    card.get_by_label("核定时长（调整时填写）").fill("1.5")
    page.get_by_role("button", name="保存这些核验结果").click()
    page.wait_for_load_state("networkidle")
    # nothing saved; the entries are still there and the refused record is named
    assert "没有保存任何结果" in page.content() and "刘波" in page.content()
    assert page.locator(f"#record-{first.pk}").get_by_label("通过", exact=True).is_checked()
    assert card.get_by_label("核定时长（调整时填写）").input_value() == "1.5"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(page)
    screenshot(page, "volunteers-verify-refused")
    card.get_by_label("理由（调整或不通过时必填）").fill("按实际时间")
    page.get_by_role("button", name="保存这些核验结果").click()
    page.wait_for_load_state("networkidle")
    assert "已保存 2 条核验结果" in page.content()


def test_both_sides_of_a_claimed_wish_can_call_each_other_on_a_phone(phone_page, base_url):
    from communities.models import Post
    from tests.accounts.factories import UserFactory
    from tests.communities.factories import ResidencyFactory, appoint

    tree = make_tree()
    tapo = tree["塔坡社区"]
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user
    resident = UserFactory(real_name="李秀英")
    ResidencyFactory(user=resident, household=tapo["households"][0])
    wish = services.wish_post(resident=resident, title="帮忙修理漏水的水龙头")
    services.wish_review(actor=staff, wish=wish, decision="open")
    helper = volunteer(tapo["community"], user=UserFactory(real_name="王建国"))
    page = phone_page
    login(page, base_url, helper.phone)
    page.goto(f"{base_url}/volunteers/wishes/{wish.pk}/")
    assert page.locator("a[href^='tel:']").count() == 0
    page.get_by_role("button", name="我来认领这个心愿").click()
    page.wait_for_load_state("networkidle")
    call = page.get_by_role("button", name=f"拨打 {resident.phone}")
    assert call.get_attribute("href") == f"tel:{resident.phone}"
    assert call.bounding_box()["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(page)
    screenshot(page, "volunteers-wish-claimed-helper")
    page.context.clear_cookies()
    login(page, base_url, resident.phone)
    page.goto(f"{base_url}/volunteers/wishes/{wish.pk}/")
    assert "王建国" in page.content()
    check_accessibility(page)
    screenshot(page, "volunteers-wish-claimed-resident")


def test_the_certificate_form_opens_with_dates_the_phone_accepts(phone_page, base_url):
    page = phone_page
    vol = volunteer(make_tree()["塔坡社区"]["community"])
    login(page, base_url, vol.phone)
    page.goto(f"{base_url}/volunteers/certificates/")
    today = timezone.localdate()
    # the browser kept the preset values (it empties a box whose value it rejects)
    assert page.input_value("input[name=period_from]") == f"{today.year}-01-01"
    assert page.input_value("input[name=period_to]") == today.isoformat()
    assert page.evaluate("document.querySelector('form input[name=period_from]').validity.valid")
    check_accessibility(page)
    screenshot(page, "volunteers-certificate-form")
    page.goto(f"{base_url}/volunteers/timebank/")
    page.fill("input[name=hours]", "2.5")
    page.get_by_role("button", name="捐赠").click()
    page.wait_for_load_state("networkidle")
    assert page.input_value("input[name=hours]") == "2.5"
    check_accessibility(page)
    screenshot(page, "volunteers-timebank-refused")
