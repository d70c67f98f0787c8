from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.phones import normalize_phone, validate_mobile
from communities.models import ActingConsent, Household, ImportJob, Node, Post, Residency
from core.forms import MultiplePhotoField
from core.widgets import DateInput


class BuildingSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Your compound or building"),
        max_length=50,
        required=False,
        help_text=_("For example: 塔坡小区 5栋"),
    )


class ClaimForm(forms.Form):
    household = forms.ModelChoiceField(
        label=_("Room"), queryset=Household.objects.none(), empty_label=_("Choose your room")
    )
    relation = forms.ChoiceField(
        label=_("You are"), choices=Residency.Relation.choices, widget=forms.RadioSelect
    )
    residence_type = forms.ChoiceField(
        label=_("Residence type"),
        choices=Residency.ResidenceType.choices,
        widget=forms.RadioSelect,
        initial=Residency.ResidenceType.REGISTERED,
    )
    is_owner = forms.BooleanField(label=_("I own this home"), required=False)

    def __init__(self, *args, households=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households
        self.fields["household"].label_from_instance = lambda h: (
            f"{h.node.name} {h.room}" if h.node.kind == Node.Kind.UNIT else h.room
        )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the resident)"), max_length=200, required=False
    )


class PatrolForm(forms.Form):
    building = forms.ModelChoiceField(label=_("Building"), queryset=Node.objects.none())
    has_problem = forms.BooleanField(label=_("I found a problem"), required=False)
    findings = forms.CharField(
        label=_("What did you see?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )
    photos = MultiplePhotoField(label=_("Photos (up to 6)"), required=False)

    def __init__(self, *args, buildings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = buildings
        self.fields["building"].label_from_instance = lambda n: n.short_path

    def clean(self):
        data = super().clean()
        if data.get("has_problem") and not data.get("findings"):
            self.add_error("findings", _("Describe the problem you found."))
        return data


class DailyReportForm(forms.Form):
    node = forms.ModelChoiceField(label=_("Place"), queryset=Node.objects.none())
    summary = forms.CharField(
        label=_("Today's report"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    problems_found = forms.IntegerField(label=_("Problems found"), min_value=0, initial=0)
    problems_handled = forms.IntegerField(label=_("Problems handled"), min_value=0, initial=0)

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = places
        self.fields["node"].label_from_instance = lambda n: n.short_path


class NodeSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name, code or resident name"), max_length=50, required=False
    )


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file contains"), choices=ImportJob.Kind.choices)
    root = forms.ModelChoiceField(label=_("Import into"), queryset=Node.objects.none())
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, roots=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["root"].queryset = roots


class ShapeImportForm(forms.Form):
    file = forms.FileField(
        label=_("GeoJSON file"),
        help_text=_(
            "Longitude and latitude (WGS-84). Each feature names its place by a code or name "
            "property; a file of one unnamed area is this place's own boundary."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,application/geo+json"}),
    )
    dry_run = forms.BooleanField(label=_("Check only (save nothing)"), required=False, initial=True)


class AppointCaptainForm(forms.Form):
    """Appoint a captain over one place (given by the page); the person is found by phone."""

    kind = forms.ChoiceField(label=_("Post"), widget=forms.RadioSelect)
    phone = forms.CharField(
        label=_("The person's mobile number"),
        max_length=20,
        help_text=_("They must have an account on the portal (residents sign up with it)."),
    )
    starts_on = forms.DateField(label=_("The post starts on"), required=False, widget=DateInput())

    def __init__(self, *args, node: Node, **kwargs):
        super().__init__(*args, **kwargs)
        from communities.scoping import CAPTAIN_POSTS
        from communities.services.posts import POST_PLACES

        kinds = [k for k in Post.Kind if k in CAPTAIN_POSTS and node.kind in POST_PLACES[k]]
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0].value

    def clean_phone(self):
        from django.contrib.auth import get_user_model

        phone = normalize_phone(self.cleaned_data["phone"])
        validate_mobile(phone)
        user = get_user_model().objects.filter(phone=phone, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active account has this mobile number."))
        return user


class EndPostForm(forms.Form):
    ends_on = forms.DateField(
        label=_("The post ends on"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: today."),
    )


class MonthForm(forms.Form):
    month = forms.RegexField(
        label=_("Month"),
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        error_messages={"invalid": _("Give a month like 2026-03.")},
        widget=forms.TextInput(attrs={"type": "month"}),
    )

    def clean_month(self):
        import datetime

        year, month = self.cleaned_data["month"].split("-")
        return datetime.date(int(year), int(month), 1)


class ResidentRegisterForm(forms.Form):
    """A captain or staff member registers a resident with no phone or web log-in (代办)."""

    household = forms.ModelChoiceField(
        label=pgettext_lazy("acting", "Home"),
        queryset=Household.objects.none(),
        empty_label=_("Choose the room"),
    )
    real_name = forms.CharField(label=_("Resident's name"), max_length=50)
    phone = forms.CharField(
        label=_("Mobile number (leave empty if they have none)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"}),
    )
    relation = forms.ChoiceField(
        label=_("The resident is"),
        choices=Residency.Relation.choices,
        widget=forms.RadioSelect,
        initial=Residency.Relation.HEAD,
    )
    residence_type = forms.ChoiceField(
        label=_("Residence type"),
        choices=Residency.ResidenceType.choices,
        widget=forms.RadioSelect,
        initial=Residency.ResidenceType.REGISTERED,
    )
    is_owner = forms.BooleanField(label=_("Owns this home"), required=False)
    given = forms.ChoiceField(
        label=_("Consent to register and to act for them"),
        choices=ActingConsent.Given.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("How consent was given (optional)"), max_length=200, required=False
    )
    consent = forms.BooleanField(
        label=_(
            "The resident (or their relative) agreed to be registered and to have captains "
            "and staff act for them"
        )
    )

    def __init__(self, *args, households=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households
        self.fields["household"].label_from_instance = lambda h: f"{h.node.full_name} {h.room}"
