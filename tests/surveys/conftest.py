import datetime

import pytest

from communities.models import Post
from tests.communities.factories import appoint, make_tree

FIXED = datetime.datetime(2026, 5, 6, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    """Every surveys test sits at one instant (closing times depend on it)."""
    time_machine.move_to(FIXED, tick=False)
    return FIXED


@pytest.fixture
def tree(db):
    """祖庙街道 with 塔坡社区 and 保安社区: grid, compound, building 5栋 with 2 units, 8 rooms each."""
    return make_tree(community_names=("塔坡社区", "保安社区"))


@pytest.fixture
def tapo(tree):
    return tree["塔坡社区"]


@pytest.fixture
def baoan(tree):
    return tree["保安社区"]


@pytest.fixture
def tapo_staff(tapo):
    return appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user


@pytest.fixture
def baoan_staff(baoan):
    return appoint(Post.Kind.COMMUNITY_STAFF, baoan["community"]).user


@pytest.fixture
def tapo_captain(tapo):
    return appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]).user
