"""The residents and staff changelists at a district's scale: an order each scope's index can
serve (newest first for a community and a district, place order for a street), a count that
stops at its cap, and queries that stay flat as the rows grow."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from communities.models import Node, Post
from core.admin import CappedCountPaginator
from tests.communities.factories import ResidencyFactory, appoint
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
RESIDENTS = "/admin/communities/residency/"
POSTS = "/admin/communities/post/"


@pytest.fixture(autouse=True)
def _fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _listed(client, user, url=RESIDENTS, params=None):
    client.force_login(user)
    response = client.get(url, params or {}, secure=True)
    assert response.status_code == 200
    return response, [row.pk for row in response.context["cl"].result_list]


def test_newest_first_for_a_community_and_a_district_place_order_for_a_street(
    client, districts, district_staff
):
    # the district's order walks the created_at index, the community's is sorted after its
    # rows are found, the street's follows the places (ResidencyAdmin.get_ordering)
    shiwan = districts["shiwan"]["石湾社区"]
    first_room, second_room = shiwan["households"][0], shiwan["households"][1]
    assert (first_room.node.path, first_room.room) < (second_room.node.path, second_room.room)
    old = ResidencyFactory(household=first_room)
    old.created_at = NOW - datetime.timedelta(days=3)
    old.save(update_fields=["created_at"])
    new = ResidencyFactory(household=second_room)
    community_staff = appoint(Post.Kind.COMMUNITY_STAFF, shiwan["community"]).user
    for user in (community_staff, district_staff):
        assert _listed(client, user)[1] == [new.pk, old.pk]
    street_staff = appoint(Post.Kind.STREET_STAFF, districts["shiwan"]["street"]).user
    assert _listed(client, street_staff)[1] == [old.pk, new.pk]


def test_a_street_lists_its_residents_place_by_place_and_nothing_of_another_street(
    client, districts
):
    zumiao, shiwan = districts["zumiao"], districts["shiwan"]
    rows = [
        ResidencyFactory(household=household)
        for household in reversed(shiwan["石湾社区"]["households"])
    ]
    ResidencyFactory(household=zumiao["塔坡社区"]["households"][0])  # another street's
    street_staff = appoint(Post.Kind.STREET_STAFF, shiwan["street"]).user
    _, listed = _listed(client, street_staff)
    by_place = sorted(rows, key=lambda r: (r.household.node.path, r.household.room, r.pk))
    assert listed == [r.pk for r in by_place]


@pytest.mark.postgres
def test_place_paths_compare_bytewise_on_postgresql(db):
    # migration 0013: the index on path serves a subtree's LIKE and its order only under "C"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT collation_name FROM information_schema.columns "
            "WHERE table_name = 'communities_node' AND column_name = 'path'"
        )
        assert cursor.fetchone()[0] == "C"


def test_a_count_past_its_cap_says_more_than_and_offers_no_select_all(
    client, districts, monkeypatch
):
    monkeypatch.setattr(CappedCountPaginator, "cap", 3)
    households = districts["shiwan"]["石湾社区"]["households"]
    for household in households[:5]:
        ResidencyFactory(household=household)
    street_staff = appoint(Post.Kind.STREET_STAFF, districts["shiwan"]["street"]).user
    response, listed = _listed(client, street_staff)
    assert len(listed) == 5  # one page of 50: every row, however many were counted
    page = response.content.decode()
    assert "超过 3 条居民" in page
    assert "选中所有" not in page and "Select all" not in page
    for pk in listed:  # each row's action checkbox (core.admin.LargeChangelistMixin)
        assert f'name="_selected_action" value="{pk}" class="action-select"' in page
    # a search narrows the list below the cap: counted exactly again
    response, listed = _listed(client, street_staff, params={"q": households[0].room})
    assert response.context["cl"].result_count == len(listed) == 2  # 101 in either unit
    assert "超过" not in response.content.decode()


def test_below_the_cap_the_count_is_exact(client, districts):
    for household in districts["shiwan"]["石湾社区"]["households"][:3]:
        ResidencyFactory(household=household)
    street_staff = appoint(Post.Kind.STREET_STAFF, districts["shiwan"]["street"]).user
    response, _ = _listed(client, street_staff)
    assert response.context["cl"].result_count == 3
    assert "3 居民" in response.content.decode()


def test_the_street_lists_keep_their_queries_flat(client, districts):
    shiwan = districts["shiwan"]
    street_staff = appoint(Post.Kind.STREET_STAFF, shiwan["street"]).user
    client.force_login(street_staff)
    community = shiwan["石湾社区"]

    def more_residents():
        for household in community["households"]:
            ResidencyFactory(household=household)

    def more_posts():
        for node in (community["building"], *community["units"]):
            appoint(Post.Kind.BUILDING_CAPTAIN, node)
        appoint(Post.Kind.COMMUNITY_STAFF, community["community"])

    assert_flat(client, RESIDENTS, more_residents)
    assert_flat(client, POSTS, more_posts)


def test_the_staff_list_of_a_street_shows_its_posts_only(client, districts):
    shiwan, zumiao = districts["shiwan"], districts["zumiao"]
    street_staff = appoint(Post.Kind.STREET_STAFF, shiwan["street"])
    captain = appoint(Post.Kind.BUILDING_CAPTAIN, shiwan["石湾社区"]["building"])
    appoint(Post.Kind.COMMUNITY_STAFF, zumiao["塔坡社区"]["community"])  # another street's
    _, listed = _listed(client, street_staff.user, POSTS)
    assert sorted(listed) == sorted([street_staff.pk, captain.pk])
    assert Node.objects.get(pk=shiwan["street"].pk).path < captain.node.path
