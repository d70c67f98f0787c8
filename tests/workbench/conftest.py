import pytest

from communities.models import Post
from tests.communities.factories import appoint, make_tree


@pytest.fixture
def tree(db):
    """祖庙街道 with 塔坡社区 and 保安社区: grid, compound, building 5栋 (2 units) each."""
    return make_tree(community_names=("塔坡社区", "保安社区"))


@pytest.fixture
def tapo(tree):
    return tree["塔坡社区"]


@pytest.fixture
def baoan(tree):
    return tree["保安社区"]


@pytest.fixture
def posts(tree, tapo, baoan):
    return {
        "captain": appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]),
        "grid_worker": appoint(Post.Kind.GRID_WORKER, tapo["grid"]),
        "community_staff": appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]),
        "street_staff": appoint(Post.Kind.STREET_STAFF, tree["street"]),
        "baoan_staff": appoint(Post.Kind.COMMUNITY_STAFF, baoan["community"]),
    }
