"""The workbench map of a place: boundaries, buildings and open cases as one GeoJSON
FeatureCollection, and the page's settings (tile layer, legend). Everything lies at or under
the place, which the view has already checked is the user's (`workbench_place_get`).
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from cases import selectors as cases_selectors
from cases.models import State
from communities.geojson import TYPES_FOR_KIND
from communities.map import shaped_place_ids, shapes_under
from communities.models import Node
from communities.place_settings import place_setting
from workbench.place_settings import MAP_TILES, tile_source
from workbench.selectors import DRILL_KINDS

BOUNDARY_KINDS = (
    Node.Kind.CITY,
    Node.Kind.DISTRICT,
    Node.Kind.STREET,
    Node.Kind.COMMUNITY,
    Node.Kind.GRID,
    Node.Kind.COMPOUND,
    Node.Kind.STREET_SEGMENT,
)
# Buildings are drawn from a community down; a street's 6,000 points would be a slow page
# that shows nothing a zoomed-out map can tell apart.
BUILDINGS_FROM = frozenset(
    {Node.Kind.COMMUNITY, Node.Kind.GRID, Node.Kind.COMPOUND, Node.Kind.STREET_SEGMENT}
)
PIN_LIMIT = 2000
# A colour per stage, told apart by the legend's words too (never by colour alone).
STAGE_COLOURS = {
    State.PENDING: "#c0392b",
    State.REGISTERED: "#d35400",
    State.DISPATCHED: "#b9770e",
    State.IN_PROGRESS: "#1f618d",
    State.TO_VERIFY: "#6c3483",
    State.RETURNED: "#784212",
    State.ON_HOLD: "#515a5a",
    State.REOPENED: "#b03a87",
}


def map_legend() -> list[dict]:
    labels = dict(State.choices)
    return [
        {"state": state, "label": labels[state], "colour": colour}
        for state, colour in STAGE_COLOURS.items()
    ]


def _place_url(kind: str, pk: int) -> str | None:
    return reverse("workbench:place", args=[pk]) if kind in DRILL_KINDS else None


def _feature(geometry: dict, **properties) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def place_map(*, node: Node, now: datetime.datetime) -> dict:
    """The place's map data (three queries: boundaries, buildings, pins with their count)."""
    features = [
        _feature(
            shape.geometry,
            layer="boundary",
            id=shape.pk,
            kind=shape.kind,
            name=shape.name,
            current=shape.pk == node.pk,
            url=_place_url(shape.kind, shape.pk),
        )
        for shape in shapes_under(node=node, kinds=BOUNDARY_KINDS)
    ]
    with_buildings = node.kind in BUILDINGS_FROM or node.kind == Node.Kind.BUILDING
    if with_buildings:
        features += [
            _feature(
                shape.geometry,
                layer="building",
                id=shape.pk,
                name=shape.name,
                url=_place_url(shape.kind, shape.pk),
            )
            for shape in shapes_under(node=node, kinds=[Node.Kind.BUILDING])
        ]
    pins, open_cases = cases_selectors.case_pins(node=node, now=now, limit=PIN_LIMIT)
    features += [
        _feature(
            {"type": "Point", "coordinates": [pin.longitude, pin.latitude]},
            layer="case",
            id=pin.pk,
            state=pin.state,
            label=pin.state_label,
            colour=STAGE_COLOURS.get(pin.state, "#333333"),
            category=pin.category,
            reported=pin.created_at.date().isoformat(),
            overdue=pin.overdue,
            url=reverse("cases:detail", args=[pin.pk]),
        )
        for pin in pins
    ]
    return {
        "type": "FeatureCollection",
        "features": features,
        "meta": {
            "place": node.pk,
            "cases_open": open_cases,
            "cases_shown": len(pins),
            "buildings": with_buildings,
        },
    }


def map_tiles(*, node: Node) -> dict:
    """The tile layer for the place's map (empty url: a plain background) and the CSP
    sources its images come from."""
    tiles = dict(place_setting(node, MAP_TILES))
    tiles["sources"] = sorted(
        {tile_source(tiles[key]) for key in ("url", "labels_url") if tiles.get(key)}
    )
    return tiles


def drawable_places(*, node: Node, children: list[Node]) -> list[dict]:
    """The place and its children as the drawing tool offers them, each with its shape's
    type (area, line or point) and whether it has one yet (one query)."""
    places = [node, *children]
    shaped = shaped_place_ids(nodes=places)
    return [
        {
            "pk": place.pk,
            "name": place.name,
            "kind": place.get_kind_display(),
            "draws": "point" if TYPES_FOR_KIND[place.kind] == ("Point",) else "area",
            "has_shape": place.pk in shaped,
            "save": reverse("communities:shape_save", args=[place.pk]),
            "clear": reverse("communities:shape_clear", args=[place.pk]),
        }
        for place in places
        if place.kind in TYPES_FOR_KIND
    ]
