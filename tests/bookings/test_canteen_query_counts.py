"""The canteen's list pages and the menus endpoint keep a flat query count as menus, orders
and diners grow (routes, kitchen, report and the orders endpoint are counted beside their
other tests)."""

import datetime

import pytest

from bookings import services
from tests.accounts.factories import UserFactory
from tests.consultations.factories import live_in
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db


def more_menus(canteen, actor, start: int, count: int):
    for offset in range(start, start + count):
        services.menu_create(
            actor=actor,
            provider=canteen,
            day=datetime.date(2026, 3, 3) + datetime.timedelta(days=offset),
            meal="lunch",
            dishes="饺子",
            price_fen=1000,
            capacity=20,
        )


def test_the_canteen_home_stays_flat(client, canteen, tapo_staff, father, daughter):
    more_menus(canteen, tapo_staff, 0, 1)
    client.force_login(daughter)
    counter = iter(range(1, 10))
    assert_flat(
        client,
        "/bookings/canteen/",
        lambda: more_menus(canteen, tapo_staff, next(counter) * 3, 3),
        {"for": father.pk},
    )


def test_the_counter_stays_flat(client, time_machine, canteen, tapo, tapo_staff, lunch):
    cook = UserFactory()
    services.provider_staff_add(actor=tapo_staff, provider=canteen, user=cook)
    households = iter(tapo["households"])

    def grow():
        time_machine.move_to(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC))
        for household in [next(households) for _ in range(2)]:
            elder = live_in(household).user
            services.meal_order_place(actor=elder, elder=elder, menu=lunch, mode="dine_in")
        time_machine.move_to(datetime.datetime(2026, 3, 3, 3, 30, tzinfo=datetime.UTC))

    grow()
    client.force_login(cook)
    assert_flat(client, "/bookings/canteen/counter/", grow)


def test_the_delivery_rounds_and_staff_pages_stay_flat(client, canteen, tapo_staff):
    more_menus(canteen, tapo_staff, 0, 1)
    services.provider_staff_add(actor=tapo_staff, provider=canteen, user=tapo_staff)
    client.force_login(tapo_staff)
    counter = iter(range(1, 10))
    assert_flat(
        client,
        "/bookings/canteen/deliveries/",
        lambda: more_menus(canteen, tapo_staff, next(counter) * 3, 3),
    )
    assert_flat(
        client,
        "/bookings/canteen/staff/",
        lambda: more_menus(canteen, tapo_staff, next(counter) * 3, 3),
    )


def test_the_diners_page_stays_flat(client, tapo, tapo_staff):
    households = iter(tapo["households"])

    def grow():
        for household in [next(households) for _ in range(2)]:
            elder = live_in(household).user
            services.diner_register(actor=tapo_staff, user=elder, birth_year=1940)

    grow()
    client.force_login(tapo_staff)
    assert_flat(client, "/bookings/canteen/diners/", grow)


def test_the_menus_endpoint_stays_flat(api_client, canteen, tapo_staff, father):
    more_menus(canteen, tapo_staff, 0, 1)
    api_client.force_authenticate(father)
    counter = iter(range(1, 10))
    assert_flat(
        api_client,
        "/api/v1/bookings/canteen/menus/",
        lambda: more_menus(canteen, tapo_staff, next(counter) * 3, 3),
    )
