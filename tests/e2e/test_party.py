"""On a phone: a branch secretary records a 主题党日 with attendance."""

import datetime

import pytest
from django.utils import timezone

from party import services
from party.models import PartySession
from tests.accounts.factories import UserFactory
from tests.communities.factories import make_tree
from tests.e2e.helpers import check_accessibility, login, screenshot
from tests.party.factories import make_party_tree, secretary_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_secretary_records_a_themed_party_day_with_attendance_on_a_phone(phone_page, base_url):
    page = phone_page
    tree = make_tree(community_names=("塔坡社区", "保安社区"))
    branch = make_party_tree(tree)["first"]
    secretary = secretary_of(branch)
    for name in ("陈红", "李明"):
        services.party_member_register(actor=None, user=UserFactory(real_name=name), branch=branch)

    login(page, base_url, secretary.phone)
    page.goto(f"{base_url}/party/")
    page.get_by_role("link", name="第一支部").click()
    page.get_by_role("button", name="登记组织生活").click()
    page.get_by_label("主题党日").check()
    # e2e runs on the real clock (the browser's cookies and the server's must agree): yesterday
    held = timezone.localtime() - datetime.timedelta(days=1)
    page.get_by_label("召开时间").fill(held.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("地点").fill("党群服务中心")
    page.get_by_label("议程").fill("学习党章；清理楼道")
    page.get_by_label("线上参会链接（供线上参加的党员使用）").fill("https://meeting.example.cn/abc")
    page.get_by_role("group", name="李明").get_by_label("线上参加").check()
    page.get_by_label("会议记录").fill("到会同志一起清理了楼道。")
    check_accessibility(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "party-session-form-phone")
    save = page.get_by_role("button", name="保存")
    assert save.bounding_box()["height"] >= 44
    save.click()
    page.wait_for_load_state("networkidle")
    assert "组织生活已登记" in page.content()
    assert "1 人到会，1 人线上参加，应到 2 人" in page.content()
    check_accessibility(page)
    screenshot(page, "party-branch-phone")
    session = PartySession.objects.get()
    modes = dict(session.attendance.values_list("member__user__real_name", "mode"))
    assert modes["陈红"] == "in_person" and modes["李明"] == "online"


def test_an_in_service_member_reports_in_and_claims_a_post_on_a_phone(phone_page, base_url):
    from party.models import CoBuildingUnit
    from tests.communities.factories import ResidencyFactory

    page = phone_page
    tapo = make_tree(community_names=("塔坡社区",))["塔坡社区"]
    CoBuildingUnit.objects.create(community=tapo["community"], kind="agency", name="禅城区税务局")
    services.service_post_publish(
        actor=None, community=tapo["community"], title="文明劝导岗", places=2
    )
    member = UserFactory(real_name="张在职")
    ResidencyFactory(user=member, household=tapo["households"][0])

    login(page, base_url, member.phone)
    page.get_by_role("link", name="党建").first.click()
    page.get_by_role("button", name="在职党员双报到").click()
    page.get_by_label("我居住的社区").select_option(label="塔坡社区")
    page.get_by_label("我的工作单位").fill("禅城区税务局")
    check_accessibility(page)
    page.get_by_role("button", name="到社区报到").click()
    page.wait_for_load_state("networkidle")
    assert "报到成功" in page.content()
    claim = page.get_by_role("button", name="认领“文明劝导岗”")
    assert claim.bounding_box()["height"] >= 44
    claim.click()
    page.wait_for_load_state("networkidle")
    assert "您已认领岗位“文明劝导岗”" in page.content()
    assert "已认领 1 / 2" in page.content()
    check_accessibility(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "party-post-claimed-phone")
