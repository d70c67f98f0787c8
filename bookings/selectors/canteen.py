"""Reads of the elders' canteen: who may order for whom, menus, orders, and the sheets.

The kitchen and route sheets read flat rows (values()) in a fixed number of queries whatever
the day's count, so 5,000 orders print in well under the 2 s the issue asks (bench/).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.masking import mask_phone, name_in_full
from bookings.models import Diner, MealOrder, Menu, Provider
from bookings.selectors.providers import (
    provider_is_staff,
    provider_managed_by,
    provider_scope,
    providers_for_staff,
    providers_of_user,
)
from communities.acting import may_act_for
from communities.models import Household
from communities.selectors import households_of_user
from volunteers.models import Shift
from volunteers.selectors.shifts import signup_of
from volunteers.selectors.timebank import verified_relatives


def people_to_book_for(user) -> list:
    """Whom the user books or orders for from their phone: themself, then their checked
    relatives (the canteen's and the appointments' pages both start from this list)."""
    relatives = [link.relative for link in verified_relatives(user)]
    return [user, *(person for person in relatives if person.pk != user.pk)]


def person_chosen(people: list, wanted: str):
    """The person `?for=` names among `people`, the first when it names no one; someone not
    in the list is a 404 (no telling whether the account exists)."""
    if not (wanted or "").isdigit():
        return people[0]
    chosen = next((person for person in people if person.pk == int(wanted)), None)
    if chosen is None:
        raise Http404
    return chosen


def home_of(elder) -> Household | None:
    """The household a meal is delivered to: the elder's first approved home."""
    return households_of_user(elder).first()


def is_relative(actor, elder) -> bool:
    """A spouse or direct relative recorded by either of the two and checked (volunteers)."""
    return (
        verified_relatives(actor).filter(relative=elder).exists()
        or verified_relatives(elder).filter(relative=actor).exists()
    )


def may_order_for(actor, elder, household: Household | None = None) -> bool:
    """The elder themself, a checked relative, or a captain or staff member whose scope holds
    the elder's home (代办: the order then records both people)."""
    if not actor.is_authenticated:
        return False
    # The portal's one acting-for rule (communities.acting), and the canteen's own addition:
    # a checked relative may order for an elder living elsewhere.
    if may_act_for(actor=actor, person=elder):
        return True
    return is_relative(actor, elder)


def diner_of(user) -> Diner | None:
    return Diner.objects.filter(user=user).first()


def may_work_menu(user, menu: Menu) -> bool:
    """The canteen's own staff, or staff looking after the canteen's place."""
    return provider_is_staff(user=user, provider=menu.provider) or provider_managed_by(
        user, menu.provider
    )


def may_deliver(user, menu: Menu) -> bool:
    """The canteen's staff, or a volunteer with a confirmed place on the menu's delivery shift."""
    if may_work_menu(user, menu):
        return True
    if menu.delivery_shift_id is None:
        return False
    signup = signup_of(user, menu.delivery_shift)
    return signup is not None and signup.status == "confirmed"


def menus_open_for(household: Household, *, since: dt.date) -> QuerySet[Menu]:
    """Menus from `since` on of the canteens serving the home (nearest day first)."""
    return (
        Menu.objects.filter(
            provider__is_active=True,
            provider__kind=Provider.Kind.CANTEEN,
            provider__places__code__in=household.node.lineage_codes,
            day__gte=since,
        )
        .select_related("provider")
        .distinct()
        .order_by("day", "meal", "pk")
    )


def orders_for_user(user) -> QuerySet[MealOrder]:
    """Orders for the user and those they placed for someone else, newest first."""
    return (
        MealOrder.objects.filter(Q(elder=user) | Q(ordered_by=user))
        .select_related("menu__provider", "elder", "household__node")
        .order_by("-menu__day", "-pk")
    )


def order_get_for_user(*, user, pk: int) -> MealOrder:
    """An order the user placed or is for them, or one of a canteen they work (else 404)."""
    order = (
        MealOrder.objects.select_related("menu__provider__node", "elder", "household__node")
        .filter(pk=pk)
        .first()
    )
    if order is None:
        raise Http404
    if user.pk in (order.elder_id, order.ordered_by_id) or may_deliver(user, order.menu):
        return order
    raise Http404


def menu_get_for_worker(*, user, pk: int) -> Menu:
    menu = Menu.objects.select_related("provider__node", "delivery_shift").filter(pk=pk).first()
    if menu is None or not may_deliver(user, menu):
        raise Http404
    return menu


def menus_of_provider(provider: Provider, *, since: dt.date) -> QuerySet[Menu]:
    return provider.menus.filter(day__gte=since).order_by("day", "meal", "pk")


def menus_delivered_by(user, *, since: dt.date, until: dt.date | None = None) -> QuerySet[Menu]:
    """The rounds a user delivers from `since` on (to `until`): the menus of the delivery
    shifts they hold a confirmed place on, and those of the canteens they work for."""
    mine = Menu.objects.filter(
        day__gte=since,
        delivery_shift__signups__user=user,
        delivery_shift__signups__status="confirmed",
    )
    worked = Menu.objects.filter(day__gte=since, provider__in=providers_of_user(user))
    menus = mine | worked
    if until is not None:
        menus = menus.filter(day__lte=until)
    return menus.select_related("provider").distinct().order_by("day", "meal", "pk")


def menus_for_staff(user, *, since: dt.date) -> QuerySet[Menu]:
    """Menus from `since` on of the canteens in a staff member's scope (404 for anyone
    else): the workbench's list leading to each meal's sheets."""
    providers = providers_for_staff(user=user, kind=Provider.Kind.CANTEEN)
    return (
        Menu.objects.filter(provider__in=providers, day__gte=since)
        .select_related("provider")
        .order_by("day", "provider__name", "meal", "pk")
    )


def counter_waiting(menus) -> QuerySet[MealOrder]:
    """The dine-in orders of `menus` at the counter: still to serve first, then served."""
    return (
        MealOrder.objects.filter(menu__in=menus, mode=MealOrder.Mode.DINE_IN)
        .exclude(status=MealOrder.Status.CANCELLED)
        .select_related("elder", "menu__provider")
        .order_by("status", "pk")
    )


def diners_in(scope) -> QuerySet[Diner]:
    """The elders registered for the subsidy in a staff member's scope (reading them is
    audited by the caller: the statuses are sensitive)."""
    return scope.filter(Diner.objects.select_related("user", "node"), "node").order_by(
        "node__path", "user__real_name", "pk"
    )


# --- the sheets ------------------------------------------------------------------------------


@dataclass
class KitchenSheet:
    menu: Menu
    dine_in: int = 0
    delivery: int = 0
    notes: list[tuple[str, int]] = field(default_factory=list)
    grids: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.dine_in + self.delivery


LIVE = (MealOrder.Status.ORDERED, MealOrder.Status.SERVED, MealOrder.Status.DELIVERED)
LIVE_STATUSES = (*LIVE, MealOrder.Status.NOT_HOME)


def kitchen_sheet(menu: Menu) -> KitchenSheet:
    """How many meals to cook: by dine-in and delivery, each special note and each grid."""
    orders = MealOrder.objects.filter(menu=menu, status__in=LIVE_STATUSES).order_by()
    sheet = KitchenSheet(menu=menu)
    for mode, count in orders.values_list("mode").annotate(n=Count("pk")):
        if mode == MealOrder.Mode.DINE_IN:
            sheet.dine_in = count
        else:
            sheet.delivery = count
    sheet.notes = list(
        orders.exclude(note="").values_list("note").annotate(n=Count("pk")).order_by("-n", "note")
    )
    grids = (
        orders.filter(mode=MealOrder.Mode.DELIVERY)
        .values_list("grid__full_name")
        .annotate(n=Count("pk"))
        .order_by("grid__full_name")
    )
    sheet.grids = [(name or "", count) for name, count in grids]
    return sheet


@dataclass
class RouteStop:
    order_id: int
    name: str
    phone: str
    address: str
    due_fen: int
    note: str
    status: str


@dataclass
class RouteSheet:
    grid: str
    stops: list[RouteStop]


def route_sheets(menu: Menu) -> list[RouteSheet]:
    """One sheet per grid: the deliveries in address order, with the name the deliverer asks
    for and a masked phone (the canteen's counter has the number if it must call)."""
    rows = (
        MealOrder.objects.filter(menu=menu, mode=MealOrder.Mode.DELIVERY, status__in=LIVE_STATUSES)
        .order_by("grid__path", "household__node__path", "household__room", "pk")
        .values_list(
            "pk",
            "grid__full_name",
            "elder__real_name",
            "elder__display_name",
            "elder__phone",
            "household__node__full_name",
            "household__room",
            "price_fen",
            "subsidy_fen",
            "note",
            "status",
        )
    )
    sheets: dict[str, list[RouteStop]] = defaultdict(list)
    for pk, grid, real, display, phone, place, room, price, subsidy, note, status in rows:
        person = _Person(real_name=real, display_name=display, phone=phone)
        sheets[grid or ""].append(
            RouteStop(
                order_id=pk,
                name=name_in_full(person),
                phone=mask_phone(phone),
                address=f"{place} {room}".strip(),
                due_fen=price - subsidy,
                note=note,
                status=status,
            )
        )
    return [RouteSheet(grid=grid, stops=stops) for grid, stops in sheets.items()]


@dataclass
class _Person:
    real_name: str
    display_name: str
    phone: str


def delivery_shifts_for(provider: Provider) -> QuerySet[Shift]:
    """Upcoming volunteer shifts of projects at the places the canteen serves (the choices
    of a menu's delivery shift)."""
    shifts = Shift.objects.filter(status=Shift.Status.SCHEDULED, ends_at__gt=timezone.now())
    return (
        provider_scope(provider)
        .filter(shifts, "project__node")
        .select_related("project")
        .order_by("starts_at", "pk")
    )
