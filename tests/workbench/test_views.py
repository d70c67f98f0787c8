"""The workbench pages: who gets one, drill-down and breadcrumb, and scoping."""

import pytest
from django.urls import reverse

from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def place_url(node):
    return reverse("workbench:place", args=[node.pk])


def test_community_staff_home_opens_their_community(client, posts, tapo):
    client.force_login(posts["community_staff"].user)
    response = client.get(reverse("workbench:home"))
    assert response.status_code == 302
    assert response.url == place_url(tapo["community"])


def test_street_staff_drill_down_street_to_building_with_breadcrumb(client, posts, tree, tapo):
    client.force_login(posts["street_staff"].user)
    street_page = client.get(place_url(tree["street"]))
    assert street_page.status_code == 200
    assert place_url(tapo["community"]) in street_page.content.decode()
    # every level links the next one down
    for parent, child in [
        (tapo["community"], tapo["grid"]),
        (tapo["grid"], tapo["compound"]),
        (tapo["compound"], tapo["building"]),
    ]:
        assert place_url(child) in client.get(place_url(parent)).content.decode()
    building_page = client.get(place_url(tapo["building"])).content.decode()
    # the breadcrumb leads back up to the street
    for ancestor in (tree["street"], tapo["community"], tapo["grid"], tapo["compound"]):
        assert place_url(ancestor) in building_page
    assert 'aria-current="page"' in building_page


def test_breadcrumb_stops_at_the_top_of_the_users_place(client, posts, tree, tapo):
    client.force_login(posts["grid_worker"].user)
    page = client.get(place_url(tapo["building"])).content.decode()
    assert place_url(tapo["grid"]) in page
    assert place_url(tapo["community"]) not in page
    assert place_url(tree["street"]) not in page


def test_staff_of_another_community_are_refused(client, posts, tapo, tree):
    client.force_login(posts["baoan_staff"].user)
    for node in (tapo["community"], tapo["grid"], tapo["building"], tree["street"]):
        assert client.get(place_url(node)).status_code == 404


def test_captains_and_residents_have_no_workbench(client, posts, tapo):
    for user in (posts["captain"].user, UserFactory()):
        client.force_login(user)
        assert client.get(reverse("workbench:home")).status_code == 404
        assert client.get(place_url(tapo["building"])).status_code == 404


def test_units_have_no_workbench_of_their_own(client, posts, tapo):
    client.force_login(posts["community_staff"].user)
    assert client.get(place_url(tapo["units"][0])).status_code == 404


def test_staff_land_on_the_workbench_after_log_in_and_residents_at_home(client, posts):
    staff = posts["community_staff"].user
    response = client.post(
        reverse("account_login"), {"login": staff.phone, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("workbench:home")
    client.logout()
    resident = UserFactory()
    response = client.post(
        reverse("account_login"), {"login": resident.phone, "password": DEFAULT_PASSWORD}
    )
    assert response.url == reverse("home")


def test_home_and_admin_index_link_the_workbench(client, posts):
    staff = posts["street_staff"].user
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    client.force_login(staff)
    assert reverse("workbench:home") in client.get(reverse("home")).content.decode()
    assert reverse("workbench:home") in client.get(reverse("admin:index")).content.decode()
