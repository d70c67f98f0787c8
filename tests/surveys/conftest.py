import datetime

import pytest

FIXED = datetime.datetime(2026, 5, 6, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    """Every surveys test sits at one instant (closing times depend on it)."""
    time_machine.move_to(FIXED, tick=False)
    return FIXED
