"""The canteen plans its menus: on a phone the cook opens the menus from the canteen's home,
copies the week before into next week and changes a copied lunch; at the counter's 1366 px
screen the week reads as columns. Dates are relative to now."""

import datetime as dt

import pytest
from django.utils import timezone

from bookings import services
from bookings.models import Menu, Provider
from bookings.services.canteen_menus import week_start
from communities.models import Post
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint, make_tree
from tests.e2e.helpers import check_accessibility, login, screenshot
from tests.e2e.measure import small_targets, small_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def place():
    tree = make_tree(community_names=("塔坡社区",))
    tapo = tree["塔坡社区"]
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user
    canteen = services.provider_create(
        actor=staff,
        name="塔坡长者饭堂",
        kind=Provider.Kind.CANTEEN,
        node=tapo["community"],
        places=[tapo["community"]],
    )
    cook = UserFactory(real_name="饭堂张姐")
    services.provider_staff_add(actor=staff, provider=canteen, user=cook, is_manager=True)
    # Next week's Friday lunch, copied by the test into the week after.
    friday = week_start(timezone.localdate()) + dt.timedelta(days=11)
    services.menu_create(
        actor=cook,
        provider=canteen,
        day=friday,
        meal="lunch",
        dishes="豉汁排骨、炒青菜、米饭",
        price_fen=1200,
        capacity=40,
    )
    return {"cook": cook, "friday": friday}


def test_the_cook_copies_last_week_and_changes_a_lunch_on_her_phone(
    phone_page, desktop_page, base_url, place
):
    page = phone_page
    login(page, base_url, place["cook"].phone)
    page.goto(f"{base_url}/bookings/canteen/")
    page.get_by_role("button", name="菜单", exact=True).click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="下一周 →").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="把上一周的菜单复制到本周").click()
    page.wait_for_load_state("networkidle")
    assert "已从上一周复制1份菜单。" in page.content()
    copied = Menu.objects.get(day=place["friday"] + dt.timedelta(days=7))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert small_targets(page) == [] and small_text(page) == []
    check_accessibility(page)
    screenshot(page, "canteen-menus-week-phone")

    page.get_by_role("button", name="修改午餐").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("菜品").fill("清蒸鲈鱼、炒青菜、米饭")
    page.get_by_label("供应份数").fill("60")
    check_accessibility(page)
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "菜单已保存。" in page.content(), page.inner_text("main")
    assert "清蒸鲈鱼" in page.content()
    copied.refresh_from_db()
    assert (copied.dishes, copied.capacity) == ("清蒸鲈鱼、炒青菜、米饭", 60)

    desk = desktop_page
    login(desk, base_url, place["cook"].phone)
    desk.goto(f"{base_url}/bookings/canteen/counter/")
    desk.get_by_role("button", name="安排和修改菜单").click()
    desk.wait_for_load_state("networkidle")
    assert desk.evaluate("document.documentElement.scrollWidth") <= 1366
    check_accessibility(desk)
    screenshot(desk, "canteen-menus-week-desktop")
