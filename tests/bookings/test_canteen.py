"""The elders' canteen: who may order for whom, the cut-off and capacity at their edges, and
the subsidy postings against the street's budget."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from bookings import services
from bookings.models import Diner, MealOrder, Menu, Provider
from bookings.services.canteen import budget_account, provider_account
from communities.models import Post
from points.models import Posting
from points.selectors.ledger import ledger_verify
from tests.accounts.factories import UserFactory
from tests.bookings.conftest import TZ
from tests.communities.factories import appoint
from tests.consultations.factories import live_in

pytestmark = pytest.mark.django_db


def _elder(household, staff, birth_year=1950, status=Diner.Status.NONE):
    user = live_in(household).user
    services.diner_register(actor=staff, user=user, birth_year=birth_year, status=status)
    return user


def _refusal(call) -> str:
    with pytest.raises(ValidationError) as refusal:
        call()
    return refusal.value.code


def test_a_daughter_orders_lunch_for_her_father_with_delivery(funded, lunch, father, daughter):
    order = services.meal_order_place(actor=daughter, elder=father, menu=lunch, mode="delivery")
    # 82 years old: 5 yuan, living alone: 2 yuan more; he pays 8 of the 15 yuan.
    assert (order.price_fen, order.subsidy_fen, order.due_fen) == (1500, 700, 800)
    assert order.grid.kind == "grid" and order.ordered_by == daughter
    entry = AuditEntry.objects.get(action="bookings.meal_order_for")
    assert entry.actor == daughter
    assert entry.details["for_user"] == father.pk and entry.details["by_user"] == daughter.pk
    posting = Posting.objects.get(key=f"canteen:order:{order.pk}:subsidy")
    assert posting.debit == budget_account(lunch.provider.node.street)
    assert posting.credit == provider_account(lunch.provider) and posting.amount == 700
    lunch.refresh_from_db()
    assert lunch.ordered == 1


def test_a_neighbour_may_not_order_for_him_but_his_captain_may(tapo, lunch, father):
    neighbour = live_in(tapo["households"][1]).user
    assert (
        _refusal(
            lambda: services.meal_order_place(
                actor=neighbour, elder=father, menu=lunch, mode="dine_in"
            )
        )
        == "not_allowed"
    )
    captain = appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]).user
    order = services.meal_order_place(actor=captain, elder=father, menu=lunch, mode="dine_in")
    assert order.ordered_by == captain


def test_a_canteen_does_not_serve_another_communitys_elder(tree, lunch, baoan_staff):
    elder = _elder(tree["保安社区"]["households"][0], baoan_staff)
    code = _refusal(
        lambda: services.meal_order_place(actor=elder, elder=elder, menu=lunch, mode="dine_in")
    )
    assert code == "not_served"


@pytest.mark.parametrize(
    "instant, allowed",
    [
        (datetime.datetime(2026, 3, 3, 9, 59, 59, tzinfo=TZ), True),
        (datetime.datetime(2026, 3, 3, 10, 0, 0, tzinfo=TZ), False),
    ],
)
def test_orders_close_at_ten_on_the_day(time_machine, lunch, father, instant, allowed):
    time_machine.move_to(instant, tick=False)
    if allowed:
        services.meal_order_place(actor=father, elder=father, menu=lunch, mode="dine_in")
    else:
        code = _refusal(
            lambda: services.meal_order_place(
                actor=father, elder=father, menu=lunch, mode="dine_in"
            )
        )
        assert code == "closed"


def test_cancelling_stops_at_the_cut_off_and_gives_the_subsidy_back(
    time_machine, funded, lunch, father, daughter
):
    street = lunch.provider.node.street
    before = budget_account(street).balance
    first = services.meal_order_place(actor=daughter, elder=father, menu=lunch, mode="delivery")
    time_machine.move_to(datetime.datetime(2026, 3, 3, 9, 59, tzinfo=TZ), tick=False)
    services.meal_order_cancel(actor=daughter, order=first)
    assert budget_account(street).balance == before
    lunch.refresh_from_db()
    assert lunch.ordered == 0
    second = services.meal_order_place(actor=daughter, elder=father, menu=lunch, mode="delivery")
    time_machine.move_to(datetime.datetime(2026, 3, 3, 10, 0, tzinfo=TZ), tick=False)
    assert _refusal(lambda: services.meal_order_cancel(actor=daughter, order=second)) == "closed"


def test_the_last_meal_goes_and_the_next_is_sold_out(canteen, tapo, tapo_staff):
    menu = services.menu_create(
        actor=tapo_staff,
        provider=canteen,
        day=datetime.date(2026, 3, 3),
        meal="lunch",
        dishes="饺子",
        price_fen=1000,
        capacity=2,
    )
    elders = [_elder(household, tapo_staff) for household in tapo["households"][:3]]
    for elder in elders[:2]:
        services.meal_order_place(actor=elder, elder=elder, menu=menu, mode="dine_in")
    assert (
        _refusal(
            lambda: services.meal_order_place(
                actor=elders[2], elder=elders[2], menu=menu, mode="dine_in"
            )
        )
        == "full"
    )
    services.meal_order_cancel(actor=elders[0], order=MealOrder.objects.get(elder=elders[0]))
    services.meal_order_place(actor=elders[2], elder=elders[2], menu=menu, mode="dine_in")
    assert Menu.objects.get(pk=menu.pk).ordered == 2


def test_one_order_per_elder_and_meal(lunch, father, daughter):
    services.meal_order_place(actor=father, elder=father, menu=lunch, mode="dine_in")
    code = _refusal(
        lambda: services.meal_order_place(actor=daughter, elder=father, menu=lunch, mode="dine_in")
    )
    assert code == "already_ordered"


@pytest.mark.parametrize(
    "birth_year, status, subsidy",
    [
        (1970, Diner.Status.NONE, 0),  # 56: no subsidy
        (1965, Diner.Status.NONE, 300),  # 61
        (1955, Diner.Status.LOW_INCOME, 600),  # 71 + 低保
        (1940, Diner.Status.DISABLED, 700),  # 86 + disabled
    ],
)
def test_the_subsidy_follows_age_and_status(
    tapo, tapo_staff, funded, lunch, birth_year, status, subsidy
):
    elder = _elder(tapo["households"][2], tapo_staff, birth_year, status)
    order = services.meal_order_place(actor=elder, elder=elder, menu=lunch, mode="dine_in")
    assert order.subsidy_fen == subsidy


def test_an_unregistered_elder_pays_the_full_price(tapo, funded, lunch):
    elder = live_in(tapo["households"][3]).user
    order = services.meal_order_place(actor=elder, elder=elder, menu=lunch, mode="dine_in")
    assert order.subsidy_fen == 0 and order.due_fen == 1500


def test_an_empty_budget_subsidises_nothing_more(tree, street_staff, lunch, father):
    services.subsidy_budget_fund(
        actor=street_staff, street=tree["street"], amount_fen=500, key="small"
    )
    order = services.meal_order_place(actor=father, elder=father, menu=lunch, mode="dine_in")
    assert order.subsidy_fen == 500 and budget_account(tree["street"]).balance == 0


def test_subsidy_postings_sum_to_the_budgets_movement(
    tapo, tapo_staff, street_staff, funded, lunch, father, daughter
):
    street = lunch.provider.node.street
    start = budget_account(street).balance
    orders = [services.meal_order_place(actor=daughter, elder=father, menu=lunch, mode="delivery")]
    for household, year in zip(tapo["households"][1:4], (1940, 1950, 1960), strict=True):
        elder = _elder(household, tapo_staff, year)
        orders.append(
            services.meal_order_place(actor=elder, elder=elder, menu=lunch, mode="dine_in")
        )
    services.meal_order_cancel(actor=orders[1].elder, order=orders[1])
    cook = UserFactory()
    services.provider_staff_add(actor=tapo_staff, provider=lunch.provider, user=cook)
    services.meal_order_pay(actor=cook, order=orders[2])
    services.meal_order_pay(actor=cook, order=orders[2])  # a second tap records nothing more
    budget = budget_account(street)
    postings = Posting.objects.filter(key__startswith="canteen:order:")
    out = sum(p.amount for p in postings if p.debit_id == budget.pk)
    back = sum(p.amount for p in postings if p.credit_id == budget.pk)
    assert start - budget.balance == out - back
    live = MealOrder.objects.exclude(status="cancelled")
    assert out - back == sum(order.subsidy_fen for order in live)
    paid = Posting.objects.get(key=f"canteen:order:{orders[2].pk}:paid")
    assert paid.amount == orders[2].due_fen
    assert ledger_verify().ok


def test_only_the_canteens_staff_record_payments(lunch, father, daughter):
    order = services.meal_order_place(actor=father, elder=father, menu=lunch, mode="dine_in")
    assert _refusal(lambda: services.meal_order_pay(actor=daughter, order=order)) == "not_allowed"


def test_staff_of_another_community_cannot_publish_the_canteens_menu(canteen, baoan_staff):
    code = _refusal(
        lambda: services.menu_create(
            actor=baoan_staff,
            provider=canteen,
            day=datetime.date(2026, 3, 4),
            meal="lunch",
            dishes="面",
            price_fen=800,
            capacity=10,
        )
    )
    assert code == "not_allowed"


def test_a_clinic_publishes_no_menu(tapo, tapo_staff):
    clinic = services.provider_create(
        actor=tapo_staff,
        name="塔坡诊所",
        kind=Provider.Kind.CLINIC,
        node=tapo["community"],
        places=[tapo["community"]],
    )
    code = _refusal(
        lambda: services.menu_create(
            actor=tapo_staff,
            provider=clinic,
            day=datetime.date(2026, 3, 4),
            meal="lunch",
            dishes="面",
            price_fen=800,
            capacity=10,
        )
    )
    assert code == "not_canteen"
