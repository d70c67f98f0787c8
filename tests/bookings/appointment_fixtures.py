"""Fixtures of appointment slots: 塔坡's home-service company with a bathing service and a
slot tomorrow (3 March, 9:00–10:00) for two people."""

import datetime

import pytest

from bookings import services
from bookings.models import Provider
from tests.accounts.factories import UserFactory

TZ = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def home_service(tapo, tapo_staff):
    return services.provider_create(
        actor=tapo_staff,
        name="云家庭服务社",
        kind=Provider.Kind.HOME_SERVICE,
        node=tapo["community"],
        places=[tapo["community"]],
    )


@pytest.fixture
def clerk(home_service, tapo_staff):
    """The home-service company's counter worker."""
    user = UserFactory()
    services.provider_staff_add(actor=tapo_staff, provider=home_service, user=user)
    return user


@pytest.fixture
def bathing(home_service, tapo_staff):
    return services.service_offer_create(
        actor=tapo_staff, provider=home_service, kind="bath", name="上门助浴"
    )


@pytest.fixture
def slot(bathing, tapo_staff):
    return services.slot_create(
        actor=tapo_staff,
        offer=bathing,
        starts_at=datetime.datetime(2026, 3, 3, 9, tzinfo=TZ),
        ends_at=datetime.datetime(2026, 3, 3, 10, tzinfo=TZ),
        capacity=2,
    )


@pytest.fixture
def barber(baoan, baoan_staff):
    """保安's barber: another provider's counter worker."""
    other = services.provider_create(
        actor=baoan_staff,
        name="保安理发",
        kind=Provider.Kind.HOME_SERVICE,
        node=baoan["community"],
        places=[baoan["community"]],
    )
    user = UserFactory()
    services.provider_staff_add(actor=baoan_staff, provider=other, user=user)
    return user
