"""Staff forms: an event with its recurrence picker and reminder choices, and topic menus.

They check input and show the services' refusals as form errors; the services decide.
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Node
from core.widgets import DateInput, DateTimeInput
from events import picker, recurrence
from events.models import Event
from events.picker import Repeat

EVENT_PLACE_KINDS = [Node.Kind.STREET, Node.Kind.COMMUNITY, Node.Kind.GRID, Node.Kind.COMPOUND]


class EventForm(forms.ModelForm):
    repeat = forms.ChoiceField(
        label=_("Repeats"),
        choices=picker.Repeat.choices,
        initial=picker.Repeat.ONCE,
        widget=forms.RadioSelect,
    )
    weekdays = forms.MultipleChoiceField(
        label=_("On these days of the week"),
        choices=picker.WEEKDAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    month_day = forms.IntegerField(
        label=_("On this day of the month"), required=False, min_value=1, max_value=31
    )
    month_weeks = forms.MultipleChoiceField(
        label=_("On these weeks of the month"),
        choices=picker.WEEK_NUMBERS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    month_weekday = forms.ChoiceField(
        label=_("On this weekday"), choices=picker.WEEKDAYS, required=False
    )
    lunar_festival = forms.ChoiceField(
        label=_("Lunar festival"),
        choices=[("", _("Another lunar date (below)")), *picker.LUNAR_FESTIVALS],
        required=False,
    )
    custom_rule = forms.CharField(
        label=_("Custom rule"),
        required=False,
        max_length=200,
        help_text=_("Only for rules the choices above cannot say, e.g. FREQ=YEARLY;BYMONTH=3."),
    )
    exdates_text = forms.CharField(
        label=_("Skipped dates"),
        required=False,
        help_text=_("Dates without the activity, e.g. 2026-10-06, 2027-02-06."),
    )
    reminders = forms.TypedMultipleChoiceField(
        label=_("Remind the registered people"),
        choices=picker.REMINDER_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Event
        fields = [
            "node",
            "kind",
            "title",
            "description",
            "place",
            "organiser_name",
            "starts_at",
            "ends_at",
            "repeat_until",
            "lunar_month",
            "lunar_day",
            "capacity",
            "min_age",
            "residents_only",
            "party_members_only",
            "open_to_all",
            "registration_opens_days",
            "registration_closes_hours",
            "cancel_cutoff_hours",
            "points_for_attendance",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "repeat_until": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"starts_at": _("First session starts"), "ends_at": _("First session ends")}

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = scope.managed_places(EVENT_PLACE_KINDS)
        self.fields["node"].label_from_instance = lambda node: node.full_name
        self.fields["lunar_month"].widget.attrs.update(min=1, max=12)
        self.fields["lunar_day"].widget.attrs.update(min=1, max=30)
        event = self.instance
        offsets = event.reminder_offsets if event.pk else Event().reminder_offsets
        # An offset set through the API that the list lacks stays offered, so it is not lost.
        known = {value for value, _label in picker.REMINDER_CHOICES}
        extra = [(o, _("%(minutes)d minutes before") % {"minutes": o}) for o in offsets]
        self.fields["reminders"].choices = picker.REMINDER_CHOICES + [
            choice for choice in extra if choice[0] not in known
        ]
        if not self.is_bound:
            self.initial["reminders"] = list(offsets or [])
            if event.pk:
                self.initial.update(picker.picker_initial(rrule=event.rrule, lunar=event.lunar))
                self.initial["exdates_text"] = ", ".join(event.exdates or [])

    def clean_exdates_text(self):
        return recurrence.exdates_validate(self.cleaned_data.get("exdates_text", ""))

    def clean(self):
        data = super().clean()
        repeat = data.get("repeat")
        needs = {
            Repeat.WEEKLY: ("weekdays", _("Tick at least one day of the week.")),
            Repeat.MONTHLY_DAY: ("month_day", _("Give the day of the month.")),
            Repeat.MONTHLY_WEEKDAY: ("month_weeks", _("Tick at least one week of the month.")),
            Repeat.CUSTOM: ("custom_rule", _("Type the rule, or choose one of the repeats above.")),
        }
        if repeat in needs and not data.get(needs[repeat][0]):
            self.add_error(needs[repeat][0], needs[repeat][1])
        if repeat == Repeat.MONTHLY_WEEKDAY and not data.get("month_weekday"):
            self.add_error("month_weekday", _("Choose the weekday."))
        if repeat == Repeat.LUNAR:
            if data.get("lunar_festival"):
                month, day = (int(part) for part in data["lunar_festival"].split("-"))
                data["lunar_month"], data["lunar_day"] = month, day
            if not data.get("lunar_month") or not data.get("lunar_day"):
                self.add_error(
                    "lunar_month", _("Choose a festival or give the lunar month and day.")
                )
        else:
            data["lunar_month"] = data["lunar_day"] = None
        if self.errors:
            return data
        data["rrule"] = picker.picker_rule(
            repeat=repeat,
            weekdays=data.get("weekdays"),
            month_day=data.get("month_day"),
            month_weeks=data.get("month_weeks"),
            month_weekday=data.get("month_weekday"),
            custom=data.get("custom_rule", ""),
        )
        if data.get("starts_at") and data.get("ends_at"):
            if repeat == Repeat.LUNAR:
                self._move_to_first_lunar_date(data)
            elif data["rrule"]:
                self._move_to_first_rule_date(data)
        return data

    def _move_to_first_rule_date(self, data) -> None:
        """RFC 5545 counts DTSTART as the first session whether or not the rule matches it; the
        first session is moved to the rule's first date so calendar apps and the portal agree."""
        try:
            rule = recurrence.rule_validate(data["rrule"])
        except ValidationError as error:
            self.add_error("custom_rule" if data["repeat"] == Repeat.CUSTOM else "repeat", error)
            return
        starts = timezone.localtime(data["starts_at"])
        found = recurrence.occurrence_starts(
            first_start=starts,
            rule=rule,
            exdates=[],
            until=None,
            window_start=starts,
            window_end=starts + dt.timedelta(days=800),
        )
        if found:
            shift = found[0] - starts
            data["starts_at"] += shift
            data["ends_at"] += shift

    def _move_to_first_lunar_date(self, data) -> None:
        """A lunar activity's first session is the festival on or after the date given."""
        starts = timezone.localtime(data["starts_at"])
        first = recurrence.lunar_first_on_or_after(
            month=data["lunar_month"], day=data["lunar_day"], date=starts.date()
        )
        if first is None:
            self.add_error("lunar_day", _("This lunar date does not occur in the next years."))
            return
        shift = dt.timedelta(days=(first - starts.date()).days)
        data["starts_at"] += shift
        data["ends_at"] += shift

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        from events.services import event_validate

        event = self.instance
        event.rrule = self.cleaned_data.get("rrule", "")
        event.exdates = self.cleaned_data.get("exdates_text", [])
        event.reminder_offsets = list(self.cleaned_data.get("reminders") or [])
        try:
            event_validate(event)
        except ValidationError as error:
            self.add_error(None, error)


class EventCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the activity cancelled?"),
        max_length=300,
        help_text=_("Everyone registered or waiting is told this."),
    )


class SessionVenueForm(forms.Form):
    venue = forms.ModelChoiceField(
        label=_("Venue"),
        queryset=None,
        required=False,
        empty_label=_("No venue"),
        help_text=_("Booked for the session's time; the venue's other bookings must not overlap."),
    )

    def __init__(self, *args, venues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = venues


class TopicMenuForm(forms.Form):
    node = forms.ModelChoiceField(label=_("Place"), queryset=Node.objects.none())
    title = forms.CharField(label=_("Title"), max_length=100)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_open = forms.BooleanField(label=_("Open for residents' votes"), required=False, initial=True)
    new_topics = forms.CharField(
        label=_("Topics to add"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One topic a line; a speaker after a “|”, e.g. 垃圾分类知识 | 区城管局 李老师."
        ),
    )

    def __init__(self, *args, scope, menu=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = scope.managed_places(EVENT_PLACE_KINDS)
        self.fields["node"].label_from_instance = lambda node: node.full_name
        if menu is not None:
            # A menu stays at its place (its votes came from the residents there).
            del self.fields["node"]

    def clean_new_topics(self) -> list[tuple[str, str]]:
        topics = []
        for number, line in enumerate(self.cleaned_data["new_topics"].splitlines(), start=1):
            title, _bar, speaker = line.partition("|")
            if not title.strip():
                continue
            if len(title.strip()) > 100 or len(speaker.strip()) > 100:
                raise ValidationError(
                    _("Line %(number)d is too long: at most 100 characters a topic or speaker.")
                    % {"number": number}
                )
            topics.append((title.strip(), speaker.strip()))
        return topics
