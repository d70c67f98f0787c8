"""The canteen's API for community and street staff: elders registered for the subsidy (reads
audited) and the month's report from bookings/canteen_reports.py (meals per day and grid, the
subsidy spent against the street's budget, which the ledger agrees with)."""

import datetime as dt

import pytest
from django.core.management import call_command

from audit.models import AuditEntry
from bookings import services
from bookings.models import Diner
from tests.consultations.factories import live_in
from tests.core.language import english_in
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db
API = "/api/v1/bookings/canteen"


def _register(api_client, elder, **changes):
    body = {"login": elder.phone, "birth_year": 1941, "status": "low_income", **changes}
    return api_client.post(f"{API}/diners/", body, format="json")


def test_community_staff_register_an_elder_and_reading_them_is_audited(
    api_client, tapo, tapo_staff
):
    elder = live_in(tapo["households"][2]).user
    api_client.force_authenticate(tapo_staff)
    registered = _register(api_client, elder)
    assert registered.status_code == 201
    assert (registered.json()["birth_year"], registered.json()["status"]) == (1941, "low_income")
    assert Diner.objects.get(user=elder).status == "low_income"
    rows = api_client.get(f"{API}/diners/").json()["results"]
    assert [row["user_id"] for row in rows] == [elder.pk]
    assert AuditEntry.objects.filter(action="bookings.diners.read", actor=tapo_staff).exists()
    # registering again updates the registration
    assert _register(api_client, elder, status="living_alone").status_code == 201
    assert Diner.objects.get(user=elder).status == "living_alone"


def test_bad_registrations_are_translated_400s_and_nothing_changes(api_client, tapo, tapo_staff):
    elder = live_in(tapo["households"][2]).user
    api_client.force_authenticate(tapo_staff)
    unknown = _register(api_client, elder, login="13000000000")
    assert unknown.status_code == 400 and set(unknown.json()["errors"]) == {"login"}
    bad = _register(api_client, elder, birth_year=1800, status="rich")
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"birth_year", "status"}
    for response in (unknown, bad):
        assert not english_in(response.json())
    assert not Diner.objects.exists()


def test_another_communitys_staff_and_residents_are_refused(
    api_client, tapo, tapo_staff, baoan_staff, father
):
    elder = live_in(tapo["households"][2]).user
    api_client.force_authenticate(baoan_staff)
    refused = _register(api_client, elder)
    assert refused.status_code == 400 and refused.json()["code"] == "not_allowed"
    assert api_client.get(f"{API}/diners/").json()["results"] == []  # 陈伯 is 塔坡's
    api_client.force_authenticate(father)
    assert api_client.get(f"{API}/diners/").status_code == 404
    assert _register(api_client, elder).status_code == 404
    assert api_client.get(f"{API}/report/").status_code == 404
    assert Diner.objects.filter(user=elder).count() == 0


def test_the_month_report_counts_meals_and_the_subsidy_against_the_budget(
    api_client, street_staff, baoan_staff, funded, lunch, father, neighbour, capsys
):
    services.meal_order_place(actor=father, elder=father, menu=lunch, mode="delivery")
    cancelled = services.meal_order_place(
        actor=neighbour, elder=neighbour, menu=lunch, mode="dine_in"
    )
    services.meal_order_cancel(actor=neighbour, order=cancelled)
    api_client.force_authenticate(street_staff)
    report = api_client.get(f"{API}/report/", {"month": "2026-03"}).json()
    assert report["month"] == "2026-03-01" and report["meals"] == 1
    assert [(line["day"], line["meals"], line["subsidy_fen"]) for line in report["days"]] == [
        ("2026-03-03", 1, 700)
    ]
    assert [(line["meals"], line["delivery"]) for line in report["grids"]] == [(1, 1)]
    budget = report["budgets"][0]
    assert (budget["funded_fen"], budget["spent_month_fen"], budget["balance_fen"]) == (
        100_000,
        700,
        99_300,
    )
    call_command("verify_ledger")
    assert "consistent" in capsys.readouterr().out
    # another community's staff see none of 塔坡's meals
    api_client.force_authenticate(baoan_staff)
    assert api_client.get(f"{API}/report/", {"month": "2026-03"}).json()["days"] == []
    for month in ("2026-13", "9999-12", "x"):
        response = api_client.get(f"{API}/report/", {"month": month})
        assert response.status_code == 400 and not english_in(response.json())


def test_the_diners_and_report_queries_stay_flat(
    api_client, tapo, tapo_staff, street_staff, funded, lunch
):
    households = iter(tapo["households"])

    def more_diners():
        for household in [next(households) for _ in range(2)]:
            elder = live_in(household).user
            services.diner_register(actor=tapo_staff, user=elder, birth_year=1940)
            services.meal_order_place(actor=elder, elder=elder, menu=lunch, mode="delivery")

    more_diners()
    api_client.force_authenticate(tapo_staff)
    assert_flat(api_client, f"{API}/diners/", more_diners)
    api_client.force_authenticate(street_staff)
    assert_flat(api_client, f"{API}/report/", more_diners, {"month": "2026-03"})


def test_staff_follow_the_menus_of_their_areas_canteens(
    api_client, canteen, tapo_staff, baoan_staff, lunch, father
):
    api_client.force_authenticate(tapo_staff)
    rows = api_client.get(f"{API}/overview/").json()["results"]
    assert [(row["id"], row["canteen"]) for row in rows] == [(lunch.pk, "塔坡长者饭堂")]
    assert api_client.get(f"{API}/menus/{lunch.pk}/kitchen/").status_code == 200
    api_client.force_authenticate(baoan_staff)
    assert api_client.get(f"{API}/overview/").json()["results"] == []
    api_client.force_authenticate(father)
    assert api_client.get(f"{API}/overview/").status_code == 404


def test_street_staff_fund_the_budget_once_per_key(
    api_client, tree, street_staff, tapo_staff, father, capsys
):
    from bookings.services.canteen import budget_account

    body = {"street": tree["street"].pk, "amount_fen": 50_000, "key": "2026-q2"}
    api_client.force_authenticate(street_staff)
    for _ in range(2):
        funded = api_client.post(f"{API}/budget/", body, format="json")
        assert funded.status_code == 201 and funded.json()["balance_fen"] == 50_000
    conflict = api_client.post(f"{API}/budget/", {**body, "amount_fen": 1}, format="json")
    assert conflict.status_code == 400 and conflict.json()["code"] == "key_conflict"
    bad = api_client.post(f"{API}/budget/", {**body, "amount_fen": 0, "key": ""}, format="json")
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"amount_fen", "key"}
    assert not english_in(bad.json())
    for user in (tapo_staff, father):  # community staff do not fund the street's budget
        api_client.force_authenticate(user)
        assert api_client.post(f"{API}/budget/", body, format="json").status_code == 404
    assert budget_account(tree["street"]).balance == 50_000
    call_command("verify_ledger")
    assert "consistent" in capsys.readouterr().out


def test_the_overview_queries_stay_flat(api_client, canteen, tapo_staff):
    days = iter(range(3, 20))

    def more_menus():
        for _ in range(2):
            services.menu_create(
                actor=tapo_staff,
                provider=canteen,
                day=dt.date(2026, 3, next(days)),
                meal="lunch",
                dishes="面",
                price_fen=800,
                capacity=10,
            )

    more_menus()
    api_client.force_authenticate(tapo_staff)
    assert_flat(api_client, f"{API}/overview/", more_menus)
