"""Forms of the volunteers pages: plain fields, clear labels, minutes entered as hours."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Node
from core.request_keys import REQUEST_KEY_REGEX
from core.widgets import DateInput, TimeInput
from volunteers.models import RelativeLink, Team
from volunteers.services import VerifyDecision

HOURS_HELP = _("For example 1.5 for an hour and a half.")


def hours_field(label, required=True):
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0.1"),
        max_value=Decimal("24"),
        decimal_places=1,
        required=required,
        help_text=HOURS_HELP,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )


def to_minutes(hours) -> int:
    return int(round(Decimal(hours) * 60))


class RegisterForm(forms.Form):
    community = forms.ModelChoiceField(
        label=_("My community"),
        queryset=Node.objects.filter(kind=Node.Kind.COMMUNITY).order_by("path"),
        empty_label=None,
    )
    skills = forms.CharField(
        label=_("What I am good at"),
        max_length=200,
        required=False,
        help_text=_("For example: first aid, haircuts, computer help, calligraphy."),
    )
    availability = forms.CharField(
        label=_("When I can help"),
        max_length=200,
        required=False,
        help_text=_("For example: weekend mornings."),
    )
    service_areas = forms.CharField(label=_("Where I can help"), max_length=200, required=False)


class TeamFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All types")), *Team.Kind.choices], required=False
    )
    q = forms.CharField(label=_("Search"), max_length=50, required=False)


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("A word to the leader (optional)"), max_length=200, required=False
    )


class LogHoursForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, empty_label=None)
    service_date = forms.DateField(label=_("Date of service"), widget=DateInput())
    hours = hours_field(_("Hours of actual service"))
    content = forms.CharField(label=_("What I did"), max_length=200, required=False)

    def __init__(self, *args, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["service_date"].initial = timezone.localdate()


class VerifyForm(forms.Form):
    """One record's line of the leader's verification form (prefixed with the record's id)."""

    problem = ""  # why the service refused this line's decision, shown next to it

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("", _("Not now")),
            ("approve", _("Approve")),
            ("adjust", _("Change the hours")),
            ("reject", pgettext_lazy("volunteers", "Reject")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    hours = hours_field(_("Verified hours (when changing)"), required=False)
    reason = forms.CharField(
        label=_("Reason (needed to change or reject)"), max_length=200, required=False
    )

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, prefix=f"r{record.pk}", **kwargs)
        self.record = record

    @property
    def chosen(self) -> str:
        return self["decision"].value() or ""

    def to_decision(self):
        """The service's decision line, or None when the leader left the record for later."""
        data = self.cleaned_data
        if not data.get("decision"):
            return None
        hours = data.get("hours")
        return VerifyDecision(
            record=self.record,
            decision=data["decision"],
            minutes=to_minutes(hours) if hours else None,
            reason=data.get("reason", ""),
        )


class AmountForm(forms.Form):
    hours = forms.DecimalField(
        label=pgettext_lazy("volunteers", "Hours"),
        min_value=Decimal("0.5"),
        max_value=Decimal("1500"),
        decimal_places=1,
        help_text=HOURS_HELP,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )
    # A fresh key per page view (core.request_keys): a resent form moves credits once.
    request_key = forms.RegexField(regex=REQUEST_KEY_REGEX, widget=forms.HiddenInput)


class TransferForm(AmountForm):
    relative = forms.ModelChoiceField(label=_("To"), queryset=None, empty_label=None)

    def __init__(self, *args, links=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relative"].queryset = links
        self.fields["relative"].label_from_instance = lambda link: (
            f"{link.relative} ({link.get_relation_display()})"
        )
        self.order_fields(["relative", "hours"])


class RelativeForm(forms.Form):
    phone = forms.CharField(label=_("Relative's mobile number"), max_length=20)
    relation = forms.ChoiceField(label=_("Relation"), choices=RelativeLink.Relation.choices)


class HelpRequestForm(forms.Form):
    title = forms.CharField(label=_("What help do you need?"), max_length=100)
    description = forms.CharField(
        label=_("Details (when, where)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    hours = hours_field(_("Time credits you offer (hours)"))


class WishForm(forms.Form):
    title = forms.CharField(
        label=_("What do you need?"),
        max_length=100,
        help_text=_("For example: someone to fix a dripping tap, or to read the newspaper."),
    )
    description = forms.CharField(
        label=_("Details"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class WishReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("open", _("Open to all volunteers")),
            ("team", _("Dispatch to a team")),
            ("decline", _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False)
    reason = forms.CharField(label=_("Reason (to decline)"), max_length=200, required=False)

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class WishDoneForm(forms.Form):
    hours = hours_field(_("Hours spent"))
    note = forms.CharField(label=_("What was done"), max_length=200, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=pgettext_lazy("volunteers", "Reason"), max_length=200)


class ResolveForm(forms.Form):
    credit = forms.ChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Credit the hours")), ("no", _("Close without hours"))],
        widget=forms.RadioSelect,
    )
    hours = hours_field(_("Hours to credit"), required=False)
    reason = forms.CharField(label=pgettext_lazy("volunteers", "Reason"), max_length=200)


class CertificateForm(forms.Form):
    period_from = forms.DateField(label=_("From"), widget=DateInput())
    period_to = forms.DateField(label=_("Until"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["period_from"].initial = dt.date(today.year, 1, 1)
        self.fields["period_to"].initial = today


class CertificateLookupForm(forms.Form):
    number = forms.CharField(label=_("Certificate number"), max_length=32)


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


# --- organisers: projects and shifts ---------------------------------------------------------


class ProjectForm(forms.Form):
    """A project's details. `teams` are the teams the user may publish for; staff may also
    publish for a community of theirs (`places`), leaders only for their team."""

    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    node = forms.ModelChoiceField(
        label=_("Or for the community"),
        queryset=Node.objects.none(),
        required=False,
        help_text=_("Only when no team organises it."),
    )
    title = forms.CharField(label=_("Title"), max_length=100)
    description = forms.CharField(
        label=_("What volunteers will do"), widget=forms.Textarea(attrs={"rows": 4})
    )
    place = forms.CharField(label=_("Where"), max_length=200)
    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput())
    skills_wanted = forms.CharField(label=_("Skills wanted"), max_length=200, required=False)

    def __init__(self, *args, teams=None, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        if teams is None:  # editing: the organiser does not change
            del self.fields["team"], self.fields["node"]
            return
        self.fields["team"].queryset = teams
        if places is not None and places.exists():
            self.fields["node"].queryset = places
        else:
            del self.fields["node"]
            self.fields["team"].required = True
            self.fields["team"].empty_label = None

    def clean(self):
        data = super().clean()
        if "team" in self.fields and not data.get("team") and not data.get("node"):
            raise forms.ValidationError(_("Choose the team, or the community, that organises it."))
        return data


class ShiftForm(forms.Form):
    """One shift: a day, a start and end time (local), and its places."""

    day = forms.DateField(
        label=_("Date of the shift"),
        widget=DateInput(),
    )
    start = forms.TimeField(label=_("Start time"), widget=TimeInput())
    end = forms.TimeField(label=_("End time"), widget=TimeInput())
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=500,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    cancel_cutoff_hours = forms.IntegerField(
        label=_("Volunteers may cancel up to (hours before)"),
        min_value=0,
        max_value=168,
        initial=2,
    )

    def __init__(self, *args, optional=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.optional = optional
        if optional:
            for field in self.fields.values():
                field.required = False

    def is_empty(self) -> bool:
        return self.optional and not any(
            self.cleaned_data.get(name) for name in ("day", "start", "end", "capacity")
        )

    def clean(self):
        data = super().clean()
        if self.optional and any(data.get(n) for n in ("day", "start", "end", "capacity")):
            for name in ("day", "start", "end", "capacity"):
                if not data.get(name):
                    self.add_error(name, _("Please fill this in too, or leave the shift empty."))
        return data

    def spec(self) -> dict:
        day, data = self.cleaned_data["day"], self.cleaned_data
        zone = timezone.get_current_timezone()
        return {
            "starts_at": dt.datetime.combine(day, data["start"], tzinfo=zone),
            "ends_at": dt.datetime.combine(day, data["end"], tzinfo=zone),
            "capacity": data["capacity"],
            "cancel_cutoff_hours": data.get("cancel_cutoff_hours") or 0,
        }

    @classmethod
    def initial_for(cls, shift) -> dict:
        start, end = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
        return {
            "day": start.date(),
            "start": start.time(),
            "end": end.time(),
            "capacity": shift.capacity,
            "cancel_cutoff_hours": shift.cancel_cutoff_hours,
        }
