import pytest

from communities.models import Post
from tests.communities.factories import appoint, make_tree
from tests.volunteers.factories import team_with_leader, volunteer


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


@pytest.fixture
def community(tapo):
    return tapo["community"]


@pytest.fixture
def team_and_leader(community):
    return team_with_leader(community)


@pytest.fixture
def team(team_and_leader):
    return team_and_leader[0]


@pytest.fixture
def leader(team_and_leader):
    return team_and_leader[1]


@pytest.fixture
def vol(community):
    return volunteer(community)
