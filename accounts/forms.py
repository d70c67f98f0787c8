from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.id_numbers import normalize_id_number, validate_id_number
from core.http import client_ip


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

    def _clean_phone(self) -> None:
        """A registered number: with sign-up codes (PHONE_VERIFICATION), allauth answers as for
        a new number and the SMS tells the owner; without them there is no channel but the
        page, so it says plainly that the number is registered and offers a reset."""
        if allauth_settings.PHONE_VERIFICATION_ENABLED:
            super()._clean_phone()
            return
        phone = self.cleaned_data.get("phone")
        if phone and get_adapter().get_user_by_phone(phone):
            self.add_error("phone", get_adapter().error_messages["phone_taken"])


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    """allauth's code request; a request refused by its rate limit is audited."""

    def clean(self):
        cleaned_data = super().clean()
        for field in ("phone", "email"):
            if field in self.fields and self.has_error(field, "too_many_login_attempts"):
                services.login_throttled_record(
                    identifier=str(self.data.get(field, ""))[:100],
                    ip_address=client_ip(context.request),
                    limit="request_login_code",
                )
        return cleaned_data


class PhoneCodeForm(forms.Form):
    code = forms.CharField(
        label=_("The 6-digit code from the SMS"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*"}
        ),
    )


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
