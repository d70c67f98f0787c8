"""Levels above the street: cities and districts with GB/T 2260 codes, streets moved under them,
and district staff scoped to exactly their district (pages, admin, exports, API)."""

import io

import openpyxl
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import override_settings

from communities import services
from communities.models import Household, Node, Post, Residency
from communities.scoping import scope_for_user
from communities.services.nodes import district_place_streets
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint, make_tree

pytestmark = pytest.mark.django_db


def _resident(side):
    return Residency.objects.create(
        user=UserFactory(), household=side["households"][0], relation="head", status="approved"
    )


# --- codes and the tree ----------------------------------------------------------------------


def test_streets_move_under_their_district_keeping_codes_and_names(districts):
    zumiao = districts["zumiao"]
    building = zumiao["塔坡社区"]["building"]
    assert zumiao["street"].parent == districts["chancheng"]
    assert districts["chancheng"].parent.code == "440600"
    assert zumiao["street"].path == "440600/440604/440604001/"
    assert zumiao["street"].depth == 2
    assert building.code.startswith("440604001")
    assert building.is_descendant_of(districts["chancheng"])
    # full names start at the street: lists inside a community read as before
    assert building.full_name.startswith("祖庙街道 / 塔坡社区")
    assert building.district == districts["chancheng"]
    assert building.street == zumiao["street"]
    # running it again changes nothing
    district_place_streets(actor=None, district_code="440604", district_name="禅城区")
    assert Node.objects.get(pk=building.pk).path == building.path


def test_a_new_street_under_a_district_takes_the_districts_code_and_a_sequence(districts):
    street = services.node_create(
        actor=None, kind=Node.Kind.STREET, name="张槎街道", parent=districts["chancheng"]
    )
    assert street.code == "440604003"


@pytest.mark.parametrize(
    ("kind", "code", "parent_code"),
    [
        (Node.Kind.CITY, "440604", None),  # a city's code ends in 00
        (Node.Kind.DISTRICT, "440700", None),  # a district's does not
        (Node.Kind.DISTRICT, "44060", None),  # 6 digits
        (Node.Kind.DISTRICT, "441302", "440600"),  # a district shares its city's first 4 digits
        (Node.Kind.STREET, "440605009", "440604"),  # a street begins with its district's code
        (Node.Kind.DISTRICT, "", "440600"),  # no code derived for a division
    ],
)
def test_division_codes_are_checked(districts, kind, code, parent_code):
    parent = Node.objects.get(code=parent_code) if parent_code else None
    with pytest.raises(ValidationError):
        services.node_create(actor=None, kind=kind, name="x", code=code, parent=parent)


def test_a_street_cannot_move_under_another_district(districts):
    with pytest.raises(ValidationError):
        services.node_update(
            actor=None, node=districts["guicheng"]["street"], parent=districts["chancheng"]
        )


def test_district_staff_are_appointed_over_a_district_only(districts):
    with pytest.raises(ValidationError):
        appoint(Post.Kind.DISTRICT_STAFF, districts["zumiao"]["street"])


@override_settings(TREE_DISTRICT="440604 禅城区", TREE_CITY="440600 佛山市")
def test_the_migration_puts_configured_streets_under_the_district(db):
    from importlib import import_module

    migration = import_module("communities.migrations.0006_tree_city_district")
    zumiao = make_tree("440604001", ("塔坡社区",))
    other = make_tree("440605001", ("桂城社区",), "桂城街道")
    migration.place_streets_under_district(apps, None)
    street = Node.objects.get(pk=zumiao["street"].pk)
    unit = Node.objects.get(pk=zumiao["塔坡社区"]["units"][0].pk)
    assert street.parent.code == "440604" and street.parent.parent.code == "440600"
    assert unit.path.startswith("440600/440604/440604001/")
    assert unit.depth == zumiao["塔坡社区"]["units"][0].depth + 2
    assert Node.objects.get(pk=other["street"].pk).parent is None


@override_settings(TREE_DISTRICT="")
def test_without_the_setting_streets_stay_roots(db):
    from importlib import import_module

    migration = import_module("communities.migrations.0006_tree_city_district")
    zumiao = make_tree("440604001")
    migration.place_streets_under_district(apps, None)
    assert Node.objects.get(pk=zumiao["street"].pk).parent is None


# --- district staff see all of their district and nothing of another -------------------------


def test_district_staff_scope_holds_every_street_of_the_district_only(districts, district_staff):
    scope = scope_for_user(district_staff)
    assert scope.managing
    assert scope.manages(districts["zumiao"]["塔坡社区"]["building"])
    assert scope.manages(districts["shiwan"]["石湾社区"]["building"])
    assert not scope.contains(districts["guicheng"]["桂城社区"]["building"])
    assert not scope.contains(districts["nanhai"])
    assert list(scope.places([Node.Kind.STREET])) == [
        districts["zumiao"]["street"],
        districts["shiwan"]["street"],
    ]
    households = set(scope.filter(Household.objects.all()))
    assert households == set(
        districts["zumiao"]["塔坡社区"]["households"]
        + districts["shiwan"]["石湾社区"]["households"]
    )


def test_district_staff_pages_reach_their_streets_and_404_elsewhere(
    client, districts, district_staff
):
    client.force_login(district_staff)
    tree = client.get("/community/tree/")
    assert tree.status_code == 200
    assert list(tree.context["roots"]) == [districts["chancheng"]]
    assert client.get(f"/community/tree/{districts['chancheng'].pk}/").status_code == 200
    shiwan_building = districts["shiwan"]["石湾社区"]["building"]
    assert client.get(f"/community/tree/{shiwan_building.pk}/").status_code == 200
    guicheng_building = districts["guicheng"]["桂城社区"]["building"]
    assert client.get(f"/community/tree/{guicheng_building.pk}/").status_code == 404
    assert client.get(f"/community/tree/{districts['nanhai'].pk}/").status_code == 404


def test_district_staff_admin_and_export_hold_their_district_only(
    client, districts, district_staff
):
    mine = [_resident(districts["zumiao"]["塔坡社区"]), _resident(districts["shiwan"]["石湾社区"])]
    theirs = _resident(districts["guicheng"]["桂城社区"])
    client.force_login(district_staff)
    response = client.get("/admin/communities/residency/")
    assert response.status_code == 200
    shown = set(response.context["cl"].queryset.values_list("pk", flat=True))
    assert shown == {r.pk for r in mine}
    assert client.get(f"/admin/communities/residency/{theirs.pk}/change/").status_code == 404
    export = client.post(
        "/admin/communities/residency/export/",
        {"format": "0", "resource": "0", "residentresource_phone": "on"},
    )
    assert export.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.values)[1:]
    assert {row[0] for row in rows} == {r.user.phone for r in mine}


def test_district_staff_api_lists_their_district_and_404s_another(
    api_client, districts, district_staff
):
    api_client.force_authenticate(district_staff)
    body = api_client.get("/api/v1/community/nodes/").json()
    assert [n["name"] for n in body["results"]] == ["禅城区"]
    body = api_client.get(f"/api/v1/community/nodes/?parent={districts['chancheng'].pk}").json()
    assert [n["name"] for n in body["results"]] == ["祖庙街道", "石湾镇街道"]
    other = districts["guicheng"]["桂城社区"]["building"]
    assert api_client.get(f"/api/v1/community/nodes/{other.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/community/nodes/{districts['nanhai'].pk}/").status_code == 404


def test_district_staff_workbench_starts_at_the_district_and_drills_into_its_streets(
    client, districts, district_staff
):
    client.force_login(district_staff)
    home = client.get("/workbench/")
    assert home.status_code == 302 and home.url == f"/workbench/{districts['chancheng'].pk}/"
    page = client.get(home.url)
    assert page.status_code == 200
    assert [n.name for n in page.context["children"]] == ["祖庙街道", "石湾镇街道"]
    assert client.get(f"/workbench/{districts['shiwan']['street'].pk}/").status_code == 200
    assert client.get(f"/workbench/{districts['nanhai'].pk}/").status_code == 404
    assert client.get(f"/workbench/{districts['guicheng']['street'].pk}/").status_code == 404
