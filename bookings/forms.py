import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bookings.dates import OUTSIDE_YEARS, within_years
from core.widgets import DateInput, TimeInput
from volunteers.models import Team


class BookingForm(forms.Form):
    day = forms.DateField(label=pgettext_lazy("venue booking", "Day"), widget=DateInput())
    start = forms.TimeField(label=pgettext_lazy("venue booking", "From"), widget=TimeInput())
    end = forms.TimeField(label=pgettext_lazy("venue booking", "Until"), widget=TimeInput())
    purpose = forms.CharField(label=_("What for"), max_length=200)
    attendees = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=10000)
    team = forms.ModelChoiceField(
        label=pgettext_lazy("venue booking", "Booked for"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("Myself"),
    )

    def __init__(self, *args, teams=(), **kwargs):
        """`teams`: the volunteer teams the user leads; without any, no choice is shown."""
        super().__init__(*args, **kwargs)
        teams = list(teams)
        if teams:
            self.fields["team"].queryset = Team.objects.filter(pk__in=[team.pk for team in teams])
        else:
            del self.fields["team"]

    def times(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The booked interval as aware datetimes in the portal's time zone."""
        day = self.cleaned_data["day"]
        tz = timezone.get_current_timezone()
        return (
            datetime.datetime.combine(day, self.cleaned_data["start"], tzinfo=tz),
            datetime.datetime.combine(day, self.cleaned_data["end"], tzinfo=tz),
        )


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class MonthForm(forms.Form):
    month = forms.DateField(
        label=pgettext_lazy("venue booking", "Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def clean_month(self) -> datetime.date:
        month = self.cleaned_data["month"]
        if not within_years(month):
            raise forms.ValidationError(OUTSIDE_YEARS)
        return month


def month_chosen(query) -> tuple[MonthForm, datetime.date]:
    """The month box of a report page and the month it asks for (the first day).

    Shown with this month filled in, so the box never looks empty on a first visit; a month
    missing or not valid reads as this month (the form shows the error).
    """
    this_month = timezone.localdate().replace(day=1)
    form = MonthForm(query or None, initial={"month": this_month})
    month = form.cleaned_data["month"] if form.is_valid() else this_month
    return form, month
