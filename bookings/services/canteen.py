"""The elders' canteen: menus, orders (also placed for an elder by a relative or captain),
cancellation before the cut-off, the counter, and delivery.

Money moves as ledger postings in fen (points.Currency.FEN), each keyed by the order:

    canteen:order:<id>:subsidy   street budget  -> canteen    the subsidy, at ordering
    canteen:order:<id>:cancel    (its reversal)               cancelled before the cut-off
    canteen:order:<id>:paid      counter cash   -> canteen    the rest, paid at the counter

so a street's budget account moves by exactly the subsidies of its elders' orders
(`verify_ledger` checks every balance). Lock order: the menu row, then the budget account,
then (inside posting_create) the accounts by id.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from bookings.models import Diner, MealOrder, Menu, Provider
from bookings.place_settings import CANTEEN
from bookings.selectors.canteen import home_of, may_order_for, may_work_menu
from bookings.selectors.providers import provider_is_staff, provider_managed_by, provider_serves
from communities.acting import act_for_record
from communities.models import Household, Node
from communities.place_settings import place_setting
from communities.scoping import scope_for_user
from points.models import Account, Currency, Posting
from points.services.ledger import posting_create, posting_reverse, system_account

FUNDING = "canteen:funding"
COUNTER = "canteen:counter"


def refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def budget_code(street: Node) -> str:
    return f"canteen:budget:{street.code}"


def budget_account(street: Node) -> Account:
    """The street's subsidy budget in fen (a system account, funded by subsidy_budget_fund)."""
    return system_account(budget_code(street), Currency.FEN, f"{street.name} 助餐补贴")


def provider_account(provider: Provider) -> Account:
    return system_account(provider.account_code, Currency.FEN, provider.name)


# --- menus -----------------------------------------------------------------------------------


def day_end(day: dt.date) -> dt.datetime:
    """The last instant orders for a meal of `day` may close: midnight at the day's end."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


@transaction.atomic
def menu_create(
    *,
    actor,
    provider: Provider,
    day: dt.date,
    meal: str,
    dishes: str,
    price_fen: int,
    capacity: int,
    delivers: bool = True,
    delivery_shift=None,
    orders_close_at: dt.datetime | None = None,
) -> Menu:
    """The canteen's staff (or the staff looking after it) publish a meal of a day. Orders
    close at the place's cut-off for that meal (10:00 for lunch by default) unless given."""
    if provider.kind != Provider.Kind.CANTEEN:
        raise refuse(_("Only a canteen publishes menus."), "not_canteen")
    if not (
        provider_is_staff(user=actor, provider=provider) or provider_managed_by(actor, provider)
    ):
        raise refuse(_("Only the canteen's staff can publish its menus."), "not_allowed")
    if price_fen < 0 or capacity < 1 or not (dishes or "").strip():
        raise refuse(_("Give the dishes, a price and at least one meal."), "invalid_menu")
    if delivery_shift is not None and not provider_serves(provider, delivery_shift.project.node):
        raise refuse(
            _("Choose a delivery shift of a project where the canteen serves."), "shift_outside"
        )
    if orders_close_at is None:
        setting = place_setting(provider.node, CANTEEN)
        cutoff = setting["lunch_cutoff" if meal == "lunch" else "dinner_cutoff"]
        orders_close_at = timezone.make_aware(dt.datetime.combine(day, cutoff))
    if orders_close_at <= timezone.now():
        raise refuse(_("Orders for this meal would already be closed."), "closed")
    if orders_close_at > day_end(day):
        raise refuse(
            _("Orders must close in the future and no later than the day of the meal."),
            "bad_cutoff",
        )
    try:
        with transaction.atomic():
            menu = Menu.objects.create(
                provider=provider,
                day=day,
                meal=meal,
                dishes=dishes.strip(),
                price_fen=price_fen,
                capacity=capacity,
                delivers=delivers,
                delivery_shift=delivery_shift,
                orders_close_at=orders_close_at,
                created_by=actor,
            )
    except IntegrityError as error:
        raise refuse(_("This meal already has a menu."), "menu_exists") from error
    audit_record(
        actor=actor,
        action="bookings.menu_create",
        target=menu,
        scope_path=provider.node.path,
        details={"day": day.isoformat(), "meal": meal, "capacity": capacity},
    )
    return menu


# --- diners and subsidies --------------------------------------------------------------------


@transaction.atomic
def diner_register(*, actor, user, birth_year: int, status: str = Diner.Status.NONE) -> Diner:
    """Community staff record an elder's year of birth and status (the subsidy's basis)."""
    household = home_of(user)
    if household is None:
        raise refuse(_("This person has no registered home."), "no_home")
    community = household.node.community or household.node
    if not scope_for_user(actor).manages(household.node):
        raise refuse(_("Only staff of the elder's community can register them."), "not_allowed")
    if status not in Diner.Status.values:
        raise refuse(_("Choose a status."), "invalid_status")
    this_year = timezone.localdate().year
    if not 1900 <= birth_year <= this_year:
        raise refuse(_("Give a real year of birth."), "invalid_birth_year")
    diner, _created = Diner.objects.update_or_create(
        user=user,
        defaults={
            "node": community,
            "birth_year": birth_year,
            "status": status,
            "registered_by": actor,
        },
    )
    audit_record(
        actor=actor,
        action="bookings.diner_register",
        target=diner,
        scope_path=community.path,
        details={"user": user.pk},
    )
    return diner


def subsidy_for(*, elder, household: Household, menu: Menu) -> int:
    """The subsidy of one meal in fen: the amount of the elder's age band plus the extra of
    their status, as set for their place, capped at the price. None without a registration."""
    diner = Diner.objects.filter(user=elder).first()
    if diner is None:
        return 0
    setting = place_setting(household.node, CANTEEN)
    age = menu.day.year - diner.birth_year
    if age >= 80:
        amount = setting["age_80_fen"]
    elif age >= 70:
        amount = setting["age_70_fen"]
    elif age >= 60:
        amount = setting["age_60_fen"]
    else:
        return 0
    extra = {
        Diner.Status.LIVING_ALONE: "living_alone_fen",
        Diner.Status.LOW_INCOME: "low_income_fen",
        Diner.Status.DISABLED: "disabled_fen",
    }.get(diner.status)
    if extra:
        amount += setting[extra]
    return min(amount, menu.price_fen)


@transaction.atomic
def subsidy_budget_fund(*, actor, street: Node, amount_fen: int, key: str) -> Posting:
    """Street staff record money allotted to the street's canteen subsidies (once per key)."""
    if street.kind != Node.Kind.STREET or not scope_for_user(actor).manages(street):
        raise refuse(_("Only the street's staff can fund its budget."), "not_allowed")
    if amount_fen <= 0:
        raise refuse(_("Give a positive amount."), "invalid_amount")
    posting = posting_create(
        debit=system_account(FUNDING, Currency.FEN, "助餐补贴拨款"),
        credit=budget_account(street),
        amount=amount_fen,
        key=f"canteen:budget:{street.code}:{key}",
        reason=_("Canteen subsidy budget"),
        actor=actor,
    )
    audit_record(
        actor=actor,
        action="bookings.subsidy_budget_fund",
        target=posting,
        scope_path=street.path,
        details={"amount_fen": amount_fen},
    )
    return posting


# --- orders ----------------------------------------------------------------------------------


@transaction.atomic
def meal_order_place(*, actor, elder, menu: Menu, mode: str, note: str = "") -> MealOrder:
    """Order a meal for `elder` (the actor themself, or acting for them: 代办).

    Refused (ValidationError with a code) when: the actor may not order for the elder
    (not_allowed), the canteen does not serve the elder's home (not_served), orders have
    closed (closed), the elder already has this meal (already_ordered), or it is sold out
    (full). The menu row's lock makes the last place go to exactly one of two racing orders.
    """
    household = home_of(elder)
    if household is None:
        raise refuse(_("This person has no registered home to deliver to."), "no_home")
    if not may_order_for(actor, elder, household):
        raise refuse(_("You cannot order meals for this person."), "not_allowed")
    if mode not in MealOrder.Mode.values:
        raise refuse(_("Choose dine-in or delivery."), "invalid_mode")
    menu = Menu.objects.select_for_update().select_related("provider__node").get(pk=menu.pk)
    if not provider_serves(menu.provider, household.node):
        raise refuse(_("This canteen does not serve your home."), "not_served")
    if mode == MealOrder.Mode.DELIVERY and not menu.delivers:
        raise refuse(_("This meal is not delivered; choose dine-in."), "no_delivery")
    if timezone.now() >= menu.orders_close_at:
        raise refuse(_("Orders for this meal have closed."), "closed")
    if MealOrder.objects.filter(menu=menu, elder=elder).exclude(status="cancelled").exists():
        raise refuse(_("This meal is already ordered for this person."), "already_ordered")
    if menu.ordered >= menu.capacity:
        raise refuse(_("This meal is sold out."), "full")
    street = household.node.street
    budget = Account.objects.select_for_update().get(pk=budget_account(street).pk)
    subsidy = min(subsidy_for(elder=elder, household=household, menu=menu), max(0, budget.balance))
    grid = household.node.grid
    order = MealOrder.objects.create(
        menu=menu,
        elder=elder,
        ordered_by=actor,
        mode=mode,
        household=household,
        grid=grid,
        price_fen=menu.price_fen,
        subsidy_fen=subsidy,
        note=(note or "").strip()[:100],
    )
    Menu.objects.filter(pk=menu.pk).update(ordered=F("ordered") + 1)
    if subsidy:
        posting_create(
            debit=budget,
            credit=provider_account(menu.provider),
            amount=subsidy,
            key=f"canteen:order:{order.pk}:subsidy",
            reason=_("Meal subsidy"),
            source=order,
            actor=actor,
        )
    act_for_record(
        actor=actor,
        person=elder,
        action="bookings.meal_order",
        target=order,
        scope_path=household.node.path,
        details={"subsidy_fen": subsidy},
    )
    return order


def _locked_order(order: MealOrder) -> MealOrder:
    return (
        MealOrder.objects.select_for_update(of=("self",))
        .select_related("menu__provider__node", "household__node", "elder")
        .get(pk=order.pk)
    )


@transaction.atomic
def meal_order_cancel(*, actor, order: MealOrder) -> MealOrder:
    """Cancel before the cut-off (by whoever may order for the elder); the subsidy goes back
    to the budget by a reversing posting and the place is free again."""
    order = _locked_order(order)
    if not may_order_for(actor, order.elder, order.household):
        raise refuse(_("You cannot change this order."), "not_allowed")
    if order.status != MealOrder.Status.ORDERED:
        raise refuse(_("This order can no longer be cancelled."), "not_open")
    if timezone.now() >= order.menu.orders_close_at:
        raise refuse(_("Orders for this meal have closed; call the canteen."), "closed")
    Menu.objects.select_for_update().filter(pk=order.menu_id).update(ordered=F("ordered") - 1)
    order.status = MealOrder.Status.CANCELLED
    order.save(update_fields=["status"])
    subsidy = Posting.objects.filter(key=f"canteen:order:{order.pk}:subsidy").first()
    if subsidy is not None:
        posting_reverse(
            posting=subsidy,
            key=f"canteen:order:{order.pk}:cancel",
            reason=_("Meal cancelled"),
            actor=actor,
        )
    act_for_record(
        actor=actor,
        person=order.elder,
        action="bookings.meal_order_cancel",
        target=order,
        scope_path=order.household.node.path,
    )
    return order


@transaction.atomic
def meal_order_pay(*, actor, order: MealOrder) -> MealOrder:
    """The counter records that the rest of the price was paid (once; a repeat does nothing)."""
    order = _locked_order(order)
    if not may_work_menu(actor, order.menu):
        raise refuse(_("Only the canteen's staff record payments."), "not_allowed")
    if order.status == MealOrder.Status.CANCELLED:
        raise refuse(_("This order was cancelled."), "cancelled")
    if order.paid_at is not None:
        return order
    if order.due_fen:
        posting_create(
            debit=system_account(COUNTER, Currency.FEN, "饭堂柜台收款"),
            credit=provider_account(order.menu.provider),
            amount=order.due_fen,
            key=f"canteen:order:{order.pk}:paid",
            reason=_("Meal paid at the counter"),
            source=order,
            actor=actor,
        )
    order.paid_at, order.paid_to = timezone.now(), actor
    order.save(update_fields=["paid_at", "paid_to"])
    audit_record(
        actor=actor,
        action="bookings.meal_order_pay",
        target=order,
        scope_path=order.household.node.path,
        details={"due_fen": order.due_fen},
    )
    return order


@transaction.atomic
def meal_order_serve(*, actor, order: MealOrder) -> MealOrder:
    """The counter hands a dine-in meal over."""
    order = _locked_order(order)
    if not may_work_menu(actor, order.menu):
        raise refuse(_("Only the canteen's staff serve meals."), "not_allowed")
    if order.status != MealOrder.Status.ORDERED or order.mode != MealOrder.Mode.DINE_IN:
        raise refuse(_("This order is not waiting at the counter."), "not_open")
    order.status = MealOrder.Status.SERVED
    order.handled_by, order.handled_at = actor, timezone.now()
    order.save(update_fields=["status", "handled_by", "handled_at"])
    audit_record(
        actor=actor,
        action="bookings.meal_serve",
        target=order,
        scope_path=order.household.node.path,
    )
    return order
