"""GeoJSON (RFC 7946) as places' shapes: which geometry a kind of place takes, the checks a
geometry passes before it is stored, and reading an uploaded file into features.

Every refusal is a `ValidationError` in the user's language naming what is wrong and where
(feature 3, ring 1, point 12), so a bad file is said on the page and never reaches the map.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.models import Node

AREA_TYPES = ("Polygon", "MultiPolygon")
LINE_TYPES = ("LineString", "MultiLineString")
POINT_TYPES = ("Point",)
# What each kind of place is drawn as: areas have a boundary, a street or lane is a line, a
# building is a point (its position; footprints are more than the map needs).
TYPES_FOR_KIND: dict[str, tuple[str, ...]] = {
    Node.Kind.CITY: AREA_TYPES,
    Node.Kind.DISTRICT: AREA_TYPES,
    Node.Kind.STREET: AREA_TYPES,
    Node.Kind.COMMUNITY: AREA_TYPES,
    Node.Kind.GRID: AREA_TYPES,
    Node.Kind.COMPOUND: AREA_TYPES,
    Node.Kind.STREET_SEGMENT: LINE_TYPES + AREA_TYPES,
    Node.Kind.BUILDING: POINT_TYPES,
}
# Large enough for a surveyed grid boundary, small enough that one file cannot stall the map.
MAX_POINTS = 20_000
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FEATURES = 10_000
# About 1 cm: more digits only make the map's data bigger.
DECIMALS = 7
# Property names that identify a feature's place, in the order they are tried.
CODE_KEYS = ("code", "编码", "CODE")
NAME_KEYS = ("name", "名称", "NAME")

TYPE_LABELS = {
    "Point": gettext_lazy("point"),
    "LineString": gettext_lazy("line"),
    "MultiLineString": gettext_lazy("lines"),
    "Polygon": gettext_lazy("area"),
    "MultiPolygon": gettext_lazy("areas"),
}


def _position(value: Any, where: str) -> list[float]:
    if (
        not isinstance(value, list)
        or len(value) not in (2, 3)
        or not all(isinstance(n, int | float) and not isinstance(n, bool) for n in value)
        or not all(math.isfinite(n) for n in value)
    ):
        raise ValidationError(
            _("%(where)s is not a [longitude, latitude] pair of numbers.") % {"where": where},
            code="geometry_position",
        )
    longitude, latitude = value[0], value[1]
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        raise ValidationError(
            _(
                "%(where)s lies outside longitude -180 to 180 and latitude -90 to 90 "
                "(the file must use longitude and latitude, in that order)."
            )
            % {"where": where},
            code="geometry_range",
        )
    return [round(longitude, DECIMALS), round(latitude, DECIMALS)]


def _line(value: Any, where: str, *, ring: bool) -> list[list[float]]:
    if not isinstance(value, list):
        raise ValidationError(
            _("%(where)s is not a list of points.") % {"where": where}, code="geometry_shape"
        )
    points = [
        _position(item, _("%(where)s, point %(n)d") % {"where": where, "n": n})
        for n, item in enumerate(value, start=1)
    ]
    if ring and (len(points) < 4 or points[0] != points[-1]):
        raise ValidationError(
            _("%(where)s is not a closed ring (at least 4 points, the last equal to the first).")
            % {"where": where},
            code="geometry_ring",
        )
    if not ring and len(points) < 2:
        raise ValidationError(
            _("%(where)s needs at least 2 points.") % {"where": where}, code="geometry_shape"
        )
    return points


def _polygon(value: Any, where: str) -> list[list[list[float]]]:
    if not isinstance(value, list) or not value:
        raise ValidationError(
            _("%(where)s has no rings.") % {"where": where}, code="geometry_shape"
        )
    return [
        _line(item, _("%(where)s, ring %(n)d") % {"where": where, "n": n}, ring=True)
        for n, item in enumerate(value, start=1)
    ]


def _parts(value: Any, where: str, part) -> list:
    if not isinstance(value, list) or not value:
        raise ValidationError(
            _("%(where)s has no parts.") % {"where": where}, code="geometry_shape"
        )
    return [
        part(item, _("%(where)s, part %(n)d") % {"where": where, "n": n})
        for n, item in enumerate(value, start=1)
    ]


def _count_points(coordinates: Any) -> int:
    if coordinates and isinstance(coordinates[0], int | float):
        return 1
    return sum(_count_points(item) for item in coordinates)


def geometry_clean(value: Any, *, kind: str, where: str = "") -> dict:
    """The geometry as stored (coordinates rounded, heights dropped), or ValidationError.

    `kind` is the place's kind: a grid takes a Polygon or MultiPolygon, a building a Point.
    """
    where = where or _("The shape")
    allowed = TYPES_FOR_KIND.get(kind, ())
    if not isinstance(value, dict) or not isinstance(value.get("type"), str):
        raise ValidationError(
            _("%(where)s is not a GeoJSON geometry (an object with a type).") % {"where": where},
            code="geometry_type",
        )
    kind_label = Node.Kind(kind).label if kind in Node.Kind.values else kind
    if value["type"] not in allowed:
        raise ValidationError(
            _("%(where)s is a %(type)s; a %(kind)s is drawn as: %(allowed)s.")
            % {
                "where": where,
                "type": value["type"],
                "kind": kind_label,
                "allowed": ", ".join(allowed) or "-",
            },
            code="geometry_type",
        )
    coordinates = value.get("coordinates")
    readers = {
        "Point": _position,
        "LineString": lambda v, w: _line(v, w, ring=False),
        "MultiLineString": lambda v, w: _parts(v, w, lambda i, x: _line(i, x, ring=False)),
        "Polygon": _polygon,
        "MultiPolygon": lambda v, w: _parts(v, w, _polygon),
    }
    cleaned = readers[value["type"]](coordinates, where)
    if _count_points(cleaned) > MAX_POINTS:
        raise ValidationError(
            _("%(where)s has more than %(max)d points; simplify it first.")
            % {"where": where, "max": MAX_POINTS},
            code="geometry_size",
        )
    return {"type": value["type"], "coordinates": cleaned}


@dataclass
class FileFeature:
    """One feature of an uploaded file: what identifies its place, and its raw geometry."""

    number: int
    code: str
    name: str
    geometry: Any


def _property(properties: dict, keys: tuple[str, ...]) -> str:
    for key in keys:
        value = properties.get(key)
        if value not in (None, ""):
            return str(value).strip()
    return ""


def features_read(content: bytes) -> list[FileFeature]:
    """The features of a GeoJSON file (a FeatureCollection, one Feature or a bare geometry),
    or ValidationError saying why the file cannot be read."""
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)},
            code="file_size",
        )
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ValidationError(
            _("The file is not UTF-8 text; save it as GeoJSON in UTF-8."), code="file_encoding"
        ) from None
    except (json.JSONDecodeError, RecursionError) as error:
        raise ValidationError(
            _("The file is not valid JSON (%(error)s).") % {"error": getattr(error, "msg", "")},
            code="file_json",
        ) from None
    if not isinstance(data, dict):
        raise ValidationError(_("The file is not a GeoJSON object."), code="file_geojson")
    if data.get("type") == "FeatureCollection":
        raw = data.get("features")
        if not isinstance(raw, list):
            raise ValidationError(
                _("The FeatureCollection has no list of features."), code="file_geojson"
            )
    elif data.get("type") == "Feature":
        raw = [data]
    elif data.get("type") in TYPE_LABELS or data.get("type") == "GeometryCollection":
        raw = [{"type": "Feature", "properties": {}, "geometry": data}]
    else:
        raise ValidationError(
            _("The file is not GeoJSON (a FeatureCollection, a Feature or a geometry)."),
            code="file_geojson",
        )
    if not raw:
        raise ValidationError(_("The file holds no features."), code="file_empty")
    if len(raw) > MAX_FEATURES:
        raise ValidationError(
            _("The file holds more than %(max)d features.") % {"max": MAX_FEATURES},
            code="file_size",
        )
    features = []
    for number, item in enumerate(raw, start=1):
        item = item if isinstance(item, dict) else {}
        properties = item.get("properties")
        properties = properties if isinstance(properties, dict) else {}
        features.append(
            FileFeature(
                number=number,
                code=_property(properties, CODE_KEYS),
                name=_property(properties, NAME_KEYS),
                geometry=item.get("geometry"),
            )
        )
    return features
