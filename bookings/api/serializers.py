from rest_framework import serializers

from accounts.masking import name_in_full
from bookings.models import MealOrder, Menu


class MenuSerializer(serializers.ModelSerializer):
    canteen = serializers.CharField(source="provider.name", read_only=True)
    # Plain strings in the schema: enums named "meal", "mode" and "status" would collide
    # with other apps' enums of the same names.
    meal = serializers.CharField(read_only=True, help_text="lunch or dinner")
    left = serializers.IntegerField(read_only=True, help_text="Meals still to be ordered")

    class Meta:
        model = Menu
        fields = [
            "id",
            "canteen",
            "day",
            "meal",
            "dishes",
            "price_fen",
            "capacity",
            "left",
            "orders_close_at",
            "delivers",
        ]
        read_only_fields = fields


class MealOrderSerializer(serializers.ModelSerializer):
    menu = MenuSerializer(read_only=True)
    elder = serializers.SerializerMethodField(help_text="Whom the meal is for")
    mode = serializers.CharField(read_only=True, help_text="dine_in or delivery")
    status = serializers.CharField(
        read_only=True, help_text="ordered, cancelled, served, delivered or not_home"
    )
    due_fen = serializers.IntegerField(read_only=True, help_text="Left to pay at the counter")
    paid = serializers.SerializerMethodField()

    class Meta:
        model = MealOrder
        fields = [
            "id",
            "menu",
            "elder",
            "mode",
            "status",
            "price_fen",
            "subsidy_fen",
            "due_fen",
            "note",
            "paid",
            "created_at",
        ]
        read_only_fields = fields

    def get_elder(self, order) -> str:
        return name_in_full(order.elder)

    def get_paid(self, order) -> bool:
        return order.paid_at is not None


class MenuQuerySerializer(serializers.Serializer):
    for_user = serializers.IntegerField(
        required=False, min_value=1, help_text="A relative's user id (default: yourself)"
    )


class OrderInputSerializer(serializers.Serializer):
    menu = serializers.IntegerField(min_value=1)
    elder = serializers.IntegerField(
        required=False, min_value=1, help_text="Whom to order for (default: yourself)"
    )
    mode = serializers.ChoiceField(choices=MealOrder.Mode.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
