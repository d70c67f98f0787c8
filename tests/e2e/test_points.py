"""A resident on a phone: my points and a leaderboard, accessible and without sideways scroll."""

import pytest

from points.models import Currency
from points.services import points_award, points_spend, system_account
from tests.accounts.factories import UserFactory
from tests.e2e.helpers import check_accessibility, login, screenshot
from tests.points.factories import CampaignBoardFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_my_points_on_a_phone_shows_balances_in_points_and_hours(phone_page, base_url, settings):
    settings.REDIS_URL = ""  # the live server's leaderboards on the database path
    resident = UserFactory(real_name="李秀英")
    points_award(user=resident, amount=120, key="quiz", reason="6·26禁毒知识竞答")
    points_award(
        user=resident,
        amount=750,
        key="hours",
        reason="助老陪护（已核实）",
        currency=Currency.MINUTE,
        from_code="community:3:time_bank_pool",
    )
    shop = system_account("merchant:7:settlement", Currency.POINT, name="红星超市")
    points_spend(user=resident, amount=20, key="buy", reason="兑换满20减5券", to_account=shop)
    page = phone_page
    login(page, base_url, resident.phone)
    # from the home tile
    page.get_by_role("link", name="我的积分").last.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("points-balance").inner_text() == "100 积分"
    assert page.get_by_test_id("minutes-balance").inner_text() == "12.5 小时"
    assert "6·26禁毒知识竞答" in page.content() and "兑换满20减5券" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(page)
    screenshot(page, "points-my-points-phone")
    # filter to service time only
    page.get_by_text("筛选").click()
    page.get_by_label("类别").select_option("MINUTE")
    page.get_by_role("button", name="查看").click()
    page.wait_for_load_state("networkidle")
    assert "助老陪护（已核实）" in page.content() and "兑换满20减5券" not in page.content()


def test_a_leaderboard_on_a_phone_shows_the_top_and_my_rank(phone_page, base_url, settings):
    settings.REDIS_URL = ""
    CampaignBoardFactory(scope="campaign:626", name="6·26禁毒知识竞答")
    names = ["张伟", "王芳", "刘洋", "陈静", "杨磊", "赵敏"]
    for i, name in enumerate(names):
        points_award(
            user=UserFactory(real_name=name),
            amount=60 - i * 5,
            key=f"seed-{i}",
            reason="答题",
            boards=["campaign:626"],
        )
    me = UserFactory(real_name="李秀英")
    points_award(user=me, amount=40, key="me", reason="答题", boards=["campaign:626"])
    page = phone_page
    login(page, base_url, me.phone)
    page.goto(f"{base_url}/points/boards/")
    page.get_by_role("link", name="6·26禁毒知识竞答").click()
    page.wait_for_load_state("networkidle")
    # 40 points like 杨磊, who reached them first: rank 6
    assert page.get_by_test_id("my-rank").inner_text() == "6"
    assert "张*" in page.content() and "张伟" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(page)
    screenshot(page, "points-leaderboard-phone")
