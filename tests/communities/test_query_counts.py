"""The communities' lists not covered elsewhere keep a flat query count as rows grow: the
captains without a patrol today, the places whose settings staff may change, my posts (API)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from communities import services
from communities.models import Node, Post
from tests.communities.factories import appoint, make_tree
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def fixed_instant(time_machine):
    time_machine.move_to(NOW, tick=False)


def captained_buildings(tapo, names):
    for name in names:
        building = services.node_create(
            actor=None, kind=Node.Kind.BUILDING, name=name, parent=tapo["compound"]
        )
        appoint(Post.Kind.BUILDING_CAPTAIN, building)


def test_the_captains_without_a_patrol_keep_a_flat_query_count(client, tapo, tapo_staff):
    appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"])
    client.force_login(tapo_staff)
    assert_flat(
        client,
        "/community/patrols/missing/",
        lambda: captained_buildings(tapo, ("6栋", "7栋", "8栋", "9栋")),
    )


def test_the_settings_places_keep_a_flat_query_count(client, tree, street_staff):
    client.force_login(street_staff)
    assert_flat(
        client,
        "/community/settings/",
        lambda: make_tree(community_names=("甲社区", "乙社区", "丙社区")),
    )


def test_my_posts_keep_a_flat_query_count(api_client, tapo, baoan, tapo_captain):
    appoint(Post.Kind.GRID_WORKER, tapo["grid"], user=tapo_captain)
    api_client.force_login(tapo_captain)

    def more():
        appoint(Post.Kind.GRID_WORKER, baoan["grid"], user=tapo_captain)
        appoint(Post.Kind.BUILDING_CAPTAIN, baoan["building"], user=tapo_captain)
        appoint(Post.Kind.COMMUNITY_STAFF, baoan["community"], user=tapo_captain)

    assert_flat(api_client, "/api/v1/community/posts/mine/", more)
