"""Appointment slots in the browser: on a phone a resident books a haircut for himself and finds
it among his appointments; at a 1366 px counter screen a provider's staff member adds a service
and opens a week of times for it. Dates are relative to now: nothing depends on the day."""

import datetime as dt

import pytest
from django.utils import timezone

from bookings import services
from bookings.models import Appointment, Provider, ServiceOffer, Slot
from bookings.selectors.providers import providers_of_user
from communities.models import Post
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint, make_tree
from tests.consultations.factories import live_in
from tests.e2e.helpers import check_accessibility, login, screenshot
from tests.e2e.measure import small_targets, small_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def place():
    tree = make_tree(community_names=("塔坡社区",))
    tapo = tree["塔坡社区"]
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user
    provider = services.provider_create(
        actor=staff,
        name="云家庭服务社",
        kind=Provider.Kind.HOME_SERVICE,
        node=tapo["community"],
        places=[tapo["community"]],
    )
    clerk = UserFactory(real_name="服务社李姐")
    services.provider_staff_add(actor=staff, provider=provider, user=clerk, is_manager=True)
    resident = live_in(tapo["households"][0]).user
    resident.real_name = "陈伯"
    resident.save(update_fields=["real_name"])
    return {"provider": provider, "clerk": clerk, "resident": resident}


def _assert_fits_an_older_resident(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert small_targets(page) == []
    assert small_text(page) == []


def test_a_resident_books_a_haircut_on_his_phone(phone_page, base_url, place):
    haircut = services.service_offer_create(
        actor=place["clerk"],
        provider=place["provider"],
        kind="haircut",
        name="长者义剪",
        duration_minutes=30,
    )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    services.slot_create(
        actor=place["clerk"],
        offer=haircut,
        starts_at=dt.datetime.combine(
            tomorrow, dt.time(9, 30), tzinfo=timezone.get_current_timezone()
        ),
    )
    page = phone_page
    login(page, base_url, place["resident"].phone)
    page.get_by_role("link", name="预约服务").first.click()
    page.wait_for_load_state("networkidle")
    assert "长者义剪" in page.content() and "09:30" in page.content()
    check_accessibility(page)
    _assert_fits_an_older_resident(page)
    screenshot(page, "appointments-resident-open-times")

    page.get_by_role("button", name="预约这个时间").first.click()
    page.wait_for_load_state("networkidle")
    assert "预约成功。" in page.content()
    mine = page.locator("h2:has-text('我的预约') + ul")
    assert "长者义剪" in mine.inner_text() and "取消预约" in mine.inner_text()
    check_accessibility(page)
    _assert_fits_an_older_resident(page)
    screenshot(page, "appointments-resident-booked")
    appointment = Appointment.objects.get()
    assert appointment.person == place["resident"] and appointment.status == "booked"


def test_the_clerk_adds_a_service_and_a_week_of_times(desktop_page, base_url, place):
    page = desktop_page
    login(page, base_url, place["clerk"].phone)
    page.get_by_role("link", name="我的服务点").first.click()
    page.wait_for_load_state("networkidle")
    check_accessibility(page)
    screenshot(page, "provider-home")
    page.get_by_role("link", name="服务与时间").first.click()
    page.wait_for_load_state("networkidle")

    page.get_by_label("服务类别").select_option("haircut")
    page.get_by_label("居民看到的名称").fill("长者义剪")
    page.get_by_label("服务时长（分钟）").fill("30")
    page.get_by_label("每时段人数").fill("1")
    page.get_by_label("接受时间银行时数").check()
    page.get_by_label("时间银行价格（小时）").fill("0.5")
    check_accessibility(page)
    screenshot(page, "provider-add-service")
    page.get_by_role("button", name="添加这项服务").click()
    page.wait_for_load_state("networkidle")
    assert "服务已添加" in page.content()
    offer = ServiceOffer.objects.get()
    assert (offer.name, offer.price_minutes, offer.duration_minutes) == ("长者义剪", 30, 30)

    # A week of mornings, 9:00 to 11:00, cut into 30-minute times from tomorrow on.
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    weekly = page.locator("form", has=page.get_by_role("button", name="开放这些时间"))
    weekly.get_by_label("开始日期").fill(tomorrow.isoformat())
    for day in ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"):
        weekly.get_by_label(day).check()
    weekly.get_by_label("开始时间").fill("09:00")
    weekly.get_by_label("结束时间").fill("11:00")
    weekly.get_by_label("持续几周").fill("1")
    weekly.get_by_label("按服务时长把时间分成多个时段").check()
    screenshot(page, "provider-week-form")
    weekly.get_by_role("button", name="开放这些时间").click()
    page.wait_for_load_state("networkidle")
    assert "已开放 28 个时间供预约" in page.content()
    assert Slot.objects.filter(offer=offer, capacity=1).count() == 28
    assert "0 / 1" in page.content()
    check_accessibility(page)
    screenshot(page, "provider-week-opened")

    # Her month's figures, from her home, with the Excel download offered.
    page.goto(f"{base_url}/bookings/provider/")
    page.get_by_role("link", name="月度数据").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("button", name="下载 Excel").is_visible()
    check_accessibility(page)
    screenshot(page, "provider-month")


def test_the_manager_adds_a_colleague_on_her_phone(phone_page, base_url, place):
    """No admin needed: from her service point the manager adds a colleague by mobile number,
    and the colleague finds the service point on his own home."""
    colleague = UserFactory(real_name="服务社王哥", phone="13912345678")
    page = phone_page
    login(page, base_url, place["clerk"].phone)
    page.goto(f"{base_url}/bookings/provider/")
    page.get_by_role("link", name="工作人员").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("工作人员的手机号").fill("13912345678")
    check_accessibility(page)
    _assert_fits_an_older_resident(page)
    screenshot(page, "provider-staff-phone")
    page.get_by_role("button", name="添加该工作人员").click()
    page.wait_for_load_state("networkidle")
    assert "已添加工作人员" in page.content()
    assert "139****5678" in page.content()
    _assert_fits_an_older_resident(page)
    screenshot(page, "provider-staff-added")
    assert providers_of_user(colleague).get() == place["provider"]
