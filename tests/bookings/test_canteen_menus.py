"""The canteen plans its menus: a week's page (phone and counter screen), changing a menu
while orders are open (never below what is ordered, never a new price once ordered), and
copying the week before's menus, through audited services; nobody else's canteen."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from bookings import services
from bookings.models import Menu
from bookings.services.canteen_menus import menu_update, menus_copy_week
from tests.accounts.factories import UserFactory
from tests.bookings.conftest import TZ
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db
PAGE = "/bookings/canteen/menus/"
# The conftest stands at Monday 2 March 2026, 08:00; `lunch` is Tuesday 3 March's.


@pytest.fixture
def cook(canteen, tapo_staff):
    user = UserFactory(real_name="饭堂厨师")
    services.provider_staff_add(actor=tapo_staff, provider=canteen, user=user)
    return user


def _code(call) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.code


def _change(menu, actor, **changes):
    values = {
        "dishes": menu.dishes,
        "price_fen": menu.price_fen,
        "capacity": menu.capacity,
        "orders_close_at": menu.orders_close_at,
        "delivers": menu.delivers,
        **changes,
    }
    return menu_update(actor=actor, menu=menu, **values)


def _lunch(canteen, actor, day: dt.date, **extra):
    return services.menu_create(
        actor=actor,
        provider=canteen,
        day=day,
        meal=extra.pop("meal", "lunch"),
        dishes=extra.pop("dishes", "豉汁排骨、米饭"),
        price_fen=extra.pop("price_fen", 1200),
        capacity=extra.pop("capacity", 40),
        **extra,
    )


# --- changing a menu -------------------------------------------------------------------------


def test_the_cook_changes_dishes_capacity_and_cut_off_and_it_is_audited(lunch, cook):
    later = dt.datetime(2026, 3, 3, 10, 30, tzinfo=TZ)
    menu = _change(lunch, cook, dishes="清蒸鲈鱼、米饭", capacity=60, orders_close_at=later)
    menu.refresh_from_db()
    assert (menu.dishes, menu.capacity, menu.orders_close_at) == ("清蒸鲈鱼、米饭", 60, later)
    entry = AuditEntry.objects.get(action="bookings.menu_update")
    assert entry.details["capacity"] == [50, 60] and "price_fen" not in entry.details


def test_capacity_never_drops_below_the_meals_ordered(lunch, cook, father):
    services.meal_order_place(actor=father, elder=father, menu=lunch, mode="dine_in")
    assert _code(lambda: _change(lunch, cook, capacity=0)) == "invalid_menu"
    _change(lunch, cook, capacity=1)  # exactly what is ordered: allowed
    assert Menu.objects.get().capacity == 1
    father_order = lunch.orders.get()
    services.meal_order_cancel(actor=father, order=father_order)
    services.meal_order_place(actor=father, elder=father, menu=lunch, mode="dine_in")
    assert _code(lambda: _change(Menu.objects.get(), cook, capacity=0)) == "invalid_menu"


def test_below_ordered_is_refused(canteen, tapo, cook, father):
    menu = _lunch(canteen, cook, dt.date(2026, 3, 3), capacity=5)
    services.meal_order_place(actor=father, elder=father, menu=menu, mode="dine_in")
    from tests.consultations.factories import live_in

    other = live_in(tapo["households"][2]).user
    services.meal_order_place(actor=other, elder=other, menu=menu, mode="dine_in")
    assert _code(lambda: _change(menu, cook, capacity=1)) == "below_ordered"
    assert Menu.objects.get(pk=menu.pk).capacity == 5


def test_the_price_is_locked_once_meals_are_ordered(lunch, cook, father):
    _change(lunch, cook, price_fen=1600)  # nobody ordered yet
    services.meal_order_place(actor=father, elder=father, menu=lunch, mode="dine_in")
    assert _code(lambda: _change(Menu.objects.get(), cook, price_fen=1800)) == "price_locked"
    assert Menu.objects.get().price_fen == 1600


def test_no_change_once_orders_closed_and_no_cut_off_outside_the_day(time_machine, lunch, cook):
    assert (
        _code(
            lambda: _change(lunch, cook, orders_close_at=dt.datetime(2026, 3, 4, 0, 1, tzinfo=TZ))
        )
        == "bad_cutoff"
    )
    assert (
        _code(
            lambda: _change(lunch, cook, orders_close_at=dt.datetime(2026, 3, 2, 7, 0, tzinfo=TZ))
        )
        == "bad_cutoff"
    )
    # the last instant of the day is allowed
    _change(lunch, cook, orders_close_at=dt.datetime(2026, 3, 4, 0, 0, tzinfo=TZ))
    time_machine.move_to(dt.datetime(2026, 3, 4, 0, 0, tzinfo=TZ), tick=False)
    assert _code(lambda: _change(Menu.objects.get(), cook, dishes="改")) == "closed"


def test_another_communitys_staff_cannot_change_the_menu(lunch, baoan_staff):
    assert _code(lambda: _change(lunch, baoan_staff, dishes="改")) == "not_allowed"
    assert Menu.objects.get().dishes == lunch.dishes


# --- copying the week before -----------------------------------------------------------------


def test_the_week_before_is_copied_seven_days_on_leaving_what_is_there(canteen, cook):
    # this week (2-8 March): Tuesday's and Wednesday's lunch, Wednesday's dinner
    _lunch(canteen, cook, dt.date(2026, 3, 3))
    _lunch(canteen, cook, dt.date(2026, 3, 4), dishes="牛腩饭")
    _lunch(canteen, cook, dt.date(2026, 3, 4), meal="dinner", dishes="粥")
    # next week's Wednesday lunch is already planned
    _lunch(canteen, cook, dt.date(2026, 3, 11), dishes="已经排好")

    copied = menus_copy_week(actor=cook, provider=canteen, week=dt.date(2026, 3, 12))

    assert copied.skipped == 1 and len(copied.created) == 2
    tuesday = Menu.objects.get(day=dt.date(2026, 3, 10))
    assert (tuesday.dishes, tuesday.price_fen, tuesday.capacity) == ("豉汁排骨、米饭", 1200, 40)
    assert tuesday.orders_close_at == dt.datetime(2026, 3, 10, 10, 0, tzinfo=TZ)
    assert Menu.objects.get(day=dt.date(2026, 3, 11), meal="lunch").dishes == "已经排好"
    assert Menu.objects.get(day=dt.date(2026, 3, 11), meal="dinner").dishes == "粥"
    assert AuditEntry.objects.filter(action="bookings.menus_copy_week").count() == 1
    # a doubled click copies nothing more
    again = menus_copy_week(actor=cook, provider=canteen, week=dt.date(2026, 3, 9))
    assert (len(again.created), again.skipped) == (0, 3)


def test_meals_whose_orders_would_already_be_closed_are_not_copied(time_machine, canteen, cook):
    time_machine.move_to(dt.datetime(2026, 2, 22, 8, 0, tzinfo=TZ), tick=False)
    _lunch(canteen, cook, dt.date(2026, 2, 23))  # Monday of the week before
    _lunch(canteen, cook, dt.date(2026, 2, 27))
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, 0, tzinfo=TZ), tick=False)  # the cut-off
    copied = menus_copy_week(actor=cook, provider=canteen, week=dt.date(2026, 3, 2))
    assert [menu.day for menu in copied.created] == [dt.date(2026, 3, 6)]
    assert copied.skipped == 1


def test_copying_an_empty_week_or_anothers_canteen_is_refused(canteen, cook, baoan_staff):
    assert (
        _code(lambda: menus_copy_week(actor=cook, provider=canteen, week=dt.date(2026, 3, 9)))
        == "nothing_to_copy"
    )
    _lunch(canteen, cook, dt.date(2026, 3, 3))
    assert (
        _code(
            lambda: menus_copy_week(actor=baoan_staff, provider=canteen, week=dt.date(2026, 3, 9))
        )
        == "not_allowed"
    )
    assert Menu.objects.count() == 1


# --- the pages -------------------------------------------------------------------------------


def test_the_cook_plans_next_week_from_the_canteens_home(client, canteen, cook):
    client.force_login(cook)
    assert PAGE in client.get("/bookings/canteen/").content.decode()
    page = client.get(PAGE)  # next week by default: 9-15 March
    assert page.status_code == 200 and "3月9日" in page.content.decode()
    published = client.post(
        PAGE,
        {
            "provider": canteen.pk,
            "day": "2026-03-10",
            "meal": "lunch",
            "dishes": "咖喱鸡饭",
            "price": "13.50",
            "capacity": "30",
            "delivers": "on",
            "orders_close_at": "2026-03-10T09:30",
        },
    )
    assert published.status_code == 302
    menu = Menu.objects.get()
    assert (menu.price_fen, menu.orders_close_at) == (
        1350,
        dt.datetime(2026, 3, 10, 9, 30, tzinfo=TZ),
    )
    assert "咖喱鸡饭" in client.get(published.url).content.decode()
    edit = f"/bookings/canteen/menus/{menu.pk}/edit/"
    assert edit in client.get(published.url).content.decode()
    saved = client.post(
        edit,
        {
            "dishes": "咖喱鸡饭、例汤",
            "price": "13.50",
            "capacity": "35",
            "orders_close_at": "2026-03-10T10:00",
        },
    )
    assert saved.status_code == 302
    menu.refresh_from_db()
    assert (menu.dishes, menu.capacity, menu.delivers) == ("咖喱鸡饭、例汤", 35, False)


def test_the_cook_copies_this_week_into_next_week_with_one_button(client, canteen, cook):
    _lunch(canteen, cook, dt.date(2026, 3, 3))
    client.force_login(cook)
    response = client.post(
        "/bookings/canteen/menus/copy-week/",
        {"provider": canteen.pk, "week": "2026-03-09"},
        follow=True,
    )
    assert response.status_code == 200
    assert Menu.objects.filter(day=dt.date(2026, 3, 10)).exists()
    assert "1" in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"dishes": "", "price": "12", "capacity": "30", "orders_close_at": "2026-03-03T10:00"},
        {"dishes": "饭", "price": "abc", "capacity": "30", "orders_close_at": "2026-03-03T10:00"},
        {"dishes": "饭", "price": "12", "capacity": "-1", "orders_close_at": "2026-03-03T10:00"},
        {"dishes": "饭", "price": "12", "capacity": "30", "orders_close_at": "not a time"},
        {"dishes": "饭", "price": "12", "capacity": "30", "orders_close_at": "2026-03-05T10:00"},
    ],
)
def test_bad_input_on_the_edit_page_changes_nothing(client, lunch, cook, data):
    client.force_login(cook)
    response = client.post(f"/bookings/canteen/menus/{lunch.pk}/edit/", data)
    assert response.status_code == 200
    menu = Menu.objects.get()
    assert (menu.dishes, menu.price_fen, menu.capacity) == ("红烧鱼、炒青菜、米饭", 1500, 50)


def test_bad_week_and_bad_copy_input_are_not_a_500(client, canteen, cook):
    client.force_login(cook)
    assert client.get(PAGE, {"week": "garbage", "provider": "x"}).status_code == 200
    response = client.post(
        "/bookings/canteen/menus/copy-week/", {"provider": canteen.pk, "week": "2026-13-45"}
    )
    assert response.status_code == 302 and not Menu.objects.exists()


def test_residents_and_other_communities_get_no_menu_pages(
    client, lunch, father, tapo_staff, baoan_staff
):
    edit = f"/bookings/canteen/menus/{lunch.pk}/edit/"
    for person in (father, baoan_staff, tapo_staff):  # tapo_staff: not the canteen's own staff
        client.force_login(person)
        assert client.get(PAGE).status_code == 404
        assert client.get(edit).status_code == 404
        assert client.post("/bookings/canteen/menus/copy-week/", {}).status_code == 404


def test_another_canteens_cook_cannot_open_this_menu(client, tree, lunch, baoan_staff):
    from bookings.models import Provider

    other = services.provider_create(
        actor=baoan_staff,
        name="保安长者饭堂",
        kind=Provider.Kind.CANTEEN,
        node=tree["保安社区"]["community"],
        places=[tree["保安社区"]["community"]],
    )
    other_cook = UserFactory()
    services.provider_staff_add(actor=baoan_staff, provider=other, user=other_cook)
    client.force_login(other_cook)
    assert client.get(f"/bookings/canteen/menus/{lunch.pk}/edit/").status_code == 404
    page = client.get(PAGE, {"provider": lunch.provider_id, "week": "2026-03-02"})
    assert page.status_code == 200 and "红烧鱼" not in page.content.decode()


def test_the_week_page_stays_flat(client, canteen, cook):
    days = iter(range(9, 16))

    def grow():
        for _ in range(2):
            day = dt.date(2026, 3, next(days))
            _lunch(canteen, cook, day)
            _lunch(canteen, cook, day, meal="dinner")

    grow()
    client.force_login(cook)
    # session, user, the canteens worked, delivery shifts (form choices), the week's menus
    assert_flat(client, PAGE, grow, {"week": "2026-03-09"})


def test_a_new_menu_cannot_close_its_orders_after_its_day(canteen, cook):
    code = _code(
        lambda: _lunch(
            canteen,
            cook,
            dt.date(2026, 3, 3),
            orders_close_at=dt.datetime(2026, 3, 4, 0, 1, tzinfo=TZ),
        )
    )
    assert code == "bad_cutoff" and not Menu.objects.exists()
