"""Places' shapes: geometry checks, the GeoJSON import (dry run, all or nothing, scoping) and
the drawing tool's save and clear."""

import datetime
import json

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from communities.geojson import features_read, geometry_clean
from communities.models import Node, PlaceShape
from communities.services.shapes import place_shape_set, place_shapes_import

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 6, 10, 0, tzinfo=datetime.UTC)
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[113.1, 23.0], [113.2, 23.0], [113.2, 23.1], [113.1, 23.0]]],
}
POINT = {"type": "Point", "coordinates": [113.15, 23.05]}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def collection(*features):
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": props, "geometry": geometry}
                for props, geometry in features
            ],
        }
    ).encode()


@pytest.mark.parametrize(
    ("geometry", "code"),
    [
        (None, "geometry_type"),
        ({"type": "Point", "coordinates": [113, 23]}, "geometry_type"),  # a grid is an area
        ({"type": "Polygon", "coordinates": []}, "geometry_shape"),
        ({"type": "Polygon", "coordinates": [[[113, 23], [114, 23], [113, 23]]]}, "geometry_ring"),
        (
            {"type": "Polygon", "coordinates": [[[113, 23], [114, 23], [114, 24], [113, 24]]]},
            "geometry_ring",
        ),
        (
            {"type": "Polygon", "coordinates": [[[23, 213], [1, 1], [2, 2], [23, 213]]]},
            "geometry_range",
        ),
        (
            {"type": "Polygon", "coordinates": [[["a", 1], [1, 1], [2, 2], ["a", 1]]]},
            "geometry_position",
        ),
        (
            {"type": "Polygon", "coordinates": [[[True, 1], [1, 1], [2, 2], [True, 1]]]},
            "geometry_position",
        ),
        ({"type": "MultiPolygon", "coordinates": "x"}, "geometry_shape"),
    ],
)
def test_bad_geometries_are_refused_with_a_reason(geometry, code):
    with pytest.raises(ValidationError) as raised:
        geometry_clean(geometry, kind=Node.Kind.GRID)
    assert raised.value.code == code
    assert raised.value.messages[0]


def test_geometry_is_rounded_and_heights_dropped():
    cleaned = geometry_clean(
        {"type": "Point", "coordinates": [113.123456789, 23.5, 12.0]}, kind=Node.Kind.BUILDING
    )
    assert cleaned == {"type": "Point", "coordinates": [113.1234568, 23.5]}


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe",
        b"{not json",
        b"[1, 2]",
        b'{"type": "Topology"}',
        b'{"type": "FeatureCollection", "features": []}',
        b"[" * 100_000,
    ],
)
def test_unreadable_files_are_refused(content):
    with pytest.raises(ValidationError):
        features_read(content)


def test_dry_run_checks_every_feature_and_saves_nothing(tree, tapo_staff):
    tapo = tree["塔坡社区"]
    content = collection(
        ({"code": tapo["grid"].code}, SQUARE),
        ({"name": "塔坡小区"}, SQUARE),
        ({"名称": "5栋"}, POINT),
    )
    report = place_shapes_import(
        actor=tapo_staff, root=tapo["community"], content=content, dry_run=True
    )
    assert [row.node for row in report.rows] == [tapo["grid"], tapo["compound"], tapo["building"]]
    assert not report.errors and not report.saved
    assert not PlaceShape.objects.exists()


def test_import_saves_all_features_with_one_audit_entry(tree, tapo_staff):
    tapo = tree["塔坡社区"]
    content = collection(({"code": tapo["grid"].code}, SQUARE), ({"name": "5栋"}, POINT))
    report = place_shapes_import(
        actor=tapo_staff, root=tapo["community"], content=content, dry_run=False
    )
    assert report.saved
    assert PlaceShape.objects.get(node=tapo["grid"]).geometry == SQUARE
    assert PlaceShape.objects.get(node=tapo["building"]).source == PlaceShape.Source.FILE
    assert AuditEntry.objects.filter(action="communities.place_shapes_import").count() == 1


def test_one_bad_feature_saves_nothing_and_says_which(tree, tapo_staff):
    tapo = tree["塔坡社区"]
    content = collection(
        ({"code": tapo["grid"].code}, SQUARE),
        ({"name": "5栋"}, SQUARE),  # a building is a point
        ({"name": "没有的网格"}, SQUARE),
        ({"code": tree["保安社区"]["grid"].code}, SQUARE),  # another community's grid
        ({"code": tapo["grid"].code}, SQUARE),  # twice
    )
    report = place_shapes_import(
        actor=tapo_staff, root=tapo["community"], content=content, dry_run=False
    )
    assert [row.number for row in report.errors] == [2, 3, 4, 5]
    assert "第 2 个要素" in report.rows[1].error  # the page is in Chinese by default
    assert not report.saved and not PlaceShape.objects.exists()


def test_a_single_unnamed_area_is_the_places_own_boundary(tree, tapo_staff):
    grid = tree["塔坡社区"]["grid"]
    report = place_shapes_import(
        actor=tapo_staff, root=grid, content=json.dumps(SQUARE).encode(), dry_run=False
    )
    assert report.saved and PlaceShape.objects.get(node=grid).geometry == SQUARE


def test_staff_cannot_import_or_draw_in_another_community(tree, baoan_staff):
    tapo = tree["塔坡社区"]
    with pytest.raises(ValidationError):
        place_shapes_import(
            actor=baoan_staff, root=tapo["community"], content=collection(), dry_run=True
        )
    with pytest.raises(ValidationError):
        place_shape_set(actor=baoan_staff, node=tapo["grid"], geometry=SQUARE)


def test_import_page_previews_then_saves(client, tree, tapo_staff):
    tapo = tree["塔坡社区"]
    client.force_login(tapo_staff)
    url = reverse("communities:shapes_import", args=[tapo["community"].pk])
    content = collection(({"code": tapo["grid"].code}, SQUARE))

    preview = client.post(
        url, {"file": SimpleUploadedFile("grids.geojson", content), "dry_run": "on"}
    )
    assert preview.status_code == 200
    assert tapo["grid"].full_name in preview.content.decode()
    assert not PlaceShape.objects.exists()

    saved = client.post(url, {"file": SimpleUploadedFile("grids.geojson", content)})
    assert saved.status_code == 200
    assert PlaceShape.objects.filter(node=tapo["grid"]).exists()


def test_import_page_says_why_a_file_is_refused(client, tree, tapo_staff):
    client.force_login(tapo_staff)
    url = reverse("communities:shapes_import", args=[tree["塔坡社区"]["community"].pk])
    response = client.post(url, {"file": SimpleUploadedFile("x.geojson", b"\x00garbage")})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_import_page_and_drawing_are_refused_in_another_community(client, tree, baoan_staff):
    tapo = tree["塔坡社区"]
    client.force_login(baoan_staff)
    assert (
        client.get(reverse("communities:shapes_import", args=[tapo["community"].pk])).status_code
        == 404
    )
    save = reverse("communities:shape_save", args=[tapo["grid"].pk])
    assert client.post(save, json.dumps(SQUARE), content_type="application/json").status_code == 404


def test_drawn_shape_is_saved_and_cleared(client, tree, tapo_staff):
    grid = tree["塔坡社区"]["grid"]
    client.force_login(tapo_staff)
    save = reverse("communities:shape_save", args=[grid.pk])
    feature = {"type": "Feature", "properties": {}, "geometry": SQUARE}
    response = client.post(save, json.dumps(feature), content_type="application/json")
    assert response.status_code == 200
    assert PlaceShape.objects.get(node=grid).source == PlaceShape.Source.DRAWN

    bad = client.post(save, b"{oops", content_type="application/json")
    assert bad.status_code == 400  # refused before the view (core.middleware)
    wrong = client.post(save, json.dumps(POINT), content_type="application/json")
    assert wrong.status_code == 400 and wrong.json()["code"] == "geometry_type"

    cleared = client.post(reverse("communities:shape_clear", args=[grid.pk]))
    assert cleared.status_code == 200 and not PlaceShape.objects.filter(node=grid).exists()
