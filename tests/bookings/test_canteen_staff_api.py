"""The canteen's staff API, menus and sheets: a week's plan, publishing, changing and copying
menus through the menu services (their cut-off and capacity rules at their edges), the kitchen
and route sheets from the printable sheets' selectors; nobody else's canteen."""

import datetime as dt

import pytest

from bookings import services
from bookings.models import Menu, Provider
from tests.accounts.factories import UserFactory
from tests.bookings.conftest import TZ
from tests.consultations.factories import live_in
from tests.core.language import english_in
from tests.querycount import assert_flat
from tests.volunteers import factories as volunteer_factories
from volunteers.services import shift_signup

pytestmark = pytest.mark.django_db
API = "/api/v1/bookings/canteen"
# The conftest stands at Monday 2 March 2026, 08:00; `lunch` is Tuesday 3 March's (10:00).


@pytest.fixture
def cook(canteen, tapo_staff):
    user = UserFactory(real_name="饭堂厨师")
    services.provider_staff_add(actor=tapo_staff, provider=canteen, user=user)
    return user


@pytest.fixture
def cook_api(api_client, cook):
    api_client.force_authenticate(cook)
    return api_client


@pytest.fixture
def baoan_canteen(baoan, baoan_staff):
    canteen = services.provider_create(
        actor=baoan_staff,
        name="保安长者饭堂",
        kind=Provider.Kind.CANTEEN,
        node=baoan["community"],
        places=[baoan["community"]],
        address="保安路2号",
    )
    cook = UserFactory(real_name="保安厨师")
    services.provider_staff_add(actor=baoan_staff, provider=canteen, user=cook)
    return canteen, cook


def _menu_body(**changes):
    return {
        "day": "2026-03-04",
        "meal": "lunch",
        "dishes": "豉汁排骨、米饭",
        "price_fen": 1200,
        "capacity": 40,
        **changes,
    }


def test_the_cook_plans_publishes_and_changes_a_week(cook_api, canteen, lunch):
    plan = cook_api.get(f"{API}/plan/", {"week": "2026-03-04"})
    assert plan.status_code == 200
    body = plan.json()
    assert body["week"] == "2026-03-02" and body["canteen"]["name"] == "塔坡长者饭堂"
    assert [len(day["menus"]) for day in body["days"]] == [0, 1, 0, 0, 0, 0, 0]
    assert body["days"][1]["menus"][0]["open"] is True
    # without a week: next week, as the page plans
    assert cook_api.get(f"{API}/plan/").json()["week"] == "2026-03-09"
    published = cook_api.post(f"{API}/plan/", _menu_body(), format="json")
    assert published.status_code == 201, published.json()
    menu = published.json()
    # the place's usual cut-off: 10:00 on the day for lunch
    assert menu["orders_close_at"] == "2026-03-04T10:00:00+08:00"
    assert menu["delivery_shift"] is None and menu["left"] == 40
    changed = cook_api.patch(f"{API}/plan/{menu['id']}/", {"capacity": 60}, format="json")
    assert changed.status_code == 200 and changed.json()["capacity"] == 60
    assert changed.json()["dishes"] == "豉汁排骨、米饭"  # what was left out stays
    assert cook_api.get(f"{API}/plan/{menu['id']}/").json()["capacity"] == 60


def test_publishing_keeps_the_services_rules(cook_api, canteen, lunch):
    again = cook_api.post(f"{API}/plan/", _menu_body(day="2026-03-03"), format="json")
    assert again.status_code == 400 and again.json()["code"] == "menu_exists"
    # today's lunch closes at 10:00 today: at 08:00 it may still be published...
    today = cook_api.post(f"{API}/plan/", _menu_body(day="2026-03-02"), format="json")
    assert today.status_code == 201
    # ...a cut-off already past is refused
    past = cook_api.post(
        f"{API}/plan/",
        _menu_body(day="2026-03-02", meal="dinner", orders_close_at="2026-03-02T08:00:00+08:00"),
        format="json",
    )
    assert past.status_code == 400 and past.json()["code"] == "closed"
    late = cook_api.post(
        f"{API}/plan/", _menu_body(orders_close_at="2026-03-05T00:00:01+08:00"), format="json"
    )
    assert late.status_code == 400 and late.json()["code"] == "bad_cutoff"
    assert Menu.objects.count() == 2


def test_the_cut_off_closes_changes_at_its_edge(cook_api, time_machine, lunch):
    time_machine.move_to(dt.datetime(2026, 3, 3, 9, 59, 59, tzinfo=TZ), tick=False)
    response = cook_api.patch(f"{API}/plan/{lunch.pk}/", {"dishes": "清蒸鱼"}, format="json")
    assert response.status_code == 200
    time_machine.move_to(dt.datetime(2026, 3, 3, 10, 0, tzinfo=TZ), tick=False)
    response = cook_api.patch(f"{API}/plan/{lunch.pk}/", {"dishes": "白切鸡"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "closed"
    lunch.refresh_from_db()
    assert lunch.dishes == "清蒸鱼"


def test_ordered_meals_hold_the_capacity_and_the_price(cook_api, lunch, father, neighbour):
    for elder in (father, neighbour):
        services.meal_order_place(actor=elder, elder=elder, menu=lunch, mode="dine_in")
    below = cook_api.patch(f"{API}/plan/{lunch.pk}/", {"capacity": 1}, format="json")
    assert below.status_code == 400 and below.json()["code"] == "below_ordered"
    exact = cook_api.patch(f"{API}/plan/{lunch.pk}/", {"capacity": 2}, format="json")
    assert exact.status_code == 200 and exact.json()["left"] == 0
    price = cook_api.patch(f"{API}/plan/{lunch.pk}/", {"price_fen": 1800}, format="json")
    assert price.status_code == 400 and price.json()["code"] == "price_locked"
    lunch.refresh_from_db()
    assert (lunch.capacity, lunch.price_fen) == (2, 1500)


def test_bad_input_is_a_translated_400_and_nothing_changes(cook_api, canteen, lunch):
    response = cook_api.post(
        f"{API}/plan/",
        {"day": "9999-12-31", "meal": "brunch", "dishes": "", "price_fen": -1, "capacity": 0},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and not english_in(body)
    assert set(body["errors"]) == {"day", "meal", "dishes", "price_fen", "capacity"}
    assert cook_api.get(f"{API}/plan/", {"week": "x"}).status_code == 400
    assert cook_api.get(f"{API}/plan/", {"week": "9999-12-31"}).status_code == 400
    patch = cook_api.patch(f"{API}/plan/{lunch.pk}/", {"orders_close_at": "soon"}, format="json")
    assert patch.status_code == 400 and not english_in(patch.json())
    assert Menu.objects.count() == 1 and Menu.objects.get().dishes == lunch.dishes


def test_the_delivery_shift_must_be_one_where_the_canteen_serves(cook_api, tapo, baoan):
    team, _leader = volunteer_factories.team_with_leader(tapo["community"], name="助餐送餐队")
    ours = volunteer_factories.shift(volunteer_factories.project(team, title="饭堂送餐"))
    other_team, _ = volunteer_factories.team_with_leader(baoan["community"])
    theirs = volunteer_factories.shift(volunteer_factories.project(other_team, title="保安送餐"))
    refused = cook_api.post(f"{API}/plan/", _menu_body(delivery_shift=theirs.pk), format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "invalid_shift"
    assert not Menu.objects.exists()
    done = cook_api.post(f"{API}/plan/", _menu_body(delivery_shift=ours.pk), format="json")
    assert done.status_code == 201 and done.json()["delivery_shift"] == ours.pk


def test_copying_last_week_fills_the_days_left_once(cook_api, lunch):
    copied = cook_api.post(f"{API}/plan/copy-week/", {"week": "2026-03-11"}, format="json")
    assert copied.status_code == 200
    assert [row["day"] for row in copied.json()["created"]] == ["2026-03-10"]
    again = cook_api.post(f"{API}/plan/copy-week/", {"week": "2026-03-09"}, format="json")
    assert again.json() == {"created": [], "skipped": 1}
    empty = cook_api.post(f"{API}/plan/copy-week/", {"week": "2026-03-23"}, format="json")
    assert empty.status_code == 400 and empty.json()["code"] == "nothing_to_copy"
    assert Menu.objects.count() == 2


def test_nobody_else_plans_the_canteens_menus(
    api_client, lunch, father, tapo_staff, baoan_staff, baoan_canteen
):
    _theirs, their_cook = baoan_canteen
    for user in (father, tapo_staff, baoan_staff, their_cook):
        api_client.force_authenticate(user)
        named = {"provider": lunch.provider_id}
        assert api_client.get(f"{API}/plan/", named).status_code == 404
        assert api_client.get(f"{API}/plan/{lunch.pk}/").status_code == 404
        body = {**_menu_body(), **named}
        assert api_client.post(f"{API}/plan/", body, format="json").status_code == 404
        patch = api_client.patch(f"{API}/plan/{lunch.pk}/", {"capacity": 9}, format="json")
        assert patch.status_code == 404
        copy = api_client.post(f"{API}/plan/copy-week/", {**named, "week": "2026-03-09"})
        assert copy.status_code == 404
    assert Menu.objects.filter(provider=lunch.provider).count() == 1
    assert Menu.objects.get(pk=lunch.pk).capacity == 50


def test_the_kitchen_and_route_sheets_are_the_printed_ones(
    api_client, tapo, tapo_staff, baoan_staff, lunch, cook, father
):
    for household in tapo["households"][:3]:
        elder = live_in(household).user
        services.meal_order_place(
            actor=elder, elder=elder, menu=lunch, mode="delivery", note="饭软一点"
        )
    services.meal_order_place(actor=father, elder=father, menu=lunch, mode="dine_in")
    for user in (cook, tapo_staff):
        api_client.force_authenticate(user)
        kitchen = api_client.get(f"{API}/menus/{lunch.pk}/kitchen/")
        assert kitchen.status_code == 200
        sheet = kitchen.json()
        assert (sheet["dine_in"], sheet["delivery"], sheet["total"]) == (1, 3, 4)
        assert sheet["notes"] == [{"label": "饭软一点", "count": 3}]
        assert [line["count"] for line in sheet["grids"]] == [3]
    api_client.force_authenticate(cook)
    routes = api_client.get(f"{API}/menus/{lunch.pk}/routes/").json()
    assert routes["menu"]["id"] == lunch.pk
    stops = [stop for grid in routes["sheets"] for stop in grid["stops"]]
    assert len(stops) == 3 and all("*" in stop["phone"] for stop in stops)
    for user in (father, baoan_staff):
        api_client.force_authenticate(user)
        assert api_client.get(f"{API}/menus/{lunch.pk}/kitchen/").status_code == 404
        assert api_client.get(f"{API}/menus/{lunch.pk}/routes/").status_code == 404


def test_a_volunteer_on_the_shift_reads_the_routes_but_not_the_kitchen(api_client, tapo, lunch):
    team, _leader = volunteer_factories.team_with_leader(tapo["community"], name="助餐送餐队")
    shift = volunteer_factories.shift(volunteer_factories.project(team, title="送餐"))
    Menu.objects.filter(pk=lunch.pk).update(delivery_shift=shift)
    rider, stranger = (volunteer_factories.volunteer(tapo["community"]) for _ in range(2))
    shift_signup(user=rider, shift=shift)
    api_client.force_authenticate(rider)
    assert api_client.get(f"{API}/menus/{lunch.pk}/routes/").status_code == 200
    assert api_client.get(f"{API}/menus/{lunch.pk}/kitchen/").status_code == 404
    api_client.force_authenticate(stranger)
    assert api_client.get(f"{API}/menus/{lunch.pk}/routes/").status_code == 404


def test_the_plan_and_sheets_queries_stay_flat(cook_api, tapo, canteen, cook, lunch):
    days = iter(dt.date(2026, 3, 4) + dt.timedelta(days=n) for n in range(4))
    households = iter(tapo["households"])

    def more_menus():
        for meal in ("lunch", "dinner"):
            services.menu_create(
                actor=cook,
                provider=canteen,
                day=next(days),
                meal=meal,
                dishes="面",
                price_fen=800,
                capacity=10,
            )

    def more_orders():
        for household in [next(households) for _ in range(2)]:
            elder = live_in(household).user
            note = f"少盐{elder.pk}"
            services.meal_order_place(
                actor=elder, elder=elder, menu=lunch, mode="delivery", note=note
            )

    assert_flat(cook_api, f"{API}/plan/", more_menus, {"week": "2026-03-02"})
    more_orders()
    assert_flat(cook_api, f"{API}/menus/{lunch.pk}/routes/", more_orders)
    assert_flat(cook_api, f"{API}/menus/{lunch.pk}/kitchen/", more_orders)


def test_publishing_todays_lunch_closes_at_its_cut_off(cook_api, time_machine, canteen):
    body = _menu_body(day="2026-03-02")
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, 0, tzinfo=TZ), tick=False)
    closed = cook_api.post(f"{API}/plan/", body, format="json")
    assert closed.status_code == 400 and closed.json()["code"] == "closed"
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 59, 59, tzinfo=TZ), tick=False)
    assert cook_api.post(f"{API}/plan/", body, format="json").status_code == 201
    far = cook_api.post(
        f"{API}/plan/",
        _menu_body(meal="dinner", orders_close_at="9999-12-31T23:59:59-12:00"),
        format="json",
    )
    assert far.status_code == 400 and not english_in(far.json())
    assert Menu.objects.count() == 1
