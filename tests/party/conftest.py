import datetime

import pytest

TZ = datetime.timezone(datetime.timedelta(hours=8))
# Every party test stands at this instant (a Monday morning in Foshan) unless it moves on.
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _fixed_now(time_machine):
    time_machine.move_to(NOW, tick=False)
