"""The staff workbench in a browser: street, community and grid staff at 1366x768 and 375 px;
they log in, land on their workbench, drill down and open "how are we doing"."""

import pytest

from communities.models import Post
from tests.cases.factories import category, report
from tests.communities.factories import ResidencyFactory, appoint, make_tree
from tests.e2e.helpers import check_accessibility, login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    tree = make_tree(community_names=("塔坡社区", "保安社区"))
    tapo = tree["塔坡社区"]
    appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"])
    ResidencyFactory(household=tapo["households"][0], residence_type="non_registered")
    cat = category()
    for _ in range(3):
        report(node=tapo["building"], cat=cat)
    return {
        "tree": tree,
        "street": appoint(Post.Kind.STREET_STAFF, tree["street"]).user,
        "community": appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user,
        "grid": appoint(Post.Kind.GRID_WORKER, tapo["grid"]).user,
    }


def no_sideways_scroll(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("role", ["street", "community", "grid"])
def test_staff_land_on_their_workbench_on_a_phone_and_a_desktop(
    phone_page, desktop_page, base_url, staff, role
):
    for page, width, device in ((phone_page, 375, "phone"), (desktop_page, 1366, "desktop")):
        login(page, base_url, staff[role].phone)
        assert "/workbench/" in page.url
        assert page.locator("[data-queue=to_accept] .count").first.inner_text() == "3"
        no_sideways_scroll(page, width)
        check_accessibility(page)
        screenshot(page, f"workbench-{role}-{device}")
        page.click("text=工作成效")
        page.wait_for_load_state("networkidle")
        assert "/performance/" in page.url
        no_sideways_scroll(page, width)
        check_accessibility(page)
        screenshot(page, f"workbench-{role}-performance-{device}")


def test_street_staff_drill_down_to_a_building_and_back(desktop_page, base_url, staff):
    page = desktop_page
    login(page, base_url, staff["street"].phone)
    for name in ("塔坡社区", "第1网格", "塔坡小区", "5栋"):
        page.locator(".workbench-children a", has_text=name).click()
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").inner_text().startswith(name)
    check_accessibility(page)
    screenshot(page, "workbench-building-desktop")
    page.locator(".workbench-breadcrumb a", has_text="祖庙街道").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("祖庙街道")
