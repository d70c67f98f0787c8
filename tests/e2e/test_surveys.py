"""On a phone: a resident answers a survey (radio groups in fieldsets, 44 px taps)."""

import pytest

from communities.models import Post
from surveys.models import Answer, Response
from tests.communities.factories import appoint, make_tree
from tests.e2e.helpers import check_accessibility, login, screenshot
from tests.notices.factories import live_in
from tests.surveys.factories import make_survey

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def place():
    tapo = make_tree()["塔坡社区"]
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user
    resident = live_in(tapo["households"][0]).user
    survey = make_survey(actor=staff, node=tapo["community"], title="社区服务需求调查")
    return {"survey": survey, "resident": resident}


def test_a_resident_answers_a_survey_on_a_phone(phone_page, base_url, place):
    page = phone_page
    login(page, base_url, place["resident"].phone)
    page.get_by_role("link", name="问卷与需求").first.click()
    page.wait_for_load_state("networkidle")
    check_accessibility(page)
    screenshot(page, "surveys-index")
    page.get_by_role("link", name="社区服务需求调查").click()
    page.wait_for_load_state("networkidle")
    check_accessibility(page)
    # Each radio group is a fieldset named by its legend; every choice is a 44 px tap target.
    group = page.get_by_role("group", name="您最希望增加哪类活动？")
    box = group.get_by_text("健康讲座").bounding_box()
    assert box["height"] >= 44
    group.get_by_text("健康讲座").click()
    page.get_by_role("group", name="您需要哪些上门服务？").get_by_text("助餐").click()
    page.get_by_role("group", name="您对社区服务的满意度").get_by_text("5", exact=True).click()
    page.get_by_label("其他建议").fill("希望多办老年人活动")
    screenshot(page, "surveys-answer")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="提交回答").click()
    page.wait_for_load_state("networkidle")
    assert "谢谢，您的回答已记录。" in page.content()
    check_accessibility(page)
    screenshot(page, "surveys-answered")
    response = Response.objects.get()
    assert response.respondent == place["resident"]
    assert Answer.objects.filter(response=response, choice__label="健康讲座").exists()
    assert Answer.objects.get(response=response, rating__isnull=False).rating == 5
