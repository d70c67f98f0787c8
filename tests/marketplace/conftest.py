import pytest

from tests.accounts.factories import UserFactory
from tests.marketplace.factories import make_merchant, make_offer


@pytest.fixture
def street(tree):
    return tree["street"]


@pytest.fixture
def tapo(tree):
    return tree["塔坡社区"]["community"]


@pytest.fixture
def baoan(tree):
    return tree["保安社区"]["community"]


@pytest.fixture
def shopkeeper(db):
    return UserFactory()


@pytest.fixture
def merchant(tapo, shopkeeper):
    return make_merchant(tapo, user=shopkeeper)


@pytest.fixture
def offer(merchant, street):
    return make_offer(merchant, node=street)


@pytest.fixture
def resident(db):
    return UserFactory()
