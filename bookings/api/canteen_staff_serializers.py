"""Serializers of the canteen's staff API: the week's menus, the sheets, deliveries, the
counter, the elders registered for the subsidy and the month's report.

Meal, mode and status go out as plain strings (documented in help_text): enums named after
them would collide with other apps' enums of the same names.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.masking import name_in_full
from bookings.api.dates import reasonable_day
from bookings.models import Diner, Meal, MealOrder, Menu

MAX_PRICE_FEN = 100_000  # 1,000 yuan, as the pages' forms allow
MAX_CAPACITY = 100_000
MAX_BUDGET_FEN = 10_000_000_000  # 100 million yuan, as the budget page allows


class CanteenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class StaffMenuSerializer(serializers.ModelSerializer):
    """A menu as its canteen's staff see it: what is ordered and whether orders are open."""

    canteen = serializers.CharField(source="provider.name", read_only=True)
    provider_id = serializers.IntegerField(read_only=True)
    meal = serializers.CharField(read_only=True, help_text="lunch or dinner")
    left = serializers.IntegerField(read_only=True, help_text="Meals still to be ordered")
    delivery_shift = serializers.IntegerField(
        source="delivery_shift_id",
        read_only=True,
        allow_null=True,
        help_text="The volunteer shift delivering the meals (none: the canteen's staff)",
    )
    open = serializers.SerializerMethodField(help_text="Orders are still taken (and it can change)")

    class Meta:
        model = Menu
        fields = [
            "id",
            "canteen",
            "provider_id",
            "day",
            "meal",
            "dishes",
            "price_fen",
            "capacity",
            "ordered",
            "left",
            "orders_close_at",
            "delivers",
            "delivery_shift",
            "open",
        ]
        read_only_fields = fields

    def get_open(self, menu) -> bool:
        return menu.orders_close_at > timezone.now()


class PlanDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    menus = StaffMenuSerializer(many=True)


class WeekPlanSerializer(serializers.Serializer):
    canteen = CanteenSerializer(help_text="The canteen shown")
    canteens = CanteenSerializer(many=True, help_text="Every canteen the user works for")
    week = serializers.DateField(help_text="Its Monday")
    previous = serializers.DateField()
    next = serializers.DateField()
    days = PlanDaySerializer(many=True, help_text="Monday to Sunday")


class PlanQuerySerializer(serializers.Serializer):
    provider = serializers.IntegerField(
        required=False, min_value=1, help_text="One of the user's canteens (the first when absent)"
    )
    week = serializers.DateField(
        required=False,
        validators=[reasonable_day],
        help_text="Any day of the week (next week when absent)",
    )


class CanteenQuerySerializer(serializers.Serializer):
    provider = serializers.IntegerField(
        required=False, min_value=1, help_text="One of the user's canteens (the first when absent)"
    )


class MenuCreateSerializer(serializers.Serializer):
    provider = serializers.IntegerField(
        required=False, min_value=1, help_text="One of the user's canteens (the first when absent)"
    )
    day = serializers.DateField(validators=[reasonable_day])
    meal = serializers.ChoiceField(choices=Meal.choices)
    dishes = serializers.CharField(max_length=500)
    price_fen = serializers.IntegerField(min_value=0, max_value=MAX_PRICE_FEN)
    capacity = serializers.IntegerField(min_value=1, max_value=MAX_CAPACITY)
    delivers = serializers.BooleanField(default=True)
    delivery_shift = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="One of the upcoming volunteer shifts where the canteen serves",
    )
    orders_close_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text="The place's usual cut-off when absent (10:00 on the day for lunch)",
    )


class MenuUpdateSerializer(serializers.Serializer):
    """A change while orders are open; what is left out stays as it is."""

    dishes = serializers.CharField(required=False, max_length=500)
    price_fen = serializers.IntegerField(required=False, min_value=0, max_value=MAX_PRICE_FEN)
    capacity = serializers.IntegerField(required=False, min_value=1, max_value=MAX_CAPACITY)
    orders_close_at = serializers.DateTimeField(required=False)
    delivers = serializers.BooleanField(required=False)


class CopyWeekSerializer(serializers.Serializer):
    provider = serializers.IntegerField(
        required=False, min_value=1, help_text="One of the user's canteens (the first when absent)"
    )
    week = serializers.DateField(
        required=False,
        validators=[reasonable_day],
        help_text="Any day of the week to fill (next week when absent)",
    )


class WeekCopySerializer(serializers.Serializer):
    created = StaffMenuSerializer(many=True)
    skipped = serializers.IntegerField(
        help_text="Meals left alone: already there, or their orders would be closed"
    )


# --- the sheets ------------------------------------------------------------------------------


class CountLineSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="The note, or the grid ('' for a home without one)")
    count = serializers.IntegerField()


class KitchenSheetSerializer(serializers.Serializer):
    menu = StaffMenuSerializer()
    dine_in = serializers.IntegerField()
    delivery = serializers.IntegerField()
    total = serializers.IntegerField()
    notes = serializers.SerializerMethodField(help_text="Each note for the kitchen, counted")
    grids = serializers.SerializerMethodField(help_text="Meals to deliver per grid")

    @extend_schema_field(CountLineSerializer(many=True))
    def get_notes(self, sheet):
        return [{"label": note, "count": count} for note, count in sheet.notes]

    @extend_schema_field(CountLineSerializer(many=True))
    def get_grids(self, sheet):
        return [{"label": grid, "count": count} for grid, count in sheet.grids]


class RouteStopSerializer(serializers.Serializer):
    order_id = serializers.IntegerField()
    name = serializers.CharField(help_text="The elder, as the deliverer asks for them")
    phone = serializers.CharField(help_text="Masked; the counter has the number")
    address = serializers.CharField()
    due_fen = serializers.IntegerField(help_text="Left to pay (price less subsidy)")
    note = serializers.CharField()
    status = serializers.CharField(help_text="ordered, delivered or not_home (served: dine-in)")


class RouteSheetSerializer(serializers.Serializer):
    grid = serializers.CharField(help_text="'' for homes outside any grid")
    stops = RouteStopSerializer(many=True)


class RoundSerializer(serializers.Serializer):
    """One meal's delivery round: the menu and its route sheets, one per grid."""

    menu = StaffMenuSerializer()
    sheets = RouteSheetSerializer(many=True)


class DeliveryMarkSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=[("delivered", _("Delivered")), ("not_home", _("Nobody at home"))]
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class HourRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    minutes_claimed = serializers.IntegerField()
    status = serializers.CharField(help_text="pending until the team leader verifies it")


# --- subsidy registration and the month ------------------------------------------------------


class DinerSerializer(serializers.ModelSerializer):
    user_id = serializers.IntegerField(read_only=True)
    name = serializers.SerializerMethodField()
    community = serializers.CharField(source="node.name", read_only=True)
    status = serializers.CharField(
        read_only=True, help_text="none, living_alone, low_income or disabled"
    )

    class Meta:
        model = Diner
        fields = ["id", "user_id", "name", "community", "birth_year", "status", "registered_at"]
        read_only_fields = fields

    def get_name(self, diner) -> str:
        return name_in_full(diner.user)


class DinerRegisterSerializer(serializers.Serializer):
    login = serializers.CharField(max_length=50, help_text="The elder's mobile number or email")
    birth_year = serializers.IntegerField(min_value=1900, max_value=2100)
    status = serializers.ChoiceField(choices=Diner.Status.choices, default=Diner.Status.NONE)


class DayLineSerializer(serializers.Serializer):
    canteen = serializers.CharField(source="provider")
    day = serializers.DateField()
    meals = serializers.IntegerField()
    dine_in = serializers.IntegerField()
    delivered = serializers.IntegerField()
    not_home = serializers.IntegerField()
    subsidy_fen = serializers.IntegerField()
    paid_fen = serializers.IntegerField(help_text="Paid at the counter")


class GridLineSerializer(serializers.Serializer):
    grid = serializers.CharField()
    meals = serializers.IntegerField()
    delivery = serializers.IntegerField(help_text="Of which delivered to the home")


class BudgetLineSerializer(serializers.Serializer):
    street_id = serializers.IntegerField(source="street.pk")
    street = serializers.CharField(source="street.full_name")
    funded_fen = serializers.IntegerField(help_text="Put into the budget, all time")
    spent_month_fen = serializers.IntegerField(help_text="Subsidies of the month, less returns")
    balance_fen = serializers.IntegerField(help_text="Left in the budget now")


class CanteenReportSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="The first day of the month")
    meals = serializers.IntegerField(help_text="Meals of the month (not cancelled)")
    days = DayLineSerializer(many=True)
    grids = GridLineSerializer(many=True)
    budgets = BudgetLineSerializer(many=True)


class StaffOrderSerializer(serializers.ModelSerializer):
    """An order as the counter or the deliverer sees it after acting on it."""

    elder = serializers.SerializerMethodField(help_text="Whom the meal is for")
    mode = serializers.CharField(read_only=True, help_text="dine_in or delivery")
    status = serializers.CharField(
        read_only=True, help_text="ordered, cancelled, served, delivered or not_home"
    )
    due_fen = serializers.IntegerField(read_only=True, help_text="Left to pay at the counter")

    class Meta:
        model = MealOrder
        fields = [
            "id",
            "menu_id",
            "elder",
            "mode",
            "status",
            "price_fen",
            "subsidy_fen",
            "due_fen",
            "note",
            "paid_at",
            "handled_at",
        ]
        read_only_fields = fields

    def get_elder(self, order) -> str:
        return name_in_full(order.elder)


class BudgetFundSerializer(serializers.Serializer):
    street = serializers.IntegerField(min_value=1, help_text="A street the caller manages")
    amount_fen = serializers.IntegerField(min_value=1, max_value=MAX_BUDGET_FEN)
    key = serializers.CharField(
        max_length=64, help_text="Chosen by the client: the same key funds once (retry-safe)"
    )


class BudgetFundedSerializer(serializers.Serializer):
    posting_id = serializers.IntegerField(source="posting.pk")
    street_id = serializers.IntegerField(source="street.pk")
    amount_fen = serializers.IntegerField(source="posting.amount")
    balance_fen = serializers.IntegerField(help_text="Left in the street's budget now")
