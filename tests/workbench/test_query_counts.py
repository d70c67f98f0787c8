"""The workbench's lists of places (the choice page and the API) keep a flat query count as a
staff member's places grow (the place page has its own test in test_queues.py)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from communities.models import Post
from tests.communities.factories import appoint, make_tree
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def fixed_instant(time_machine):
    time_machine.move_to(NOW, tick=False)


def more_communities(user, names):
    tree = make_tree(community_names=names)
    for name in names:
        appoint(Post.Kind.COMMUNITY_STAFF, tree[name]["community"], user=user)


def test_the_lists_of_a_staff_members_places_keep_a_flat_query_count(
    client, api_client, tapo, baoan
):
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user
    appoint(Post.Kind.COMMUNITY_STAFF, baoan["community"], user=staff)
    client.force_login(staff)
    assert_flat(client, "/workbench/", lambda: more_communities(staff, ("甲社区", "乙社区")))
    # logged in by session: each request loads the user afresh, so the scope is read again
    api_client.force_login(staff)
    assert_flat(
        api_client, "/api/v1/workbench/places/", lambda: more_communities(staff, ("丙社区",))
    )
