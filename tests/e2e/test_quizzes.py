"""A resident on a phone plays a quiz to a lucky draw, wins, and sees the leaderboard."""

import datetime as dt

import pytest
from django.utils import timezone

from quizzes import services
from quizzes.models import Category, Prize, ServedQuestion
from tests.accounts.factories import UserFactory
from tests.e2e.helpers import check_accessibility, login, screenshot
from tests.quizzes.factories import prize_make, question_make, street

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def open_campaign():
    node = street()
    category, _created = Category.objects.get_or_create(name="禁毒")
    question_make(node, text="发现有人贩卖毒品，应该怎么做？")
    question_make(node, text="吸毒一次不会上瘾，这种说法对吗？", kind="true_false")
    question_make(node, text="毒品有哪些危害？", kind="multiple")
    now = timezone.now()
    campaign = services.campaign_create(
        actor=None,
        node=node,
        title="6·26国际禁毒日知识竞答",
        starts_at=now - dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=20),
        categories=[category],
        rules_text="珍爱生命，远离毒品。",
        streak_length=3,
    )
    prize_make(campaign, name="禁毒宣传帆布袋 + 10积分", kind=Prize.Kind.POINTS, points=10)
    return campaign


def answer_right(page, n: int):
    served = ServedQuestion.objects.filter(answered_at__isnull=True).latest("pk")
    right = set(served.question.choices.filter(is_correct=True).values_list("pk", flat=True))
    for pk in right:
        page.locator(f"input[name=choice][value='{pk}']").check()
    token = page.locator("input[name=token]").input_value()
    page.get_by_role("button", name="提交答案").click()
    # the reply carries the next question: wait until its form has replaced this one
    page.wait_for_function(
        "t => { const i = document.querySelector('input[name=token]'); return i && i.value !== t; }",
        arg=token,
    )
    page.get_by_text("回答正确").wait_for()


def test_a_resident_plays_to_a_draw_wins_and_sees_the_leaderboard(phone_page, base_url, settings):
    settings.REDIS_URL = ""  # the live server's leaderboards on the database path
    campaign = open_campaign()
    resident = UserFactory(real_name="李秀英", display_name="秀英")
    page = phone_page
    login(page, base_url, resident.phone)

    # from the home tile to the quiz
    page.get_by_role("link", name="知识竞答").first.click()
    page.get_by_role("link", name=campaign.title).click()
    assert "每连续答对3题" in page.content()
    check_accessibility(page)
    screenshot(page, "quizzes-campaign-phone")

    page.get_by_role("button", name="开始答题").click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(page)
    screenshot(page, "quizzes-question-phone")

    for n in range(3):
        answer_right(page, n)
        if n == 0:
            check_accessibility(page)
            screenshot(page, "quizzes-result-phone")
        # the result and the next question come in one response: no "next" round trip
        page.get_by_role("heading", name="下一题").wait_for()
        page.get_by_role("button", name="提交答案").wait_for()
    assert "您获得了一次抽奖机会" in page.content()
    assert page.get_by_test_id("draws").inner_text() == "1"
    assert page.get_by_test_id("day-points").inner_text() == "1 / 50"

    page.get_by_role("button", name="现在去抽奖").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("prize").inner_text() == "禁毒宣传帆布袋 + 10积分"
    check_accessibility(page)
    screenshot(page, "quizzes-draw-won-phone")

    page.get_by_role("button", name="排行榜").first.click()
    page.wait_for_load_state("networkidle")
    assert "我的排名：第1名" in page.inner_text("main")
    assert "秀英" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(page)
    screenshot(page, "quizzes-leaderboard-phone")


def test_the_daily_cap_is_said_on_the_answer_page_on_a_phone(phone_page, base_url, settings):
    settings.REDIS_URL = ""
    campaign = open_campaign()
    campaign.streak_length, campaign.daily_point_cap = 1, 1
    services.campaign_save(actor=None, campaign=campaign, is_new=False)
    page = phone_page
    login(page, base_url, UserFactory().phone)
    page.goto(f"{base_url}/quizzes/{campaign.pk}/play/")
    # an answer sent without a choice (a multiple-choice question has no required box) keeps
    # the page as it was, with the reason
    served = ServedQuestion.objects.filter(answered_at__isnull=True).latest("pk")
    if served.question.kind == "multiple":
        page.get_by_role("button", name="提交答案").click()
        page.wait_for_load_state("networkidle")
        assert page.get_by_test_id("play-error").is_visible()
        check_accessibility(page)
        screenshot(page, "quizzes-play-refused-phone")
    answer_right(page, 0)
    assert "今天的积分已达上限（1分）" in page.get_by_test_id("cap-notice").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(page)
    screenshot(page, "quizzes-result-cap-phone")


def test_staff_confirm_a_moodle_import_on_a_phone(phone_page, base_url):
    from pathlib import Path

    from communities.models import Post
    from quizzes.models import Question
    from tests.communities.factories import appoint, make_tree

    tree = make_tree()
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tree["塔坡社区"]["community"])
    page = phone_page
    login(page, base_url, staff.user.phone)
    page.goto(f"{base_url}/quizzes/staff/import/")
    fixture = Path(__file__).resolve().parents[1] / "quizzes" / "files" / "moodle_mixed.gift"
    page.set_input_files("input[name=file]", str(fixture))
    page.get_by_role("button", name="导入").click()
    page.wait_for_load_state("networkidle")
    assert "第6题（第35行）：填空题" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_accessibility(page)
    screenshot(page, "quizzes-import-confirm-phone")
    page.get_by_role("button", name="导入这 6 道题").click()
    page.wait_for_load_state("networkidle")
    assert "已导入 6 道题" in page.content()
    assert Question.objects.count() == 6
