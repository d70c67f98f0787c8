"""Forms of the party pages."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import MultiplePhotoField
from core.widgets import DateTimeInput
from party.models import PartySession, SessionAttendance


class SessionForm(forms.Form):
    """A session on the phone: what, when, where, who came, the minutes and photos."""

    kind = forms.ChoiceField(
        label=pgettext_lazy("party", "kind of session"),
        choices=PartySession.Kind.choices,
        widget=forms.RadioSelect,
    )
    held_at = forms.DateTimeField(label=_("Held at"), widget=DateTimeInput())
    venue = forms.CharField(label=pgettext_lazy("party", "Venue"), max_length=200, required=False)
    online_link = forms.URLField(
        label=_("Online link (for members who joined online)"),
        required=False,
        max_length=200,
        assume_scheme="https",
    )
    agenda = forms.CharField(
        label=_("Agenda"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.CharField(
        label=pgettext_lazy("party", "Minutes"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    photos = MultiplePhotoField(label=_("Photos (up to 9)"), required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            name = member.user.real_name or member.user.name_for_display
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=name,
                choices=SessionAttendance.Mode.choices,
                initial=SessionAttendance.Mode.IN_PERSON,
                widget=forms.RadioSelect,
            )

    def attendance(self) -> dict[int, str]:
        return {member.pk: self.cleaned_data[f"member_{member.pk}"] for member in self.members}

    def attendance_fields(self):
        return [self[f"member_{member.pk}"] for member in self.members]

    def session_fields(self):
        return [self[name] for name in ("kind", "held_at", "venue", "online_link", "agenda")]

    def closing_fields(self):
        return [self["minutes"], self["photos"]]
