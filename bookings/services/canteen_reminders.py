"""The afternoon before the cut-off: a reminder to those who usually order a meal and have
none for tomorrow yet.

Who is reminded: an elder with an order (not cancelled) for a meal in the last four weeks and no
order for tomorrow, where a canteen they ordered from has tomorrow's menu still open (before
its cut-off, meals left). The message goes to whoever placed most of those orders (the elder,
a checked relative, the captain), if that person may still order for the elder; otherwise to
the elder. One reminder per elder and day (notify's dedupe key), so a doubled beat, or the
second of two menus, sends nothing more; SMS to those who chose it (important).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.contrib.auth import get_user_model
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.masking import name_in_full
from bookings.models import MealOrder, Menu
from bookings.selectors.canteen import may_order_for
from notifications.services import notify

LOOK_BACK_DAYS = 28


def reminder_key(elder_id: int, day: dt.date) -> str:
    return f"bookings:canteen:{elder_id}:{day.isoformat()}:reminder"


def canteen_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Send tomorrow's order reminders (see the module); returns how many were sent now."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    tomorrow = today + dt.timedelta(days=1)
    open_menus = list(
        Menu.objects.filter(day=tomorrow, orders_close_at__gt=now, ordered__lt=F("capacity"))
        .select_related("provider")
        .order_by("orders_close_at", "pk")
    )
    if not open_menus:
        return 0
    menu_of_provider: dict[int, Menu] = {}
    for menu in open_menus:
        menu_of_provider.setdefault(menu.provider_id, menu)
    ordered_tomorrow = (
        MealOrder.objects.filter(menu__day=tomorrow)
        .exclude(status=MealOrder.Status.CANCELLED)
        .values("elder_id")
    )
    recent = (
        MealOrder.objects.filter(
            menu__provider_id__in=list(menu_of_provider),
            menu__day__gte=today - dt.timedelta(days=LOOK_BACK_DAYS),
            menu__day__lte=today,
        )
        .exclude(status=MealOrder.Status.CANCELLED)
        .exclude(elder_id__in=ordered_tomorrow)
        .order_by("-menu__day", "-pk")
        .values_list("elder_id", "ordered_by_id", "menu__provider_id")
    )
    orderers: dict[int, Counter] = defaultdict(Counter)
    provider_of_elder: dict[int, int] = {}
    for elder_id, ordered_by_id, provider_id in recent:
        orderers[elder_id][ordered_by_id] += 1
        provider_of_elder.setdefault(elder_id, provider_id)  # the most recent canteen
    people = get_user_model().objects.in_bulk(
        {*orderers, *(user_id for counts in orderers.values() for user_id in counts)}
    )
    sent = 0
    for elder_id, counts in orderers.items():
        elder = people[elder_id]
        recipient = people[counts.most_common(1)[0][0]]
        if recipient != elder and not may_order_for(recipient, elder):
            recipient = elder
        menu = menu_of_provider[provider_of_elder[elder_id]]
        sent += _remind(recipient=recipient, elder=elder, menu=menu, day=tomorrow)
    return sent


def _remind(*, recipient, elder, menu: Menu, day: dt.date) -> int:
    values = {
        "meal": menu.get_meal_display(),
        "time": timezone.localtime(menu.orders_close_at).strftime("%H:%M"),
        "elder": name_in_full(elder),
    }
    if recipient == elder:
        title = _("No %(meal)s ordered for tomorrow yet: orders close at %(time)s") % values
    else:
        title = (
            _("No %(meal)s ordered for %(elder)s tomorrow yet: orders close at %(time)s") % values
        )
    body = _("%(canteen)s serves tomorrow: %(dishes)s") % {
        "canteen": menu.provider.name,
        "dishes": menu.dishes,
    }
    notified = notify(
        recipient,
        title=title,
        body=body,
        url=reverse("bookings:canteen"),
        category="bookings",
        important=True,
        dedupe_key=reminder_key(elder.pk, day),
    )
    return int(notified.created)
