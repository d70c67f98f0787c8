import datetime

import pytest

from bookings.models import Venue
from tests.bookings.appointment_fixtures import (  # noqa: F401
    barber,
    bathing,
    clerk,
    home_service,
    slot,
)
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


@pytest.fixture
def funded(tree, street_staff):
    """The street's canteen subsidy budget holds 1,000 yuan."""
    from bookings import services as booking_services

    return booking_services.subsidy_budget_fund(
        actor=street_staff, street=tree["street"], amount_fen=100_000, key="2026-q1"
    )


@pytest.fixture
def lunch(canteen, tapo_staff):
    """Tomorrow's lunch (3 March): 15 yuan, 50 meals, orders close at 10:00 that day."""
    from bookings import services as booking_services

    return booking_services.menu_create(
        actor=tapo_staff,
        provider=canteen,
        day=datetime.date(2026, 3, 3),
        meal="lunch",
        dishes="红烧鱼、炒青菜、米饭",
        price_fen=1500,
        capacity=50,
    )


@pytest.fixture
def father(tapo, tapo_staff):
    """An elder of 82 (born 1944) living alone, registered for the subsidy."""
    from bookings import services as booking_services
    from bookings.models import Diner

    user = live_in(tapo["households"][0]).user
    user.real_name = "陈伯"
    user.save(update_fields=["real_name"])
    booking_services.diner_register(
        actor=tapo_staff, user=user, birth_year=1944, status=Diner.Status.LIVING_ALONE
    )
    return user


@pytest.fixture
def daughter(father, tapo):
    """The elder's daughter, living elsewhere, recorded as his relative and checked."""
    from tests.accounts.factories import UserFactory
    from volunteers.models import RelativeLink

    user = UserFactory(real_name="陈女士")
    RelativeLink.objects.create(
        user=user,
        relative=father,
        node=tapo["community"],
        relation=RelativeLink.Relation.PARENT,
        status=RelativeLink.Status.VERIFIED,
    )
    return user
