"""The cases app's settings per place (registered in CasesConfig.ready()): office hours, which
count working hours and days for deadlines, and the Open311 jurisdiction_id of a street."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import Node
from communities.place_settings import PlaceSettingSpec, register_place_setting
from core.widgets import TimeInput

OFFICE_HOURS = "cases.office_hours"
OPEN311 = "cases.open311"


class OfficeHoursForm(forms.Form):
    morning_start = forms.TimeField(widget=TimeInput, label=_("morning from"))
    morning_end = forms.TimeField(widget=TimeInput, label=_("morning until"))
    afternoon_start = forms.TimeField(widget=TimeInput, label=_("afternoon from"))
    afternoon_end = forms.TimeField(widget=TimeInput, label=_("afternoon until"))

    def clean(self):
        data = super().clean()
        times = [data.get(name) for name in self.fields]
        if all(times) and not (times[0] < times[1] <= times[2] < times[3]):
            raise forms.ValidationError(_("The office hours must follow each other in order."))
        return data


def office_hours_default() -> dict:
    """The deployment's office hours: the one row staff edit in the admin (or its defaults)."""
    from cases.models import OfficeHours

    hours = OfficeHours.objects.order_by("pk").first() or OfficeHours()
    return {name: getattr(hours, name) for name in OfficeHoursForm.base_fields}


class Open311Form(forms.Form):
    jurisdiction_id = forms.CharField(
        label=_("Open311 jurisdiction_id"),
        max_length=32,
        required=False,
        help_text=_("Empty: the street's code."),
    )


def register() -> None:
    register_place_setting(
        PlaceSettingSpec(
            key=OFFICE_HOURS,
            label=_("Office hours"),
            form=OfficeHoursForm,
            default=office_hours_default,
            help_text=_("Working hours and days of case deadlines count these hours."),
        )
    )
    register_place_setting(
        PlaceSettingSpec(
            key=OPEN311,
            label=_("Open311"),
            form=Open311Form,
            default=lambda: {"jurisdiction_id": ""},
            kinds=frozenset({Node.Kind.STREET}),
        )
    )
