import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.widgets import DateInput

PANELS = [("places", _("Places compared")), ("equity", _("Participation equity"))]


class PeriodForm(forms.Form):
    """The period of "how are we doing"; this month so far unless chosen."""

    start = forms.DateField(label=pgettext_lazy("workbench", "From"), widget=DateInput())
    end = forms.DateField(label=pgettext_lazy("workbench", "Until"), widget=DateInput())

    @staticmethod
    def default_period() -> dict:
        today = timezone.localdate()
        return {"start": today.replace(day=1), "end": today}

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The end date is before the start date."))
            if end - start > datetime.timedelta(days=366):
                raise forms.ValidationError(_("Choose at most one year."))
        return data


class ExportForm(PeriodForm):
    panel = forms.ChoiceField(choices=PANELS)
