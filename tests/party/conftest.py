import datetime

import pytest

from communities.models import Post
from tests.communities.factories import appoint, make_tree

TZ = datetime.timezone(datetime.timedelta(hours=8))
# Every party test stands at this instant (a Monday morning in Foshan) unless it moves on.
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _fixed_now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def tree(db):
    """祖庙街道 with 塔坡社区 and 保安社区 (see tests/communities/factories.make_tree)."""
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
