from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consultations.models import Consultation, CouncilMember, FollowUp, MeetingAttendance
from core.forms import MultipleFileField
from core.widgets import DateInput, DateTimeInput


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, node):
        return node.full_name


class MatterForm(forms.Form):
    node = PlaceChoiceField(label=_("Which place is it about?"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=150)
    description = forms.CharField(
        label=_("What is the matter, and what do you suggest?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    attachments = MultipleFileField(
        label=_("Photos or PDF documents (optional)"),
        required=False,
        help_text=_("Up to 5 files; photos up to 5 MB, PDF up to 10 MB."),
    )

    def __init__(self, *args, nodes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=pgettext_lazy("consultations", "Reason"), max_length=500)


class ConsultationForm(forms.Form):
    node = PlaceChoiceField(label=_("Who votes: the people of"), queryset=None, empty_label=None)
    question = forms.CharField(label=pgettext_lazy("consultations", "Question"), max_length=200)
    explanation = forms.CharField(
        label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    electorate = forms.ChoiceField(
        label=_("Who votes"), choices=Consultation.Electorate.choices, widget=forms.RadioSelect
    )
    choice_kind = forms.ChoiceField(
        label=_("Kind of answer"),
        choices=Consultation.ChoiceKind.choices,
        widget=forms.RadioSelect,
        initial=Consultation.ChoiceKind.YES_NO,
    )
    options = forms.CharField(
        label=_("Options, one per line"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Not needed for agree / disagree / abstain."),
    )
    max_choices = forms.IntegerField(label=_("Most choices per ballot"), min_value=1, initial=1)
    owner_matter = forms.ChoiceField(
        label=_("Owners' matter"),
        choices=[("", _("Not an owners' decision")), *Consultation.OwnerMatter.choices],
        required=False,
    )
    opens_at = forms.DateTimeField(label=_("Voting opens"), widget=DateTimeInput())
    closes_at = forms.DateTimeField(label=_("Voting closes"), widget=DateTimeInput())
    hide_results_until_close = forms.BooleanField(
        label=_("Hide results until the close"), required=False, initial=True
    )

    def __init__(self, *args, nodes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes

    def clean_options(self):
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]


class PaperBallotForm(forms.Form):
    voter = forms.IntegerField(widget=forms.HiddenInput)
    options = forms.MultipleChoiceField(label=_("Choice on the paper ballot"), choices=[])


class CouncilMemberForm(forms.Form):
    phone = forms.CharField(label=_("Mobile number of the member"), max_length=20)
    role = forms.ChoiceField(label=_("Role"), choices=CouncilMember.Role.choices)
    represents = forms.CharField(label=_("Represents"), max_length=100, required=False)
    matter = forms.ModelChoiceField(label=_("Invited for matter"), queryset=None, required=False)
    starts_on = forms.DateField(label=_("Term starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Term ends on"), required=False, widget=DateInput())

    def __init__(self, *args, matters=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matter"].queryset = matters


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=150)
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}))
    matters = forms.ModelMultipleChoiceField(
        label=_("Matters discussed"), queryset=None, required=False
    )
    event_url = forms.CharField(
        label=_("Linked event page (optional)"), max_length=300, required=False
    )
    venue = forms.ModelChoiceField(
        label=_("Reserve a venue (optional)"), queryset=None, required=False
    )
    minutes_long = forms.IntegerField(
        label=_("Length in minutes"), min_value=15, max_value=720, initial=120, required=False
    )

    def __init__(self, *args, matters=None, venues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matters"].queryset = matters
        self.fields["venue"].queryset = venues


class MeetingVenueForm(forms.Form):
    venue = forms.ModelChoiceField(
        label=_("Venue"),
        queryset=None,
        required=False,
        empty_label=_("No venue"),
        help_text=_(
            "Booked from the meeting's start; the venue's other bookings must not overlap."
        ),
    )
    minutes_long = forms.IntegerField(
        label=_("Length in minutes"), min_value=15, max_value=720, required=False
    )

    def __init__(self, *args, venues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = venues


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=pgettext_lazy("consultations", "Minutes"), widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=str(member.user), choices=MeetingAttendance.Status.choices
            )

    def attendance(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data[f"member_{m.pk}"] for m in self.members}


class ResolutionForm(forms.Form):
    text = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    consultation = forms.ModelChoiceField(
        label=_("Based on the consultation"), queryset=None, required=False
    )

    def __init__(self, *args, consultations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = consultations


class FollowUpForm(forms.Form):
    title = forms.CharField(label=_("What is to be done"), max_length=200)
    phone = forms.CharField(label=_("Mobile number of the responsible person"), max_length=20)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())


class ProgressForm(forms.Form):
    text = forms.CharField(
        label=pgettext_lazy("consultations", "Progress"), widget=forms.Textarea(attrs={"rows": 2})
    )
    status = forms.ChoiceField(label=_("Status"), choices=FollowUp.Status.choices)
