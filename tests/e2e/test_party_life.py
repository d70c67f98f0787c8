"""On a phone: a secretary announces a session; a mobile member opens their organisational life
and sees it as the next session with its online link (云上支部)."""

import datetime

import pytest
from django.utils import timezone

from party import services
from tests.accounts.factories import UserFactory
from tests.communities.factories import make_tree
from tests.e2e.helpers import check_accessibility, login, screenshot
from tests.party.factories import make_party_tree, secretary_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_mobile_member_sees_the_next_session_with_its_online_link_on_a_phone(
    phone_page, base_url
):
    page = phone_page
    orgs = make_party_tree(make_tree(community_names=("塔坡社区", "保安社区")))
    branch = orgs["first"]
    member = services.party_member_register(
        actor=None, user=UserFactory(real_name="外出务工"), branch=orgs["other"], home_branch=branch
    )
    secretary = secretary_of(branch)

    # the secretary announces next week's themed day on the phone (e2e runs on the real clock)
    login(page, base_url, secretary.phone)
    page.goto(f"{base_url}/party/org/{branch.pk}/")
    page.get_by_role("button", name="预告组织生活").click()
    page.get_by_label("主题党日").check()
    held = timezone.localtime() + datetime.timedelta(days=7)
    page.get_by_label("召开时间").fill(held.strftime("%Y-%m-%dT19:30"))
    page.get_by_label("地点").fill("党群服务中心")
    page.get_by_label("线上参会链接（云上支部，供流动党员使用）").fill(
        "https://meeting.example.cn/abc"
    )
    page.get_by_label("议程").fill("学习党章；清理楼道")
    check_accessibility(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="发布预告").click()
    page.wait_for_load_state("networkidle")
    assert "组织生活预告已发给党员" in page.content()
    page.context.clear_cookies()

    # the mobile member away sees it with its link
    login(page, base_url, member.user.phone)
    page.get_by_role("link", name="党建").first.click()
    page.get_by_role("button", name="我的组织生活").click()
    page.wait_for_load_state("networkidle")
    coming = page.locator("[data-session]").first
    assert "主题党日" in coming.inner_text() and "党群服务中心" in coming.inner_text()
    join = coming.get_by_role("button", name="线上参加（云上支部）")
    assert join.get_attribute("href") == "https://meeting.example.cn/abc"
    assert join.bounding_box()["height"] >= 44
    assert "应参加 0 次，已参加 0 次" in page.content()
    check_accessibility(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "party-my-life-phone")
