"""The elders' canteen (长者饭堂): menus per day, the elders registered for a subsidy, and
meal orders with dine-in or delivery.

Money is never stored here as a balance: an order keeps what it cost, what was subsidised and
what is left to pay; the movements themselves are ledger postings in fen (points.Currency.FEN)
that refer to the order (bookings/services/canteen.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bookings.models.providers import Provider
from communities.models import Household, Node


class Meal(models.TextChoices):
    LUNCH = "lunch", _("Lunch")
    DINNER = "dinner", _("Dinner")


class Menu(models.Model):
    """What one canteen serves at one meal of one day, with its price and daily capacity."""

    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        related_name="menus",
        verbose_name=pgettext_lazy("provider", "provider"),
    )
    day = models.DateField(pgettext_lazy("canteen", "day"))
    meal = models.CharField(_("meal"), max_length=8, choices=Meal.choices, default=Meal.LUNCH)
    dishes = models.TextField(_("dishes"))
    price_fen = models.PositiveIntegerField(_("price (fen)"))
    capacity = models.PositiveIntegerField(_("meals available"))
    # Kept by the services under the menu row's lock: capacity - ordered is what is left.
    ordered = models.PositiveIntegerField(_("meals ordered"), default=0, editable=False)
    orders_close_at = models.DateTimeField(_("orders close at"))
    delivers = models.BooleanField(_("delivers"), default=True)
    delivery_shift = models.ForeignKey(
        "volunteers.Shift",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delivery shift"),
        help_text=_("Volunteers with a place on this shift deliver the meals."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("canteen menu")
        verbose_name_plural = _("canteen menus")
        ordering = ["day", "meal", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "day", "meal"], name="bookings_menu_one_per_meal"
            ),
            models.CheckConstraint(
                condition=Q(ordered__lte=F("capacity")), name="bookings_menu_not_overbooked"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="bookings_menu_capacity"),
        ]

    def __str__(self):
        return f"{self.provider} {self.day} {self.get_meal_display()}"

    @property
    def left(self) -> int:
        return max(0, self.capacity - self.ordered)


class Diner(models.Model):
    """An elder registered with the community for the canteen subsidy (助餐登记).

    The year of birth and the status decide the subsidy; community staff check both. Nothing
    from the care register is read: what the canteen needs is recorded here, for this purpose.
    """

    class Status(models.TextChoices):
        NONE = "none", _("No special status")
        LIVING_ALONE = "living_alone", _("Living alone")
        LOW_INCOME = "low_income", _("Low income (低保)")
        DISABLED = "disabled", pgettext_lazy("canteen", "Disabled")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="canteen_diner",
        verbose_name=_("elder"),
    )
    node = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("community"),
        help_text=_("The community that checked the registration."),
    )
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NONE
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    registered_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("canteen diner")
        verbose_name_plural = _("canteen diners")

    def __str__(self):
        return str(self.user)


class MealOrder(models.Model):
    class Mode(models.TextChoices):
        DINE_IN = "dine_in", _("Eat at the canteen")
        DELIVERY = "delivery", _("Deliver to the home")

    class Status(models.TextChoices):
        ORDERED = "ordered", pgettext_lazy("meal order", "Ordered")
        CANCELLED = "cancelled", pgettext_lazy("meal order", "Cancelled")
        SERVED = "served", pgettext_lazy("meal order", "Served")
        DELIVERED = "delivered", pgettext_lazy("meal order", "Delivered")
        NOT_HOME = "not_home", pgettext_lazy("meal order", "Not at home")

    menu = models.ForeignKey(
        Menu, on_delete=models.PROTECT, related_name="orders", verbose_name=_("menu")
    )
    elder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="meal_orders",
        verbose_name=pgettext_lazy("canteen", "for"),
    )
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ordered by"),
    )
    mode = models.CharField(_("how"), max_length=8, choices=Mode.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ORDERED
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="+", verbose_name=_("home")
    )
    # The grid of the home, kept at ordering so route sheets group without walking the tree.
    grid = models.ForeignKey(
        Node, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("grid")
    )
    price_fen = models.PositiveIntegerField(_("price (fen)"))
    subsidy_fen = models.PositiveIntegerField(_("subsidy (fen)"), default=0)
    note = models.CharField(_("note for the kitchen"), max_length=100, blank=True)
    paid_at = models.DateTimeField(_("paid at the counter"), null=True, blank=True)
    paid_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("served or delivered by"),
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("meal order")
        verbose_name_plural = _("meal orders")
        ordering = ["menu", "pk"]
        indexes = [models.Index(fields=["menu", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["menu", "elder"],
                condition=~Q(status="cancelled"),
                name="bookings_meal_order_one_per_elder",
            ),
            models.CheckConstraint(
                condition=Q(subsidy_fen__lte=F("price_fen")),
                name="bookings_meal_order_subsidy_within_price",
            ),
        ]

    def __str__(self):
        return f"{self.menu} · {self.elder}"

    @property
    def due_fen(self) -> int:
        """What the elder pays at the counter (or on delivery): the price less the subsidy."""
        return self.price_fen - self.subsidy_fen
