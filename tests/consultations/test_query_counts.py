"""The street's list of community councils keeps a flat query count as communities grow (the
matters, votes and follow-up lists have theirs in test_views.py)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.communities.factories import make_tree
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def fixed_instant(time_machine):
    time_machine.move_to(NOW, tick=False)


def test_the_councils_list_keeps_a_flat_query_count(client, tree, street_staff):
    client.force_login(street_staff)
    assert_flat(
        client,
        "/consultations/council/",
        lambda: make_tree(community_names=("甲社区", "乙社区", "丙社区")),
    )
