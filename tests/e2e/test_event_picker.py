"""Community staff set up a clinic on the 2nd and 4th Wednesday with the recurrence picker in a
desktop browser (1366 px), without the admin; the sessions are those of the RFC 5545 rule."""

import datetime as dt

import pytest

from communities.models import Post
from events.models import Event
from events.recurrence import LOCAL, occurrence_starts
from tests.communities.factories import appoint, make_tree
from tests.e2e.helpers import check_accessibility, login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_set_up_a_2nd_and_4th_wednesday_clinic_with_the_picker(desktop_page, base_url):
    tapo = make_tree(community_names=("塔坡社区",))["塔坡社区"]
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user
    page = desktop_page
    login(page, base_url, staff.phone)
    # The browser shares the machine's clock, so the dates are taken from today.
    first = dt.date.today() + dt.timedelta(days=1)
    page.goto(f"{base_url}/events/staff/events/")
    page.get_by_role("button", name="新建活动").click()
    page.select_option("select[name=node]", str(tapo["community"].pk))
    page.select_option("select[name=kind]", Event.Kind.CLINIC)
    page.fill("input[name=title]", "社区义诊")
    page.fill("input[name=place]", "塔坡社区卫生站")
    page.fill("input[name=starts_at]", f"{first:%Y-%m-%d}T09:00")
    page.fill("input[name=ends_at]", f"{first:%Y-%m-%d}T11:00")
    # only the chosen repeat's options show
    assert page.locator("[data-repeat=weekly]").is_hidden()
    page.get_by_label("每月第几个星期几").check()
    assert page.locator("[data-repeat=monthly_weekday]").is_visible()
    assert page.locator("[data-repeat=lunar]").is_hidden()
    page.locator("[data-repeat=monthly_weekday]").get_by_label("第 2 个").check()
    page.locator("[data-repeat=monthly_weekday]").get_by_label("第 4 个").check()
    page.select_option("select[name=month_weekday]", "WE")
    page.get_by_label("提前 1 天").check()
    screenshot(page, "event-picker-desktop")
    check_accessibility(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.get_by_role("button", name="保存并发布").click()
    page.wait_for_load_state("networkidle")
    event = Event.objects.get()
    assert event.rrule == "FREQ=MONTHLY;BYDAY=2WE,4WE" and event.status == "published"
    # the page lists the sessions the rule stands for
    expected = occurrence_starts(
        first_start=event.starts_at,
        rule="FREQ=MONTHLY;BYDAY=2WE,4WE",
        exdates=[],
        until=None,
        window_start=event.starts_at,
        window_end=event.starts_at + dt.timedelta(days=85),
    )
    listed = page.locator(".session-list a").all_inner_texts()
    assert [text[:10] for text in listed][: len(expected)] == [
        f"{start.astimezone(LOCAL):%Y-%m-%d}" for start in expected
    ]
    screenshot(page, "event-picker-saved-desktop")
