"""Forms of a coming session (announced to the members) and of its attendance once held."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.widgets import DateTimeInput
from party.models import PartySession, SessionAttendance


class ScheduleForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("party", "kind of session"),
        choices=PartySession.Kind.choices,
        widget=forms.RadioSelect,
    )
    held_at = forms.DateTimeField(label=_("Held at"), widget=DateTimeInput())
    venue = forms.CharField(label=pgettext_lazy("party", "Venue"), max_length=200, required=False)
    online_link = forms.URLField(
        label=_("Online link (云上支部, for mobile members)"),
        required=False,
        max_length=200,
        assume_scheme="https",
    )
    agenda = forms.CharField(
        label=_("Agenda"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AttendanceForm(forms.Form):
    """Who came, member by member (in person, online, absent), and the minutes."""

    minutes = forms.CharField(
        label=pgettext_lazy("party", "Minutes"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, members=(), modes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        modes = modes or {}
        for member in self.members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=member.user.real_name or member.user.name_for_display,
                choices=SessionAttendance.Mode.choices,
                initial=modes.get(member.pk, SessionAttendance.Mode.IN_PERSON),
                widget=forms.RadioSelect,
            )

    def attendance(self) -> dict[int, str]:
        return {member.pk: self.cleaned_data[f"member_{member.pk}"] for member in self.members}

    def attendance_fields(self):
        return [self[f"member_{member.pk}"] for member in self.members]
