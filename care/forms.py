"""Forms of the care pages: choices come from the reader's own care places only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.phones import normalize_phone
from care.access import care_access_for_user
from care.models import CareTag, CareTagType
from care.selectors import residents_for_tagging
from communities.models import Node
from core.widgets import DateInput


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
    search = forms.CharField(label=_("Name"), max_length=50, required=False)

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
        label=_("Note"),
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
