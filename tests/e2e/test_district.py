"""A district's staff at 1366 px: their 承责团队 and the settings per place (issue 19). They
open the teams page and follow a team's place into its workbench, then set 石湾镇街道's SMS
signature on the settings page, which the sibling street does not take."""

import pytest

from communities.models import Post
from communities.place_settings import place_setting
from communities.services.teams import team_save
from notifications.place_settings import SMS_SIGNATURE
from tests.communities.conftest import districts  # noqa: F401 (the fixture)
from tests.communities.factories import appoint
from tests.e2e.helpers import check_accessibility, login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_district_staff_use_their_teams_and_set_a_streets_settings(
    desktop_page,
    base_url,
    districts,  # noqa: F811
):
    chancheng, shiwan = districts["chancheng"], districts["shiwan"]
    staff = appoint(Post.Kind.DISTRICT_STAFF, chancheng).user
    team_save(
        actor=None,
        owner=chancheng,
        name="第一承责团队",
        places=[shiwan["street"], districts["zumiao"]["塔坡社区"]["community"]],
        leaders=[appoint(Post.Kind.STREET_STAFF, shiwan["street"]).user],
    )
    page = desktop_page
    login(page, base_url, staff.phone)

    # the teams page lists the team and its places; a place opens its workbench
    page.goto(f"{base_url}/community/teams/")
    assert page.locator("h2", has_text="第一承责团队").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    check_accessibility(page)
    screenshot(page, "district-teams-desktop")
    page.locator("a", has_text="石湾镇街道").first.click()
    page.wait_for_load_state("networkidle")
    assert f"/workbench/{shiwan['street'].pk}/" in page.url

    # the settings page: pick 石湾镇街道, set its SMS signature
    page.goto(f"{base_url}/community/settings/")
    check_accessibility(page)
    page.locator("a", has_text="石湾镇街道").first.click()
    page.wait_for_load_state("networkidle")
    card = page.locator("article", has=page.locator("h2", has_text="短信签名"))
    card.get_by_label("短信签名").fill("石湾街道")
    card.get_by_role("button", name="为该地点保存").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".messages", has_text="短信签名 已保存").is_visible()
    card = page.locator("article", has=page.locator("h2", has_text="短信签名"))
    assert card.get_by_text("由本地点设置。").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    check_accessibility(page)
    screenshot(page, "district-settings-desktop")
    assert place_setting(shiwan["石湾社区"]["community"], SMS_SIGNATURE)["sign_name"] == "石湾街道"
    assert place_setting(districts["zumiao"]["street"], SMS_SIGNATURE)["sign_name"] == "共治社区"
