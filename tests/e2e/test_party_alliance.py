"""At 1366 px: street staff follow the workbench's warning to an overdue co-building project and
record the follow-up that completes it, then pair a unit with a community team in the street's
党建益联盟; the same pages fit a phone."""

import datetime

import pytest
from django.utils import timezone

from communities.models import Post
from party import services
from party.models import Pairing
from tests.communities.factories import appoint, make_tree
from tests.e2e.helpers import check_accessibility, login, screenshot
from tests.volunteers.factories import team_with_leader

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_street_staff_complete_an_overdue_project_and_pair_a_unit_with_a_team(
    desktop_page, phone_page, base_url
):
    page = desktop_page
    tree = make_tree(community_names=("塔坡社区", "保安社区"))
    tapo = tree["塔坡社区"]["community"]
    street_staff = appoint(Post.Kind.STREET_STAFF, tree["street"]).user
    unit = services.co_building_unit_save(
        actor=None, community=tapo, kind="company", name="佛山供电局禅城分局"
    )
    team_with_leader(tapo, name="党员先锋服务队")
    alliance = services.alliance_create(actor=None, node=tree["street"], name="祖庙街道党建益联盟")
    # e2e runs on the real clock: the project fell due five days ago
    commitment = services.commitment_create(
        actor=None,
        unit=unit,
        community=tapo,
        title="5栋老旧线路改造",
        due_on=timezone.localdate() - datetime.timedelta(days=5),
    )

    # the workbench warns of the overdue project and links to it
    login(page, base_url, street_staff.phone)
    assert "/workbench/" in page.url
    assert page.locator("[data-queue=commitments_overdue] .count").inner_text() == "1"
    check_accessibility(page)
    screenshot(page, "party-alliance-workbench-warning-desktop")
    page.get_by_role("link", name="5栋老旧线路改造").click()
    page.wait_for_load_state("networkidle")
    assert "尚未完成" in page.content()
    page.get_by_label("已完成").check()
    page.get_by_label("进度").fill("线路改造完成，已验收")
    check_accessibility(page)
    save = page.get_by_role("button", name="保存跟进")
    assert save.bounding_box()["height"] >= 44
    save.click()
    page.wait_for_load_state("networkidle")
    assert "跟进已登记" in page.content() and "线路改造完成，已验收" in page.content()
    commitment.refresh_from_db()
    assert commitment.status == "done"

    # back on the workbench the warning is gone; on to the alliance
    page.goto(f"{base_url}/workbench/")
    assert page.locator("[data-queue=commitments_overdue] .count").inner_text() == "0"
    page.get_by_role("link", name="党建益联盟与结对").first.click()
    page.get_by_role("link", name="祖庙街道党建益联盟").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("combobox", name="共建单位").select_option(
        label="佛山供电局禅城分局（塔坡社区）"
    )
    page.get_by_role("combobox", name="社区队伍").select_option(label="党员先锋服务队（塔坡社区）")
    page.get_by_label("共建内容").fill("每月第一个周六入户检查独居老人家中用电")
    check_accessibility(page)
    page.get_by_role("button", name="确认结对").click()
    page.wait_for_load_state("networkidle")
    assert "结对成功" in page.content()
    assert "佛山供电局禅城分局 × 党员先锋服务队" in page.content()
    no_sideways_scroll(page, 1366)
    check_accessibility(page)
    screenshot(page, "party-alliance-paired-desktop")
    pairing = Pairing.objects.get()
    assert (pairing.unit, pairing.team.name, pairing.created_by) == (
        unit,
        "党员先锋服务队",
        street_staff,
    )

    # the same page on a phone
    login(phone_page, base_url, street_staff.phone)
    phone_page.goto(f"{base_url}/party/alliances/{alliance.pk}/")
    no_sideways_scroll(phone_page, 375)
    check_accessibility(phone_page)
    screenshot(phone_page, "party-alliance-phone")
