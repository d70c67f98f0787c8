from django import forms
from django.core.exceptions import ValidationError
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
