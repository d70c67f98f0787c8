"""The canteen's menus after publishing: changing one, and copying a week's menus to the next.

Publishing itself is `canteen.menu_create` (its rules apply to every copy). A menu is changed
under its row's lock, the same lock orders take, so the capacity can never drop below what
is ordered meanwhile.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from bookings.models import Menu, Provider
from bookings.selectors.providers import may_run_provider
from bookings.services.canteen import day_end, menu_create, refuse


def week_start(day: dt.date) -> dt.date:
    """The Monday of the day's week."""
    return day - dt.timedelta(days=day.weekday())


@transaction.atomic
def menu_update(
    *,
    actor,
    menu: Menu,
    dishes: str,
    price_fen: int,
    capacity: int,
    orders_close_at: dt.datetime,
    delivers: bool,
) -> Menu:
    """Change a menu while orders are open. Refused: not the canteen's staff (not_allowed),
    orders already closed (closed), no dishes or a bad price or capacity (invalid_menu), a
    capacity below the meals ordered (below_ordered), a new price once meals are ordered
    (price_locked: each order keeps its price and subsidy), a cut-off past or after the day
    (bad_cutoff)."""
    menu = Menu.objects.select_for_update().select_related("provider__node").get(pk=menu.pk)
    if not may_run_provider(actor, menu.provider):
        raise refuse(_("Only the canteen's staff can change its menus."), "not_allowed")
    now = timezone.now()
    if menu.orders_close_at <= now:
        raise refuse(
            _("Orders for this meal have closed; the menu can no longer change."), "closed"
        )
    dishes = (dishes or "").strip()
    if not dishes or price_fen < 0 or capacity < 1:
        raise refuse(_("Give the dishes, a price and at least one meal."), "invalid_menu")
    if capacity < menu.ordered:
        raise refuse(
            _("%(n)s meals are already ordered; the capacity cannot be lower.")
            % {"n": menu.ordered},
            "below_ordered",
        )
    if price_fen != menu.price_fen and menu.ordered:
        raise refuse(
            _("Meals are already ordered at the old price; the price can no longer change."),
            "price_locked",
        )
    if not now < orders_close_at <= day_end(menu.day):
        raise refuse(
            _("Orders must close in the future and no later than the day of the meal."),
            "bad_cutoff",
        )
    before = {
        "dishes": menu.dishes,
        "price_fen": menu.price_fen,
        "capacity": menu.capacity,
        "orders_close_at": menu.orders_close_at.isoformat(),
        "delivers": menu.delivers,
    }
    menu.dishes, menu.price_fen, menu.capacity = dishes, price_fen, capacity
    menu.orders_close_at, menu.delivers = orders_close_at, delivers
    menu.save(update_fields=["dishes", "price_fen", "capacity", "orders_close_at", "delivers"])
    after = {
        "dishes": dishes,
        "price_fen": price_fen,
        "capacity": capacity,
        "orders_close_at": orders_close_at.isoformat(),
        "delivers": delivers,
    }
    audit_record(
        actor=actor,
        action="bookings.menu_update",
        target=menu,
        scope_path=menu.provider.node.path,
        details={key: [before[key], after[key]] for key in after if before[key] != after[key]},
    )
    return menu


@dataclass
class WeekCopy:
    created: list[Menu] = field(default_factory=list)
    skipped: int = 0  # a menu already there, or its orders would already be closed


@transaction.atomic
def menus_copy_week(*, actor, provider: Provider, week: dt.date) -> WeekCopy:
    """Copy the menus of the week before `week` (any day of it) into that week: same meals,
    dishes, price, capacity and cut-off time, seven days on. Days that already have that meal
    are left alone, as are meals whose orders would already be closed; volunteer delivery
    shifts are not copied (a shift is for one day). Refused for anyone but the canteen's
    staff (not_allowed), and when the week before has no menus (nothing_to_copy)."""
    if not may_run_provider(actor, provider):
        raise refuse(_("Only the canteen's staff can change its menus."), "not_allowed")
    start = week_start(week)
    sources = list(
        provider.menus.filter(day__gte=start - dt.timedelta(days=7), day__lt=start).order_by(
            "day", "meal", "pk"
        )
    )
    if not sources:
        raise refuse(_("The week before has no menus to copy."), "nothing_to_copy")
    result = WeekCopy()
    for source in sources:
        try:
            # A savepoint each: one refused copy leaves the others.
            with transaction.atomic():
                copy = menu_create(
                    actor=actor,
                    provider=provider,
                    day=source.day + dt.timedelta(days=7),
                    meal=source.meal,
                    dishes=source.dishes,
                    price_fen=source.price_fen,
                    capacity=source.capacity,
                    delivers=source.delivers,
                    orders_close_at=source.orders_close_at + dt.timedelta(days=7),
                )
        except ValidationError as error:
            if error.code not in ("menu_exists", "closed", "bad_cutoff"):
                raise
            result.skipped += 1
        else:
            result.created.append(copy)
    audit_record(
        actor=actor,
        action="bookings.menus_copy_week",
        target=provider,
        scope_path=provider.node.path,
        details={
            "week": start.isoformat(),
            "created": [menu.pk for menu in result.created],
            "skipped": result.skipped,
        },
    )
    return result
