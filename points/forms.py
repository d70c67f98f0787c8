from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.widgets import DateInput
from points.models import Currency


class HistoryFilterForm(forms.Form):
    currency = forms.ChoiceField(
        label=pgettext_lazy("points", "Kind"),
        required=False,
        choices=[("", _("Points and service time")), *Currency.choices],
    )
    date_from = forms.DateField(
        label=pgettext_lazy("points", "From"),
        required=False,
        widget=DateInput(),
    )
    date_to = forms.DateField(
        label=pgettext_lazy("points", "To"),
        required=False,
        widget=DateInput(),
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError(_("The start date must not be after the end date."))
        return data

    def filters(self) -> dict:
        """The valid filters (an invalid form filters nothing rather than failing the page)."""
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class StockEditForm(forms.ModelForm):
    """An admin form for a row with a `stock` that wins take from while the page is open.

    Saving applies what staff changed (the number typed minus the number shown) to the stock
    as it is then, never below zero: a page opened before three prizes were won does not put
    the three back when it is saved. List `stock_shown` in the admin's fields.
    """

    stock_shown = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["stock_shown"].initial = self.instance.stock

    def save(self, commit=True):
        shown = self.cleaned_data.get("stock_shown")
        if self.instance.pk is not None and shown is not None:
            change = self.instance.stock - shown
            self.instance.stock = Greatest(F("stock") + change, Value(0))
        return super().save(commit)
