from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.id_numbers import normalize_id_number, validate_id_number


class SignupForm(AllauthSignupForm):
    real_name = forms.CharField(
        label=_("Real name"),
        max_length=50,
        help_text=_("As on your ID card; staff use it to confirm your household."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=50,
        required=False,
        help_text=_("Optional. Shown to other residents instead of your real name."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    field_order = ["phone", "real_name", "display_name", "email", "password1", "password2"]


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=50, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    id_number = forms.CharField(
        label=_("ID-card number"),
        max_length=18,
        required=False,
        help_text=_("Optional. Only a masked copy is kept, e.g. 440308********1234."),
    )

    def clean_id_number(self):
        value = normalize_id_number(self.cleaned_data.get("id_number", ""))
        if value:
            validate_id_number(value)
        return value
