"""Delivering the canteen's meals: staff or volunteers on the menu's delivery shift mark each
home delivered or not at home. A volunteer's first mark checks them in on the shift, so their
hours go through the volunteers' own flow (check-out, then the leader's verification). Not at
home tells the captains of the elder's building at once: someone should look in."""

from __future__ import annotations

import contextlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from bookings.models import MealOrder
from bookings.selectors.canteen import may_deliver, may_work_menu
from bookings.services.canteen import refuse
from communities.models import Post
from communities.scoping import CAPTAIN_POSTS
from notifications.services import notify
from volunteers.services.shifts import signup_check_in, signup_check_out


def _captain_posts(order: MealOrder):
    """Current captains over the elder's home (building, lane or street segment)."""
    return Post.objects.filter(
        kind__in=CAPTAIN_POSTS,
        ends_on__isnull=True,
        node__code__in=order.household.node.lineage_codes,
    ).select_related("user")


@transaction.atomic
def meal_delivery_mark(*, actor, order: MealOrder, delivered: bool, note: str = "") -> MealOrder:
    """Mark a delivery: handed over, or nobody answered (the captains are told)."""
    order = (
        MealOrder.objects.select_for_update(of=("self",))
        .select_related("menu__provider__node", "menu__delivery_shift", "household__node", "elder")
        .get(pk=order.pk)
    )
    menu = order.menu
    if not may_deliver(actor, menu):
        raise refuse(
            _("Only the canteen's staff or the delivery volunteers can do that."), "not_allowed"
        )
    if order.mode != MealOrder.Mode.DELIVERY:
        raise refuse(_("This meal is eaten at the canteen."), "not_delivery")
    if order.status not in (MealOrder.Status.ORDERED, MealOrder.Status.NOT_HOME):
        raise refuse(_("This delivery is already closed."), "not_open")
    if order.status == MealOrder.Status.NOT_HOME and not delivered:
        return order  # a second "not at home" tells nobody twice
    if menu.delivery_shift_id and not may_work_menu(actor, menu):
        # Outside the shift's check-in window the delivery still counts; only the hours wait.
        with contextlib.suppress(ValidationError):
            signup_check_in(user=actor, shift=menu.delivery_shift)
    order.status = MealOrder.Status.DELIVERED if delivered else MealOrder.Status.NOT_HOME
    order.handled_by, order.handled_at = actor, timezone.now()
    order.save(update_fields=["status", "handled_by", "handled_at"])
    audit_record(
        actor=actor,
        action="bookings.meal_delivered" if delivered else "bookings.meal_not_home",
        target=order,
        scope_path=order.household.node.path,
        details={"note": note[:200]} if note else {},
    )
    if not delivered:
        address = f"{order.household.node.full_name} {order.household.room}".strip()
        for post in _captain_posts(order):
            notify(
                post.user,
                title=_("Meal not delivered: nobody answered at %(address)s")
                % {"address": address},
                body=_(
                    "%(name)s did not answer the door for the canteen's %(meal)s. Please look in."
                )
                % {"name": order.elder.name_for_display, "meal": menu.get_meal_display()},
                url=reverse("bookings:canteen_order", args=[order.pk]),
                category="bookings",
                sms=True,
                important=True,
                dedupe_key=f"bookings:not_home:{order.pk}:{post.user_id}",
            )
    return order


def delivery_round_finish(*, actor, menu):
    """A volunteer ends their round: checked out of the delivery shift, their time becomes an
    hour record for the leader to verify (the volunteers' flow; refusals come from there)."""
    if menu.delivery_shift_id is None:
        raise refuse(_("This meal has no delivery shift."), "no_shift")
    return signup_check_out(user=actor, shift=menu.delivery_shift)
