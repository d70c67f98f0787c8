import pytest

from communities.models import Post
from tests.communities.factories import appoint


@pytest.fixture
def posts(tree, tapo, baoan):
    return {
        "captain": appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]),
        "grid_worker": appoint(Post.Kind.GRID_WORKER, tapo["grid"]),
        "community_staff": appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]),
        "street_staff": appoint(Post.Kind.STREET_STAFF, tree["street"]),
        "baoan_staff": appoint(Post.Kind.COMMUNITY_STAFF, baoan["community"]),
    }
