"""The elders' canteen on a phone: a daughter orders lunch for her father with delivery, a
volunteer on the delivery shift delivers it and marks it, and the canteen prints the day's
kitchen and route sheets. Dates are relative to now (tomorrow's lunch), nothing depends on
which day the test runs."""

import datetime as dt

import pytest
from django.utils import timezone

from bookings import services
from bookings.models import Diner, MealOrder, Provider
from communities.models import Post
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint, make_tree
from tests.consultations.factories import live_in
from tests.e2e.helpers import check_accessibility, login, screenshot
from tests.volunteers import factories as volunteer_factories
from volunteers.models import RelativeLink
from volunteers.services import shift_signup

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def place():
    tree = make_tree(community_names=("塔坡社区",))
    tapo = tree["塔坡社区"]
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user
    street_staff = appoint(Post.Kind.STREET_STAFF, tree["street"]).user
    canteen = services.provider_create(
        actor=staff,
        name="塔坡长者饭堂",
        kind=Provider.Kind.CANTEEN,
        node=tapo["community"],
        places=[tapo["community"]],
    )
    cook = UserFactory(real_name="饭堂张姐")
    services.provider_staff_add(actor=staff, provider=canteen, user=cook, is_manager=True)
    services.subsidy_budget_fund(
        actor=street_staff, street=tree["street"], amount_fen=100_000, key="e2e"
    )
    team, _leader = volunteer_factories.team_with_leader(tapo["community"], name="助餐送餐队")
    shift = volunteer_factories.shift(
        volunteer_factories.project(team, title="长者饭堂送餐"),
        starts_in=dt.timedelta(days=1),
    )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    services.menu_create(
        actor=cook,
        provider=canteen,
        day=tomorrow,
        meal="lunch",
        dishes="红烧鱼、炒青菜、米饭",
        price_fen=1500,
        capacity=50,
        delivery_shift=shift,
        orders_close_at=timezone.now() + dt.timedelta(hours=12),
    )
    father = live_in(tapo["households"][0]).user
    father.real_name = "陈伯"
    father.save(update_fields=["real_name"])
    services.diner_register(
        actor=staff, user=father, birth_year=1944, status=Diner.Status.LIVING_ALONE
    )
    daughter = UserFactory(real_name="陈女士")
    RelativeLink.objects.create(
        user=daughter,
        relative=father,
        node=tapo["community"],
        relation=RelativeLink.Relation.PARENT,
        status=RelativeLink.Status.VERIFIED,
    )
    rider = volunteer_factories.volunteer(tapo["community"])
    shift_signup(user=rider, shift=shift)
    return {"daughter": daughter, "father": father, "rider": rider, "cook": cook}


def test_a_daughter_orders_a_volunteer_delivers_and_the_canteen_prints(
    browser, phone_page, desktop_page, base_url, place
):
    page = phone_page
    login(page, base_url, place["daughter"].phone)
    page.get_by_role("link", name="长者饭堂").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="陈伯").click()
    page.wait_for_load_state("networkidle")
    assert "红烧鱼" in page.content()
    check_accessibility(page)
    screenshot(page, "canteen-order-for-father")
    page.get_by_label("送餐上门").check()
    page.get_by_role("button", name="订这一餐").click()
    page.wait_for_load_state("networkidle")
    text = page.content()
    assert "已订餐。" in text and "8.00" in text  # 15 yuan less 7 yuan of subsidy
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(page)
    screenshot(page, "canteen-ordered")
    order = MealOrder.objects.get()
    assert order.elder == place["father"] and order.ordered_by == place["daughter"]

    # The volunteer on the delivery shift opens the round on their phone and marks it.
    page.context.clear_cookies()
    login(page, base_url, place["rider"].phone)
    page.goto(f"{base_url}/bookings/canteen/deliveries/")
    page.get_by_role("link", name="午餐").first.click()
    page.wait_for_load_state("networkidle")
    assert "陈伯" in page.content()
    check_accessibility(page)
    screenshot(page, "canteen-route-volunteer")
    page.get_by_role("button", name="已送达").first.click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    order.refresh_from_db()
    assert order.status == MealOrder.Status.DELIVERED and order.handled_by == place["rider"]

    # The canteen prints the day's sheets from its counter (a desktop at the counter).
    desk = desktop_page
    login(desk, base_url, place["cook"].phone)
    desk.goto(f"{base_url}/bookings/canteen/counter/")
    check_accessibility(desk)
    desk.get_by_role("link", name="厨房备餐单").first.click()
    desk.wait_for_load_state("networkidle")
    assert "合计份数" in desk.content()
    assert desk.get_by_role("button", name="打印（A4）").is_visible()
    desk.emulate_media(media="print")
    assert not desk.get_by_role("button", name="打印（A4）").is_visible()
    screenshot(desk, "canteen-kitchen-print")
    desk.emulate_media(media="screen")
    desk.get_by_role("link", name="送餐路线单").first.click()
    desk.wait_for_load_state("networkidle")
    assert "第1网格" in desk.content() and "陈伯" in desk.content()
    check_accessibility(desk)
    desk.emulate_media(media="print")
    screenshot(desk, "canteen-routes-print")
