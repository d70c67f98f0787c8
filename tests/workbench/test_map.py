"""The workbench map: boundaries, buildings and case pins of the place only (another
community's are never sent), pins coloured by stage, the tile setting and its CSP, flat queries."""

import datetime
import itertools
import math

import pytest
import time_machine
from django.urls import reverse

from cases import services as case_services
from communities.models import PlaceShape
from communities.place_settings import place_setting_spec
from communities.services.place_settings import place_setting_set
from tests.cases.factories import report
from tests.querycount import assert_flat
from workbench.map import STAGE_COLOURS
from workbench.place_settings import MAP_TILES

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 6, 10, 0, tzinfo=datetime.UTC)
TIANDITU = (
    "http://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}"
    "&TILECOL={x}&tk=abc123"
)


def square(x: float, y: float, size: float = 0.01) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
    }


def point(x: float, y: float) -> dict:
    return {"type": "Point", "coordinates": [x, y]}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def shapes(tree, tapo, baoan):
    for offset, place in ((0, tapo), (1, baoan)):
        x = 113.1 + offset * 0.1
        PlaceShape.objects.create(node=place["community"], geometry=square(x, 23.0, 0.05))
        PlaceShape.objects.create(node=place["grid"], geometry=square(x, 23.0, 0.02))
        PlaceShape.objects.create(node=place["compound"], geometry=square(x, 23.0, 0.01))
        PlaceShape.objects.create(node=place["building"], geometry=point(x + 0.005, 23.005))


def data(client, node):
    response = client.get(reverse("workbench:map_data", args=[node.pk]))
    assert response.status_code == 200
    return response.json()


def layer(collection, name):
    return [f for f in collection["features"] if f["properties"]["layer"] == name]


def test_community_map_has_its_boundaries_buildings_and_pins_only(
    client, shapes, tapo, baoan, tapo_staff
):
    report(node=tapo["building"])  # at the building's point
    report(node=tapo["units"][0], latitude="23.011", longitude="113.101")  # its own position
    report(node=baoan["building"])
    client.force_login(tapo_staff)

    collection = data(client, tapo["community"])

    boundaries = {f["properties"]["id"] for f in layer(collection, "boundary")}
    assert boundaries == {tapo["community"].pk, tapo["grid"].pk, tapo["compound"].pk}
    assert [f["properties"]["id"] for f in layer(collection, "building")] == [tapo["building"].pk]
    pins = layer(collection, "case")
    assert len(pins) == 2 and collection["meta"]["cases_open"] == 2
    assert {tuple(round(c, 6) for c in p["geometry"]["coordinates"]) for p in pins} == {
        (113.105, 23.005),
        (113.101, 23.011),
    }
    grid = next(f for f in layer(collection, "boundary") if f["properties"]["kind"] == "grid")
    assert grid["properties"]["url"] == reverse("workbench:place", args=[tapo["grid"].pk])


def test_pins_are_coloured_by_stage_and_closed_cases_left_out(client, shapes, tapo, tapo_staff):
    waiting = report(node=tapo["building"])
    refused = report(node=tapo["building"])
    case_services.case_reject(actor=tapo_staff, case=refused, reason="不属于受理范围")
    client.force_login(tapo_staff)

    pins = layer(data(client, tapo["grid"]), "case")

    assert [p["properties"]["id"] for p in pins] == [waiting.pk]
    assert pins[0]["properties"]["colour"] == STAGE_COLOURS["pending"]
    assert pins[0]["properties"]["url"] == reverse("cases:detail", args=[waiting.pk])
    assert "description" not in pins[0]["properties"]


def test_another_communitys_staff_get_neither_page_nor_data(client, shapes, tapo, baoan_staff):
    client.force_login(baoan_staff)
    for node in (tapo["community"], tapo["grid"]):
        assert client.get(reverse("workbench:map", args=[node.pk])).status_code == 404
        assert client.get(reverse("workbench:map_data", args=[node.pk])).status_code == 404


def test_street_map_holds_both_communities_but_no_building_points(
    client, shapes, tree, tapo, baoan, street_staff
):
    client.force_login(street_staff)
    collection = data(client, tree["street"])
    ids = {f["properties"]["id"] for f in layer(collection, "boundary")}
    assert {tapo["grid"].pk, baoan["grid"].pk} <= ids
    assert layer(collection, "building") == [] and collection["meta"]["buildings"] is False


def test_map_page_renders_without_tiles_and_with_the_tile_hosts_csp(
    client, shapes, tree, tapo, street_staff, django_capture_on_commit_callbacks
):
    client.force_login(street_staff)
    url = reverse("workbench:map", args=[tapo["grid"].pk])
    plain = client.get(url)
    assert plain.status_code == 200
    assert "workbench-map plain" in plain.content.decode()
    assert "tianditu" not in plain["Content-Security-Policy"]

    with django_capture_on_commit_callbacks(execute=True):  # the cached setting is dropped
        place_setting_set(
            actor=street_staff,
            node=tree["street"],
            key=MAP_TILES,
            value={
                "url": TIANDITU,
                "labels_url": "",
                "subdomains": "01234567",
                "attribution": "天地图",
                "max_zoom": 18,
            },
        )
    tiled = client.get(url)
    policy = tiled["Content-Security-Policy"]
    img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    assert "http://*.tianditu.gov.cn" in img_src
    assert "tianditu" not in policy.replace(img_src, "")
    assert "workbench-map plain" not in tiled.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "https://tiles.example.cn/{z}/{x}.png",
        "https://tiles.example.cn;script-src */{z}/{x}/{y}.png",
        "https://a.{s}.example.cn/{z}/{x}/{y}.png",
        "https://tiles example.cn/{z}/{x}/{y}.png",
    ],
)
def test_bad_tile_addresses_are_refused(url):
    form = place_setting_spec(MAP_TILES).form(data={"url": url, "max_zoom": 18})
    assert not form.is_valid() and "url" in form.errors


def test_drawing_mode_offers_the_place_and_its_children(client, shapes, tapo, tapo_staff):
    client.force_login(tapo_staff)
    page = client.get(reverse("workbench:map", args=[tapo["grid"].pk]), {"draw": "1"})
    content = page.content.decode()
    assert page.status_code == 200
    assert "leaflet-geoman" in content
    assert reverse("communities:shape_save", args=[tapo["compound"].pk]) in content


def test_map_data_queries_do_not_grow_with_cases_and_shapes(client, shapes, tapo, tapo_staff):
    client.force_login(tapo_staff)

    def grow():
        for _ in range(3):
            report(node=tapo["building"])
            report(node=tapo["units"][1], latitude="23.01", longitude="113.1")

    # session and user, the scope's posts, the place, boundaries, buildings, the open-case
    # count and the pins; the session's idle clock (savepoint, update, release)
    count = assert_flat(client, reverse("workbench:map_data", args=[tapo["community"].pk]), grow)
    assert count <= 11


def test_every_stage_has_its_own_colour():
    """A pin's colour tells the stage (with the legend's words): two stages never share it."""

    def rgb(colour: str) -> tuple[int, ...]:
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))

    for first, second in itertools.combinations(STAGE_COLOURS.values(), 2):
        distance = math.dist(rgb(first), rgb(second))
        assert distance >= 45, f"{first} and {second} look alike"
