"""The afternoon before the cut-off, those who usually order a meal and have none for tomorrow
are reminded: once (a doubled beat sends nothing), by SMS if they chose it, to whoever usually
orders for the elder while they still may; nobody else."""

import datetime as dt

import pytest

from bookings import services
from bookings.models import Provider
from bookings.tasks import canteen_reminders_task
from notifications.channels import channel_set
from notifications.models import ChannelPreference, Message, SmsRecord
from tests.bookings.conftest import TZ
from tests.consultations.factories import live_in
from volunteers.models import RelativeLink

pytestmark = pytest.mark.django_db
AFTERNOON = dt.datetime(2026, 3, 2, 15, 0, tzinfo=TZ)  # the beat's hour, the day before lunch


def _past_lunch(time_machine, canteen, staff, day: int, month: int = 2):
    """A lunch already served (made while it was still ahead)."""
    day = dt.date(2026, month, day)
    the_day_before = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(12, 0), tzinfo=TZ)
    time_machine.move_to(the_day_before, tick=False)
    return services.menu_create(
        actor=staff,
        provider=canteen,
        day=day,
        meal="lunch",
        dishes="白切鸡、米饭",
        price_fen=1500,
        capacity=50,
    )


def _ordered(time_machine, menu, actor, elder):
    time_machine.move_to(dt.datetime.combine(menu.day, dt.time(8, 0), tzinfo=TZ), tick=False)
    return services.meal_order_place(actor=actor, elder=elder, menu=menu, mode="delivery")


def _history(time_machine, canteen, tapo_staff, orders):
    """Orders on the weekdays of the last weeks: [(actor, elder), ...], one lunch each."""
    for index, (actor, elder) in enumerate(orders):
        menu = _past_lunch(time_machine, canteen, tapo_staff, 16 + index)
        _ordered(time_machine, menu, actor, elder)


def test_the_daughter_who_usually_orders_is_reminded_once_by_sms(
    time_machine, canteen, tapo_staff, lunch, father, daughter, django_capture_on_commit_callbacks
):
    # given: the daughter ordered two of his last three lunches and chose SMS
    _history(
        time_machine,
        canteen,
        tapo_staff,
        [(daughter, father), (father, father), (daughter, father)],
    )
    channel_set(user=daughter, channel=ChannelPreference.Channel.SMS)
    time_machine.move_to(AFTERNOON, tick=False)
    # when: the beat runs, twice
    with django_capture_on_commit_callbacks(execute=True):
        assert canteen_reminders_task() == 1
        assert canteen_reminders_task() == 0
    # then: one message to her, naming her father, the meal and the cut-off
    message = Message.objects.get()
    assert message.recipient == daughter
    assert "陈伯" in message.title and "10:00" in message.title
    assert "红烧鱼" in message.body and message.url == "/bookings/canteen/"
    assert list(SmsRecord.objects.values_list("phone", flat=True)) == [daughter.phone]


def test_an_elder_who_orders_himself_is_reminded_in_the_inbox(
    time_machine, canteen, tapo_staff, lunch, father, django_capture_on_commit_callbacks
):
    _history(time_machine, canteen, tapo_staff, [(father, father)])
    time_machine.move_to(AFTERNOON, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert canteen_reminders_task() == 1
    message = Message.objects.get()
    assert message.recipient == father and "陈伯" not in message.title
    assert not SmsRecord.objects.exists()


def test_nobody_is_reminded_who_already_ordered_for_tomorrow(
    time_machine, canteen, tapo_staff, lunch, father, daughter
):
    _history(time_machine, canteen, tapo_staff, [(daughter, father)])
    time_machine.move_to(AFTERNOON, tick=False)
    services.meal_order_place(actor=daughter, elder=father, menu=lunch, mode="delivery")
    assert canteen_reminders_task() == 0
    assert not Message.objects.filter(recipient__in=[father, daughter]).exists()


def test_an_order_cancelled_for_tomorrow_still_leaves_a_reminder(
    time_machine, canteen, tapo_staff, lunch, father
):
    _history(time_machine, canteen, tapo_staff, [(father, father)])
    time_machine.move_to(AFTERNOON, tick=False)
    order = services.meal_order_place(actor=father, elder=father, menu=lunch, mode="dine_in")
    services.meal_order_cancel(actor=father, order=order)
    assert canteen_reminders_task() == 1


def test_orders_older_than_four_weeks_do_not_count(
    time_machine, canteen, tapo_staff, lunch, father
):
    # 2 February is 28 days before 2 March: still counted; 1 February is not
    old = _past_lunch(time_machine, canteen, tapo_staff, 1, month=2)
    _ordered(time_machine, old, father, father)
    time_machine.move_to(AFTERNOON, tick=False)
    assert canteen_reminders_task() == 0
    edge = _past_lunch(time_machine, canteen, tapo_staff, 2, month=2)
    _ordered(time_machine, edge, father, father)
    time_machine.move_to(AFTERNOON, tick=False)
    assert canteen_reminders_task() == 1


def test_no_reminder_once_orders_have_closed_or_the_meals_are_gone(
    time_machine, canteen, tapo_staff, father
):
    _history(time_machine, canteen, tapo_staff, [(father, father)])
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=TZ), tick=False)
    # tomorrow's lunch closes at 14:59 today, the beat runs at 15:00
    menu = services.menu_create(
        actor=tapo_staff,
        provider=canteen,
        day=dt.date(2026, 3, 3),
        meal="lunch",
        dishes="红烧鱼",
        price_fen=1500,
        capacity=1,
        orders_close_at=dt.datetime(2026, 3, 2, 14, 59, tzinfo=TZ),
    )
    time_machine.move_to(AFTERNOON, tick=False)
    assert canteen_reminders_task() == 0
    # still open, but its one meal went to someone else
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=TZ), tick=False)
    menu.orders_close_at = dt.datetime(2026, 3, 3, 10, 0, tzinfo=TZ)
    menu.save(update_fields=["orders_close_at"])
    neighbour = live_in(canteen.node.households.first() or _any_household(canteen)).user
    services.meal_order_place(actor=neighbour, elder=neighbour, menu=menu, mode="dine_in")
    time_machine.move_to(AFTERNOON, tick=False)
    assert canteen_reminders_task() == 0


def _any_household(canteen):
    from communities.models import Household

    return Household.objects.filter(node__path__startswith=canteen.node.path).last()


def test_a_relative_no_longer_checked_is_not_reminded_the_elder_is(
    time_machine, canteen, tapo_staff, lunch, father, daughter
):
    _history(time_machine, canteen, tapo_staff, [(daughter, father), (daughter, father)])
    RelativeLink.objects.filter(user=daughter).update(status=RelativeLink.Status.PENDING)
    time_machine.move_to(AFTERNOON, tick=False)
    assert canteen_reminders_task() == 1
    assert Message.objects.get().recipient == father


def test_another_canteens_menu_does_not_remind_this_canteens_diners(
    time_machine, tree, canteen, tapo_staff, baoan_staff, father
):
    _history(time_machine, canteen, tapo_staff, [(father, father)])
    other = services.provider_create(
        actor=baoan_staff,
        name="保安长者饭堂",
        kind=Provider.Kind.CANTEEN,
        node=tree["保安社区"]["community"],
        places=[tree["保安社区"]["community"]],
    )
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=TZ), tick=False)
    services.menu_create(
        actor=baoan_staff,
        provider=other,
        day=dt.date(2026, 3, 3),
        meal="lunch",
        dishes="蒸排骨",
        price_fen=1500,
        capacity=50,
    )
    time_machine.move_to(AFTERNOON, tick=False)
    assert canteen_reminders_task() == 0
