"""A resident on a phone finds an activity, registers, and checks in with the door code."""

import datetime as dt

import pytest
from django.utils import timezone

from events import services
from events.models import Registration
from tests.communities.factories import ResidencyFactory, make_tree
from tests.e2e.helpers import check_accessibility, login, screenshot
from tests.events.factories import first_session, make_event

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_find_an_activity_register_and_check_in_at_the_door(phone_page, base_url):
    tree = make_tree()
    tapo = tree["塔坡社区"]
    resident = ResidencyFactory(household=tapo["households"][0], user__real_name="李秀英").user
    start = timezone.localtime().replace(second=0, microsecond=0) + dt.timedelta(minutes=30)
    make_event(
        tapo["community"],
        title="社区义诊：量血压",
        kind="clinic",
        place="塔坡社区卫生服务站",
        starts_at=start,
        capacity=20,
        points_for_attendance=2,
    )
    session = first_session(make_event(tapo["community"], title="防诈骗讲座", starts_at=start))
    clinic = first_session(session.event.__class__.objects.get(title="社区义诊：量血压"))
    page = phone_page
    login(page, base_url, resident.phone)

    # find: the home tile leads to the activities near me
    page.get_by_role("link", name="社区活动").first.click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(page)
    screenshot(page, "events-upcoming-phone")
    page.get_by_role("link", name="社区义诊：量血压").click()
    page.wait_for_load_state("networkidle")
    check_accessibility(page)
    screenshot(page, "events-detail-phone")

    # register
    page.get_by_role("button", name="我要报名").click()
    page.wait_for_load_state("networkidle")
    assert "您已报名成功" in page.content()
    assert page.get_by_role("img", name="我的签到码").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(page)
    screenshot(page, "events-registered-phone")
    assert Registration.objects.get(user=resident, occurrence=clinic).status == "confirmed"

    # check in: the code on the door opens the check-in page
    page.goto(f"{base_url}/events/door/?code={services.door_code(clinic)}")
    check_accessibility(page)
    screenshot(page, "events-door-phone")
    page.get_by_role("button", name="我到了，签到").click()
    page.wait_for_load_state("networkidle")
    assert "签到成功" in page.content()
    check_accessibility(page)
    screenshot(page, "events-checked-in-phone")
    assert Registration.objects.get(user=resident, occurrence=clinic).checked_in_at is not None
