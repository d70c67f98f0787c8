"""Forms of the care pages: choices come from the reader's own care places only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.phones import normalize_phone
from care.access import care_access_for_user
from care.models import (
    CareRole,
    CareTag,
    CareTagType,
    CounsellingBooking,
    Dispute,
    LegalConsultation,
    ServiceRequest,
    Visit,
)
from care.selectors import residents_for_tagging
from communities.models import Node
from core.widgets import DateInput, DateTimeInput


class RegisterFilterForm(forms.Form):
    """The register's query string, validated (a bad value is an error, never a 500)."""

    place = forms.ModelChoiceField(label=_("Place"), queryset=Node.objects.none(), required=False)
    tag_type = forms.ModelChoiceField(
        label=_("Tag"), queryset=CareTagType.objects.all(), required=False
    )
    level = forms.TypedChoiceField(
        label=_("Level at least"),
        choices=[("", "—"), *CareTag.Level.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    search = forms.CharField(label=_("Resident's name"), max_length=50, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = care_access_for_user(user).register.places(
            [Node.Kind.COMMUNITY, Node.Kind.GRID, Node.Kind.BUILDING]
        )


class TagFieldsForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Level"),
        choices=CareTag.Level.choices,
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note for visitors"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only what visitors need (e.g. hard of hearing: knock loudly)."),
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), choices=CareTag.LegalBasis.choices, widget=forms.RadioSelect
    )
    consent_on = forms.DateField(label=_("Consent given on"), required=False, widget=DateInput())
    basis_note = forms.CharField(label=_("Basis evidence"), max_length=200, required=False)
    retain_until = forms.DateField(label=_("Keep until"), widget=DateInput())


class TagAddForm(TagFieldsForm):
    phone = forms.CharField(label=_("Resident's mobile number"), max_length=20)
    tag_type = forms.ModelChoiceField(
        label=_("Tag"), queryset=CareTagType.objects.filter(is_active=True), empty_label=None
    )
    field_order = ["phone", "tag_type"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data["phone"])
        people = list(residents_for_tagging(user=self.user).filter(user__phone=phone)[:2])
        if len(people) != 1:
            raise forms.ValidationError(
                _("No confirmed resident with this number in your places.")
                if not people
                else _("This number lives in two households; ask the street office.")
            )
        self.cleaned_data["residency"] = people[0]
        return phone


class TagRemoveForm(forms.Form):
    reason = forms.CharField(label=_("Why is the tag removed?"), max_length=200)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
    dry_run = forms.BooleanField(
        label=_("Only check the file (dry run)"), required=False, initial=True
    )


YES_NO = [
    ("yes", _("Yes, I saw them in person")),
    ("no", _("No (not at home, spoke by phone or to a neighbour)")),
]


class VisitForm(forms.Form):
    seen_in_person = forms.ChoiceField(
        label=_("Did you see the person?"), choices=YES_NO, widget=forms.RadioSelect
    )
    health = forms.ChoiceField(
        label=_("Health"), choices=Visit.Check.choices, initial="ok", widget=forms.RadioSelect
    )
    living = forms.ChoiceField(
        label=_("Living conditions"),
        choices=Visit.Check.choices,
        initial="ok",
        widget=forms.RadioSelect,
    )
    safety = forms.ChoiceField(
        label=_("Safety (gas, power, falls)"),
        choices=Visit.Check.choices,
        initial="ok",
        widget=forms.RadioSelect,
    )
    needs = forms.ChoiceField(
        label=_("Needs"), choices=Visit.Check.choices, initial="ok", widget=forms.RadioSelect
    )
    finding = forms.CharField(
        label=_("What did you find?"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the stair light on floor 3 is broken."),
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )


class ToCaseForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Kind of problem"), queryset=None, empty_label=None)
    description = forms.CharField(
        label=_("Text of the case"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say what is wrong, not why the person is looked after."),
    )

    def __init__(self, *args, **kwargs):
        from cases.selectors import leaf_categories

        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = leaf_categories()


class ToWishForm(forms.Form):
    title = forms.CharField(label=_("What does the person need?"), max_length=100)


class PlanForm(forms.Form):
    every_days = forms.IntegerField(label=_("Visit every (days)"), min_value=1, max_value=366)
    assignee_phone = forms.CharField(label=_("Visitor's mobile number"), max_length=20)

    def clean_assignee_phone(self):
        from accounts.models import User

        phone = normalize_phone(self.cleaned_data["assignee_phone"])
        user = User.objects.filter(phone=phone, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No account has this number."))
        self.cleaned_data["assignee"] = user
        return phone


# A month as YYYY-MM, years 1900-2999 (year 0 is no date: it would be a 500, not a refusal).
MONTH_PATTERN = r"^(19|2\d)\d{2}-(0[1-9]|1[0-2])$"


class MonthForm(forms.Form):
    month = forms.RegexField(
        label=_("Month"),
        regex=MONTH_PATTERN,
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
    )

    def month_date(self, default):
        import datetime

        if self.is_valid() and self.cleaned_data["month"]:
            year, month = self.cleaned_data["month"].split("-")
            return datetime.date(int(year), int(month), 1)
        return default.replace(day=1)


class DisputeForm(forms.Form):
    node = forms.ModelChoiceField(label=_("Where"), queryset=Node.objects.none())
    title = forms.CharField(label=_("Title"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind of dispute"), choices=Dispute.Kind.choices)
    summary = forms.CharField(
        label=_("What is the dispute about?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    applicant_name = forms.CharField(label=_("Applicant"), max_length=50)
    applicant_phone = forms.CharField(label=_("Applicant's phone"), max_length=20, required=False)
    respondent_name = forms.CharField(label=_("Respondent"), max_length=50)
    respondent_phone = forms.CharField(label=_("Respondent's phone"), max_length=20, required=False)
    case = forms.IntegerField(label=_("Case number (if any)"), min_value=1, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = care_access_for_user(user).mediates.places(
            [Node.Kind.COMMUNITY, Node.Kind.GRID, Node.Kind.COMPOUND, Node.Kind.BUILDING]
        )
        self.fields["node"].label_from_instance = lambda node: node.full_name


class SessionForm(forms.Form):
    held_at = forms.DateTimeField(label=_("When"), widget=DateTimeInput())
    notes = forms.CharField(
        label=_("What happened at the session"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DisputeCloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[c for c in Dispute.Status.choices if c[0] != Dispute.Status.OPEN],
        widget=forms.RadioSelect,
    )
    level = forms.ChoiceField(
        label=_("Settled at"), choices=Dispute.Level.choices, widget=forms.RadioSelect
    )
    outcome = forms.CharField(
        label=_("Outcome in a few words"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    agreement_terms = forms.CharField(
        label=_("Terms of the agreement"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    agreed_on = forms.DateField(label=_("Agreed on"), required=False, widget=DateInput())
    follow_up_on = forms.DateField(
        label=_("Follow-up visit on"), required=False, widget=DateInput()
    )


class FollowUpForm(forms.Form):
    note = forms.CharField(label=_("Did the agreement hold?"), max_length=500)


class ConsultationForm(forms.Form):
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=Node.objects.none(), empty_label=None
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=LegalConsultation.Topic.choices)
    summary = forms.CharField(label=_("Summary (no names)"), max_length=500, required=False)
    legal_aid_referral = forms.BooleanField(label=_("Referred to legal aid"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = care_access_for_user(user).advises.places(
            [Node.Kind.COMMUNITY]
        )


class BookingForm(forms.Form):
    counsellor = forms.ModelChoiceField(label=_("Counsellor"), queryset=None, empty_label=None)
    starts_at = forms.DateTimeField(label=_("When would suit you?"), widget=DateTimeInput())
    note = forms.CharField(
        label=_("What would you like to talk about? (optional, only the counsellor reads it)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, **kwargs):
        from accounts.models import User
        from care.services.advice import counsellor_roles_for_resident

        super().__init__(*args, **kwargs)
        ids = counsellor_roles_for_resident(user).values("user_id")
        self.fields["counsellor"].queryset = User.objects.filter(pk__in=ids)
        self.fields["counsellor"].label_from_instance = lambda u: u.real_name or u.display_name


class BookingMoveForm(forms.Form):
    to = forms.ChoiceField(choices=CounsellingBooking.Status.choices, widget=forms.HiddenInput)
    notes = forms.CharField(
        label=_("Notes (only you and the resident's counsellor see them)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RoleGrantForm(forms.Form):
    phone = forms.CharField(label=_("Mobile number of the person"), max_length=20)
    kind = forms.ChoiceField(label=_("Care role"), choices=CareRole.Kind.choices)
    node = forms.ModelChoiceField(label=_("Place"), queryset=Node.objects.none())

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = places
        self.fields["node"].label_from_instance = lambda node: node.full_name

    def clean_phone(self):
        from accounts.models import User

        phone = normalize_phone(self.cleaned_data["phone"])
        user = User.objects.filter(phone=phone, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No account has this number."))
        self.cleaned_data["user"] = user
        return phone


class ToRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Service needed"), choices=ServiceRequest.Kind.choices)
    description = forms.CharField(
        label=_("What is needed"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class RequestProgressForm(forms.Form):
    to = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (ServiceRequest.Status.IN_PROGRESS, ServiceRequest.Status.IN_PROGRESS.label),
            (ServiceRequest.Status.DONE, ServiceRequest.Status.DONE.label),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
