import pytest

from communities.models import Residency
from tests.accounts.factories import UserFactory
from tests.communities.factories import ResidencyFactory


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
