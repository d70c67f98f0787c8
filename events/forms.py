"""Forms of the events pages; they validate input, the services decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.masking import name_in_full
from core.forms import MultiplePhotoField
from core.widgets import DateTimeInput
from events.models import Event
from events.recurrence import exdates_validate


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search activities"), required=False, max_length=50)


class RegisterForm(forms.Form):
    members = forms.MultipleChoiceField(
        label=_("Also register from my household"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    birth_year = forms.IntegerField(
        label=_("Your year of birth"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("Only asked because this activity has an age limit."),
    )

    def __init__(self, *args, members=(), ask_birth_year=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.member_users = {str(m.pk): m for m in members}
        if members:
            self.fields["members"].choices = [(str(m.pk), name_in_full(m)) for m in members]
        else:
            del self.fields["members"]
        if ask_birth_year:
            self.fields["birth_year"].required = True
        else:
            del self.fields["birth_year"]

    def selected_members(self) -> list:
        return [self.member_users[pk] for pk in self.cleaned_data.get("members", [])]


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How was it?"),
        coerce=int,
        choices=[(i, "★" * i) for i in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything to add? (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("How it went"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    photos = MultiplePhotoField(label=_("Photos (up to 9)"), required=False)


class TopicScheduleForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput())
    place = forms.CharField(label=_("Where"), max_length=200)
    capacity = forms.IntegerField(label=_("Places"), required=False, min_value=1)


class CancelSessionForm(forms.Form):
    reason = forms.CharField(label=_("Why is it cancelled?"), max_length=300)


class EventAdminForm(forms.ModelForm):
    """The admin's event form: skipped dates typed as text, checked like the service does."""

    exdates_text = forms.CharField(
        label=_("Skipped dates"),
        required=False,
        help_text=_("Dates without the activity, e.g. 2026-10-06, 2027-02-06."),
    )

    class Meta:
        model = Event
        fields = [
            "node",
            "kind",
            "title",
            "description",
            "place",
            "organiser_user",
            "organiser_unit",
            "organiser_name",
            "starts_at",
            "ends_at",
            "rrule",
            "lunar_month",
            "lunar_day",
            "repeat_until",
            "capacity",
            "min_age",
            "residents_only",
            "party_members_only",
            "open_to_all",
            "registration_opens_days",
            "registration_closes_hours",
            "cancel_cutoff_hours",
            "reminder_offsets",
            "points_for_attendance",
            "cover",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["exdates_text"].initial = ", ".join(self.instance.exdates or [])

    def clean_exdates_text(self):
        return exdates_validate(self.cleaned_data.get("exdates_text", ""))

    def _post_clean(self):
        super()._post_clean()
        from events.services import event_validate

        self.instance.exdates = self.cleaned_data.get("exdates_text", [])
        if self.errors or self.instance.node_id is None:
            return
        try:
            event_validate(self.instance)
        except ValidationError as error:
            self.add_error(None, error)

    def save(self, commit=True):
        self.instance.exdates = self.cleaned_data.get("exdates_text", [])
        return super().save(commit=commit)
