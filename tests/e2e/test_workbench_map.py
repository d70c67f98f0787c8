"""The workbench map in a browser at 1366x768 and 375 px: boundaries, buildings and a case pin
draw on a plain background (no tile server), and a click on a grid opens its workbench."""

import pytest

from communities.models import PlaceShape, Post
from tests.cases.factories import report
from tests.communities.factories import appoint, make_tree
from tests.e2e.helpers import check_accessibility, login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def square(x0, y0, x1, y1):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


@pytest.fixture
def mapped(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    tapo = make_tree(community_names=("塔坡社区",))["塔坡社区"]
    PlaceShape.objects.create(node=tapo["community"], geometry=square(113.10, 23.00, 113.14, 23.03))
    PlaceShape.objects.create(node=tapo["grid"], geometry=square(113.10, 23.00, 113.12, 23.02))
    PlaceShape.objects.create(
        node=tapo["compound"], geometry=square(113.10, 23.00, 113.104, 23.004)
    )
    PlaceShape.objects.create(
        node=tapo["building"], geometry={"type": "Point", "coordinates": [113.102, 23.002]}
    )
    report(node=tapo["building"])
    report(node=tapo["units"][0], latitude="23.025", longitude="113.13")
    return {"tapo": tapo, "staff": appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user}


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_map_draws_the_places_and_a_grid_click_opens_its_workbench(
    desktop_page, phone_page, base_url, mapped, device
):
    page, width = (desktop_page, 1366) if device == "desktop" else (phone_page, 375)
    tapo = mapped["tapo"]
    login(page, base_url, mapped["staff"].phone)
    page.goto(f"{base_url}/workbench/{tapo['community'].pk}/map/")
    page.wait_for_selector("#workbench-map[data-loaded]")

    assert page.locator("path.map-grid").count() == 1
    assert page.locator("path.map-compound").count() == 1
    assert page.locator("path.map-building").count() == 1
    assert page.locator("path.map-case-pending").count() == 2
    assert "2" in page.locator("#map-status").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    check_accessibility(page)
    screenshot(page, f"workbench-map-{device}")

    # the grid's middle lies outside its compound, the building and the pins
    page.locator("path.map-grid").click()
    page.wait_for_url(f"**/workbench/{tapo['grid'].pk}/")
    assert page.locator("h1").inner_text().startswith("第1网格")


def test_a_compound_boundary_drawn_on_the_map_is_saved(desktop_page, base_url, mapped):
    page = desktop_page
    tapo = mapped["tapo"]
    login(page, base_url, mapped["staff"].phone)
    page.goto(f"{base_url}/workbench/{tapo['grid'].pk}/map/?draw=1")
    page.wait_for_selector("#workbench-map[data-loaded]")
    page.select_option("#draw-place", str(tapo["compound"].pk))
    page.click("#draw-start")
    page.locator("#workbench-map").scroll_into_view_if_needed()
    box = page.locator("#workbench-map").bounding_box()  # mouse clicks are in viewport pixels
    corners = [(0.55, 0.3), (0.8, 0.3), (0.8, 0.6), (0.55, 0.6), (0.55, 0.3)]
    for x, y in corners:
        page.mouse.click(box["x"] + box["width"] * x, box["y"] + box["height"] * y)
    page.locator("#draw-status", has_text="已保存").wait_for()

    shape = PlaceShape.objects.get(node=tapo["compound"])
    assert shape.source == PlaceShape.Source.DRAWN
    assert shape.geometry["type"] == "Polygon" and len(shape.geometry["coordinates"][0]) == 5
    assert "/workbench/" in page.url and "draw=1" in page.url  # no click opened a place
    screenshot(page, "workbench-map-drawing-desktop")
