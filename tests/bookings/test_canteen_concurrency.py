"""Many elders ordering the last meals at the same instant: exactly the capacity is sold, the
budget pays exactly their subsidies, and the ledger stays clean (PostgreSQL, threads)."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from bookings import services
from bookings.models import MealOrder, Menu
from bookings.services.canteen import budget_account
from points.selectors.ledger import ledger_verify
from tests.consultations.factories import live_in

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_six_elders_race_for_three_meals(tree, tapo, tapo_staff, street_staff, canteen):
    services.subsidy_budget_fund(
        actor=street_staff, street=tree["street"], amount_fen=100_000, key="race"
    )
    menu = services.menu_create(
        actor=tapo_staff,
        provider=canteen,
        day=datetime.date(2026, 3, 3),
        meal="lunch",
        dishes="饺子",
        price_fen=1200,
        capacity=3,
    )
    elders = []
    for household in tapo["households"][:6]:
        elder = live_in(household).user
        services.diner_register(actor=tapo_staff, user=elder, birth_year=1945)
        elders.append(elder)
    barrier = threading.Barrier(len(elders))
    errors = []

    def order(elder):
        try:
            barrier.wait()
            services.meal_order_place(actor=elder, elder=elder, menu=menu, mode="dine_in")
        except Exception as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=order, args=(elder,)) for elder in elders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert MealOrder.objects.count() == 3 and Menu.objects.get(pk=menu.pk).ordered == 3
    assert len(errors) == 3
    assert all(isinstance(e, ValidationError) and e.code == "full" for e in errors)
    assert budget_account(tree["street"]).balance == 100_000 - 3 * 500
    assert ledger_verify().ok
