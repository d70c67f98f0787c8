import datetime

import pytest

from bookings.models import Venue
from tests.consultations.factories import live_in

TZ = datetime.timezone(datetime.timedelta(hours=8))
# Every test stands at this instant (a Monday morning in Foshan) unless it moves on.
NOW = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=TZ)


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A local instant in March 2026."""
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _fixed_now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def resident(tapo):
    return live_in(tapo["households"][0]).user


@pytest.fixture
def neighbour(tapo):
    return live_in(tapo["households"][1]).user


@pytest.fixture
def venue(tapo):
    return Venue.objects.create(
        node=tapo["community"],
        name="创熟加油站",
        capacity=30,
        opens_at=datetime.time(8, 30),
        closes_at=datetime.time(21, 0),
        requires_approval=True,
    )


@pytest.fixture
def open_venue(tapo):
    """A venue that confirms bookings without approval."""
    return Venue.objects.create(
        node=tapo["community"],
        name="第1网格活动点",
        capacity=10,
        opens_at=datetime.time(9, 0),
        closes_at=datetime.time(18, 0),
        requires_approval=False,
    )


@pytest.fixture
def canteen(tapo, tapo_staff):
    """塔坡's elders' canteen, serving the whole community, with one counter worker."""
    from bookings import services as booking_services
    from bookings.models import Provider

    return booking_services.provider_create(
        actor=tapo_staff,
        name="塔坡长者饭堂",
        kind=Provider.Kind.CANTEEN,
        node=tapo["community"],
        places=[tapo["community"]],
        address="塔坡街1号",
    )
