import pytest

from tests.volunteers.factories import team_with_leader, volunteer


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
