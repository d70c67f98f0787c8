import pytest

from communities.models import Post, Residency
from tests.accounts.factories import UserFactory
from tests.communities.factories import ResidencyFactory, appoint, make_tree


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
def now(time_machine):
    """Frozen at 2026-03-01 10:00 Shanghai: the first session (the 6th) is five days ahead."""
    from tests.events.factories import local

    moment = local(2026, 3, 1, 10, 0)
    time_machine.move_to(moment, tick=False)
    return moment


def live_in(household, user=None, relation=Residency.Relation.HEAD):
    return ResidencyFactory(user=user or UserFactory(), household=household, relation=relation).user


@pytest.fixture
def resident(tapo):
    return live_in(tapo["households"][0])


@pytest.fixture
def spouse(tapo, resident):
    return live_in(tapo["households"][0], relation=Residency.Relation.MEMBER)


@pytest.fixture
def neighbours(tapo):
    return [live_in(household) for household in tapo["households"][1:]]


@pytest.fixture
def baoan_resident(baoan):
    return live_in(baoan["households"][0])
