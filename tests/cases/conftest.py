import pytest

from communities.models import Post
from tests.cases.factories import category
from tests.communities.factories import appoint


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def posts(tree, tapo, baoan):
    """Every level staffed in 塔坡: captain, grid worker, community staff, street staff."""
    return {
        "captain": appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]),
        "grid_worker": appoint(Post.Kind.GRID_WORKER, tapo["grid"]),
        "community_staff": appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]),
        "street_staff": appoint(Post.Kind.STREET_STAFF, tree["street"]),
        "baoan_captain": appoint(Post.Kind.BUILDING_CAPTAIN, baoan["building"]),
        "baoan_staff": appoint(Post.Kind.COMMUNITY_STAFF, baoan["community"]),
    }


@pytest.fixture
def rubbish(db):
    return category()
