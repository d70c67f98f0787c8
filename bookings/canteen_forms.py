"""Forms of the canteen pages: an order (for whom, how), a menu, a delivery's outcome."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bookings.models import Diner, Meal, MealOrder
from communities.models import Node
from core.widgets import DateInput
from volunteers.models import Shift


class OrderForm(forms.Form):
    elder = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    mode = forms.ChoiceField(
        label=_("How will the meal be eaten?"),
        choices=MealOrder.Mode.choices,
        widget=forms.RadioSelect,
        initial=MealOrder.Mode.DINE_IN,
    )
    note = forms.CharField(
        label=_("Note for the kitchen (soft rice, no spice …)"), max_length=100, required=False
    )


class MenuForm(forms.Form):
    day = forms.DateField(label=pgettext_lazy("canteen", "Day"), widget=DateInput())
    meal = forms.ChoiceField(
        label=_("Meal"), choices=Meal.choices, widget=forms.RadioSelect, initial=Meal.LUNCH
    )
    dishes = forms.CharField(label=_("Dishes"), max_length=500)
    price = forms.DecimalField(
        label=_("Price (yuan)"),
        min_value=Decimal("0"),
        max_value=Decimal("1000"),
        decimal_places=2,
    )
    capacity = forms.IntegerField(label=_("Meals available"), min_value=1, max_value=100000)
    delivers = forms.BooleanField(label=_("Delivered to homes too"), required=False, initial=True)
    delivery_shift = forms.ModelChoiceField(
        label=_("Volunteer delivery shift"),
        queryset=Shift.objects.none(),
        required=False,
        help_text=_("Volunteers with a place on this shift deliver the meals and see the routes."),
    )

    def __init__(self, *args, shifts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if shifts is not None:
            self.fields["delivery_shift"].queryset = shifts

    def price_fen(self) -> int:
        return int(self.cleaned_data["price"] * 100)


class DeliveryForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[("delivered", _("Delivered")), ("not_home", _("Nobody at home"))]
    )


class DinerForm(forms.Form):
    login = forms.CharField(label=_("The elder's mobile number"), max_length=50)
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1900, max_value=2100)
    status = forms.ChoiceField(
        label=_("Status (decides the extra subsidy)"),
        choices=Diner.Status.choices,
        widget=forms.RadioSelect,
        initial=Diner.Status.NONE,
    )


class BudgetForm(forms.Form):
    street = forms.ModelChoiceField(label=_("Street"), queryset=Node.objects.none())
    amount = forms.DecimalField(
        label=_("Amount (yuan)"),
        min_value=Decimal("0.01"),
        max_value=Decimal("100000000"),
        decimal_places=2,
    )
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, streets=None, **kwargs):
        super().__init__(*args, **kwargs)
        if streets is not None:
            self.fields["street"].queryset = streets

    def amount_fen(self) -> int:
        return int(self.cleaned_data["amount"] * 100)
