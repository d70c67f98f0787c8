"""The canteen's pages: relatives order on the phone, the counter and the sheets for the
canteen's staff, and every page refusing whoever it is not for."""

import datetime

import pytest

from bookings import services
from bookings.models import MealOrder
from tests.accounts.factories import UserFactory
from tests.bookings.conftest import TZ
from tests.consultations.factories import live_in
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db


@pytest.fixture
def cook(canteen, tapo_staff):
    user = UserFactory()
    services.provider_staff_add(actor=tapo_staff, provider=canteen, user=user)
    return user


def test_a_daughter_orders_her_fathers_lunch_on_the_phone(client, funded, lunch, father, daughter):
    client.force_login(daughter)
    page = client.get("/bookings/canteen/", {"for": father.pk})
    assert page.status_code == 200 and "红烧鱼" in page.text and "陈伯" in page.text
    response = client.post(
        f"/bookings/canteen/menus/{lunch.pk}/order/",
        {"elder": father.pk, "mode": "delivery", "note": "饭软一点"},
    )
    order = MealOrder.objects.get()
    assert response.status_code == 302 and response.url == f"/bookings/canteen/orders/{order.pk}/"
    detail = client.get(response.url)
    assert "8.00" in detail.text and "7.00" in detail.text  # to pay, subsidy


def test_someone_elses_elder_cannot_be_chosen(client, lunch, father):
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get("/bookings/canteen/", {"for": father.pk}).status_code == 404
    response = client.post(
        f"/bookings/canteen/menus/{lunch.pk}/order/", {"elder": father.pk, "mode": "dine_in"}
    )
    assert response.status_code == 302 and not MealOrder.objects.exists()


def test_bad_input_is_a_message_not_a_500(client, lunch, father):
    client.force_login(father)
    for data in ({"elder": "abc", "mode": "dine_in"}, {"elder": father.pk, "mode": "fly"}, {}):
        response = client.post(f"/bookings/canteen/menus/{lunch.pk}/order/", data)
        assert response.status_code == 302
    assert client.get("/bookings/canteen/", {"for": "x"}).status_code == 200
    assert not MealOrder.objects.exists()


def test_an_order_is_seen_only_by_its_people_and_the_canteen(client, lunch, father, cook):
    order = services.meal_order_place(actor=father, elder=father, menu=lunch, mode="dine_in")
    client.force_login(UserFactory())
    assert client.get(f"/bookings/canteen/orders/{order.pk}/").status_code == 404
    client.force_login(cook)
    assert client.get(f"/bookings/canteen/orders/{order.pk}/").status_code == 200


def test_the_counter_serves_and_records_payment(client, time_machine, lunch, father, cook):
    order = services.meal_order_place(actor=father, elder=father, menu=lunch, mode="dine_in")
    time_machine.move_to(datetime.datetime(2026, 3, 3, 11, 30, tzinfo=TZ), tick=False)
    client.force_login(cook)
    page = client.get("/bookings/canteen/counter/")
    assert page.status_code == 200 and "陈伯" in page.text
    client.post(f"/bookings/canteen/orders/{order.pk}/pay/")
    client.post(f"/bookings/canteen/orders/{order.pk}/serve/")
    order.refresh_from_db()
    assert order.paid_at is not None and order.status == MealOrder.Status.SERVED


def test_the_canteen_publishes_a_menu_at_the_counter(client, canteen, cook):
    client.force_login(cook)
    response = client.post(
        "/bookings/canteen/counter/",
        {
            "day": "2026-03-05",
            "meal": "lunch",
            "dishes": "蒸排骨",
            "price": "12.50",
            "capacity": "80",
            "delivers": "on",
        },
    )
    assert response.status_code == 302
    menu = canteen.menus.get()
    assert menu.price_fen == 1250
    assert menu.orders_close_at == datetime.datetime(2026, 3, 5, 10, 0, tzinfo=TZ)
    bad = client.post("/bookings/canteen/counter/", {"day": "x", "price": "-1"})
    assert bad.status_code == 200


def test_residents_and_other_staff_get_no_counter_or_sheets(client, lunch, baoan_staff, father):
    for user in (father, baoan_staff):
        client.force_login(user)
        assert client.get("/bookings/canteen/counter/").status_code == 404
        assert client.get(f"/bookings/canteen/menus/{lunch.pk}/kitchen/").status_code == 404
        assert client.get(f"/bookings/canteen/menus/{lunch.pk}/routes/").status_code == 404


def test_staff_of_the_community_follow_their_canteens(client, lunch, tapo_staff, baoan_staff):
    client.force_login(tapo_staff)
    assert "塔坡长者饭堂" in client.get("/bookings/canteen/staff/").text
    assert client.get(f"/bookings/canteen/menus/{lunch.pk}/kitchen/").status_code == 200
    client.force_login(baoan_staff)
    assert "塔坡长者饭堂" not in client.get("/bookings/canteen/staff/").text


def test_the_sheets_count_and_group_by_grid(client, tapo, tapo_staff, lunch, cook):
    for household in tapo["households"][:3]:
        elder = live_in(household).user
        services.meal_order_place(actor=elder, elder=elder, menu=lunch, mode="delivery")
    client.force_login(cook)
    kitchen = client.get(f"/bookings/canteen/menus/{lunch.pk}/kitchen/")
    assert kitchen.status_code == 200 and "第1网格" in kitchen.text
    routes = client.get(f"/bookings/canteen/menus/{lunch.pk}/routes/")
    assert routes.text.count('class="stop ') == 3


def test_the_route_sheet_queries_stay_flat(client, tapo, lunch, cook):
    client.force_login(cook)
    households = iter(tapo["households"])

    def grow():
        for household in [next(households) for _ in range(3)]:
            elder = live_in(household).user
            services.meal_order_place(actor=elder, elder=elder, menu=lunch, mode="delivery")

    grow()
    assert_flat(client, f"/bookings/canteen/menus/{lunch.pk}/routes/", grow)
    assert_flat(client, f"/bookings/canteen/menus/{lunch.pk}/kitchen/", lambda: None)


def test_community_staff_register_an_elder_and_the_read_is_audited(client, tapo, tapo_staff):
    from audit.models import AuditEntry
    from bookings.models import Diner

    elder = live_in(tapo["households"][2]).user
    client.force_login(tapo_staff)
    response = client.post(
        "/bookings/canteen/diners/",
        {"login": elder.phone, "birth_year": "1941", "status": "low_income"},
    )
    assert response.status_code == 302
    assert Diner.objects.get(user=elder).status == "low_income"
    assert client.get("/bookings/canteen/diners/").status_code == 200
    assert AuditEntry.objects.filter(action="bookings.diners.read").exists()
    unknown = client.post(
        "/bookings/canteen/diners/", {"login": "13000000000", "birth_year": "1941", "status": "x"}
    )
    assert unknown.status_code == 200


def test_staff_of_another_community_cannot_register_this_elder(client, tapo, baoan_staff):
    elder = live_in(tapo["households"][2]).user
    client.force_login(baoan_staff)
    page = client.post(
        "/bookings/canteen/diners/", {"login": elder.phone, "birth_year": "1941", "status": "none"}
    )
    assert page.status_code == 200 and "只有长者所在社区的工作人员才能登记" in page.text


def test_street_staff_fund_the_budget_once_per_form(client, tree, street_staff):
    from bookings.services.canteen import budget_account

    client.force_login(street_staff)
    data = {"street": tree["street"].pk, "amount": "500.00", "request_key": "abcdefgh12345"}
    assert client.post("/bookings/canteen/budget/", data).status_code == 302
    assert client.post("/bookings/canteen/budget/", data).status_code == 302
    assert budget_account(tree["street"]).balance == 50_000
    assert client.get("/bookings/canteen/budget/").status_code == 200
