"""Forms of the canteen's menu planning page: a new menu with its own cut-off, a change."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from bookings.canteen_forms import MenuForm
from core.widgets import DateTimeInput


class MenuPlanForm(MenuForm):
    orders_close_at = forms.DateTimeField(
        label=_("Orders close at"),
        widget=DateTimeInput(),
        required=False,
        help_text=_("Leave empty for the usual cut-off (10:00 on the day for lunch)."),
    )


class MenuEditForm(forms.Form):
    dishes = forms.CharField(label=_("Dishes"), max_length=500)
    price = forms.DecimalField(
        label=_("Price (yuan)"),
        min_value=Decimal("0"),
        max_value=Decimal("1000"),
        decimal_places=2,
    )
    capacity = forms.IntegerField(label=_("Meals available"), min_value=1, max_value=100000)
    orders_close_at = forms.DateTimeField(label=_("Orders close at"), widget=DateTimeInput())
    delivers = forms.BooleanField(label=_("Delivered to homes too"), required=False)

    def price_fen(self) -> int:
        return int(self.cleaned_data["price"] * 100)


class WeekForm(forms.Form):
    week = forms.DateField(required=False)
