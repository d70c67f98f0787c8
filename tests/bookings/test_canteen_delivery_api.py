"""The canteen's staff API, deliveries and the counter: the deliverer's rounds of today, marking
delivered or nobody at home (the captain told, once), serving and taking the rest of the price
at the counter; the ledger stays consistent; residents and other communities refused."""

import datetime as dt

import pytest
from django.core.management import call_command

from bookings import services
from bookings.models import MealOrder, Menu
from communities.models import Post
from notifications.models import Message
from points.models import Posting
from tests.accounts.factories import UserFactory
from tests.bookings.conftest import TZ
from tests.communities.factories import appoint
from tests.consultations.factories import live_in
from tests.core.language import english_in
from tests.querycount import assert_flat
from tests.volunteers import factories as volunteer_factories
from volunteers.services import shift_signup

pytestmark = pytest.mark.django_db
API = "/api/v1/bookings/canteen"
LUNCHTIME = dt.datetime(2026, 3, 3, 11, 30, tzinfo=TZ)  # `lunch` is 3 March's, closed at 10:00


@pytest.fixture
def cook(canteen, tapo_staff):
    user = UserFactory(real_name="饭堂厨师")
    services.provider_staff_add(actor=tapo_staff, provider=canteen, user=user)
    return user


@pytest.fixture
def delivery_shift(tapo, lunch):
    team, _leader = volunteer_factories.team_with_leader(tapo["community"], name="助餐送餐队")
    project = volunteer_factories.project(team, title="长者饭堂送餐")
    shift = volunteer_factories.shift(project, starts_in=dt.timedelta(days=1, hours=3))
    Menu.objects.filter(pk=lunch.pk).update(delivery_shift=shift)
    lunch.refresh_from_db()
    return shift


@pytest.fixture
def order(funded, lunch, father, daughter):
    return services.meal_order_place(actor=daughter, elder=father, menu=lunch, mode="delivery")


@pytest.fixture
def today_lunch(canteen, cook):
    """Today's lunch (2 March), orders open until 10:00."""
    return services.menu_create(
        actor=cook,
        provider=canteen,
        day=dt.date(2026, 3, 2),
        meal="lunch",
        dishes="白切鸡、米饭",
        price_fen=1500,
        capacity=50,
    )


def _ledger_consistent(capsys) -> bool:
    call_command("verify_ledger")
    return "consistent" in capsys.readouterr().out


def test_a_volunteer_delivers_todays_round_and_ends_it(
    api_client, time_machine, tapo, delivery_shift, order, capsys
):
    rider = volunteer_factories.volunteer(tapo["community"])
    shift_signup(user=rider, shift=delivery_shift)
    api_client.force_authenticate(rider)
    assert api_client.get(f"{API}/deliveries/").json() == []  # the round is tomorrow's
    time_machine.move_to(LUNCHTIME, tick=False)
    rounds = api_client.get(f"{API}/deliveries/").json()
    assert [row["menu"]["id"] for row in rounds] == [order.menu_id]
    stops = [stop for sheet in rounds[0]["sheets"] for stop in sheet["stops"]]
    assert [(stop["order_id"], stop["name"], stop["due_fen"]) for stop in stops] == [
        (order.pk, "陈伯", 800)
    ]
    marked = api_client.post(
        f"{API}/orders/{order.pk}/deliver/", {"outcome": "delivered"}, format="json"
    )
    assert marked.status_code == 200 and marked.json()["status"] == "delivered"
    assert delivery_shift.signups.get(user=rider).checked_in_at == LUNCHTIME
    time_machine.move_to(LUNCHTIME + dt.timedelta(hours=1), tick=False)
    finished = api_client.post(f"{API}/menus/{order.menu_id}/finish-round/")
    assert finished.status_code == 200
    assert (finished.json()["minutes_claimed"], finished.json()["status"]) == (60, "pending")
    assert _ledger_consistent(capsys)


def test_nobody_at_home_tells_the_captain_once(api_client, tapo, cook, order):
    captain = appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]).user
    api_client.force_authenticate(cook)
    for _ in range(2):
        response = api_client.post(
            f"{API}/orders/{order.pk}/deliver/", {"outcome": "not_home"}, format="json"
        )
        assert response.status_code == 200 and response.json()["status"] == "not_home"
    assert Message.objects.filter(recipient=captain).count() == 1
    later = api_client.post(
        f"{API}/orders/{order.pk}/deliver/", {"outcome": "delivered", "note": "邻居代收"}
    )
    assert later.json()["status"] == "delivered"
    closed = api_client.post(f"{API}/orders/{order.pk}/deliver/", {"outcome": "not_home"})
    assert closed.status_code == 400 and closed.json()["code"] == "not_open"


def test_residents_and_strangers_cannot_mark_a_delivery(
    api_client, tapo, baoan_staff, delivery_shift, order, father, daughter
):
    outsider = volunteer_factories.volunteer(tapo["community"])  # not on the shift
    for user in (father, daughter, baoan_staff, outsider):
        api_client.force_authenticate(user)
        response = api_client.post(
            f"{API}/orders/{order.pk}/deliver/", {"outcome": "delivered"}, format="json"
        )
        assert response.status_code == 404
        assert api_client.get(f"{API}/menus/{order.menu_id}/routes/").status_code == 404
        assert api_client.post(f"{API}/menus/{order.menu_id}/finish-round/").status_code == 404
    order.refresh_from_db()
    assert order.status == MealOrder.Status.ORDERED and order.handled_by is None


def test_a_bad_outcome_is_a_translated_400_and_nothing_changes(api_client, cook, order):
    api_client.force_authenticate(cook)
    response = api_client.post(
        f"{API}/orders/{order.pk}/deliver/", {"outcome": "lost"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"outcome"} and not english_in(response.json())
    order.refresh_from_db()
    assert order.status == MealOrder.Status.ORDERED


def test_the_counter_serves_and_takes_the_rest_and_the_ledger_agrees(
    api_client, time_machine, cook, baoan_staff, funded, lunch, father, neighbour, capsys
):
    eaten = services.meal_order_place(actor=father, elder=father, menu=lunch, mode="dine_in")
    sent = services.meal_order_place(actor=neighbour, elder=neighbour, menu=lunch, mode="delivery")
    time_machine.move_to(LUNCHTIME, tick=False)
    api_client.force_authenticate(cook)
    waiting = api_client.get(f"{API}/counter/").json()["results"]
    assert [(row["id"], row["elder"], row["due_fen"]) for row in waiting] == [
        (eaten.pk, "陈伯", 800)
    ]
    served = api_client.post(f"{API}/orders/{eaten.pk}/serve/")
    assert served.status_code == 200 and served.json()["status"] == "served"
    again = api_client.post(f"{API}/orders/{eaten.pk}/serve/")
    assert again.status_code == 400 and again.json()["code"] == "not_open"
    paid = api_client.post(f"{API}/orders/{eaten.pk}/pay/")
    assert paid.status_code == 200 and paid.json()["paid_at"] is not None
    assert api_client.post(f"{API}/orders/{eaten.pk}/pay/").status_code == 200  # once only
    assert Posting.objects.get(key=f"canteen:order:{eaten.pk}:paid").amount == 800
    refused = api_client.post(f"{API}/orders/{sent.pk}/serve/")
    assert refused.status_code == 400 and refused.json()["code"] == "not_open"
    for user in (father, baoan_staff):
        api_client.force_authenticate(user)
        assert api_client.get(f"{API}/counter/").status_code == 404
        assert api_client.post(f"{API}/orders/{sent.pk}/pay/").status_code == 404
        assert api_client.post(f"{API}/orders/{sent.pk}/serve/").status_code == 404
    sent.refresh_from_db()
    assert sent.paid_at is None and sent.status == MealOrder.Status.ORDERED
    assert _ledger_consistent(capsys)


def test_the_counter_refuses_another_canteen_named(api_client, cook, canteen):
    api_client.force_authenticate(cook)
    assert api_client.get(f"{API}/counter/", {"provider": canteen.pk}).status_code == 200
    assert api_client.get(f"{API}/counter/", {"provider": canteen.pk + 1}).status_code == 404
    assert api_client.get(f"{API}/counter/", {"provider": "x"}).status_code == 400


def test_the_deliveries_and_counter_queries_stay_flat(api_client, tapo, cook, today_lunch):
    api_client.force_authenticate(cook)
    households = iter(tapo["households"])

    def grow(mode):
        def more():
            for household in [next(households) for _ in range(2)]:
                elder = live_in(household).user
                services.meal_order_place(actor=elder, elder=elder, menu=today_lunch, mode=mode)

        return more

    grow("delivery")()
    assert_flat(api_client, f"{API}/deliveries/", grow("delivery"))
    grow("dine_in")()
    assert_flat(api_client, f"{API}/counter/", grow("dine_in"))
