"""Mainland China mobile numbers: normalising, validating and the form field allauth uses."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_SEPARATORS = re.compile(r"[\s\-()]")


def normalize_phone(value: str) -> str:
    """ "+86 138-1234-5678" -> "13812345678"; anything else is returned stripped for validation."""
    value = _SEPARATORS.sub("", (value or "").strip())
    for prefix in ("+86", "0086"):
        if value.startswith(prefix):
            value = value[len(prefix) :]
    if value.startswith("86") and len(value) == 13:
        value = value[2:]
    return value


def validate_mobile(value: str) -> None:
    if not MOBILE_RE.match(value or ""):
        raise ValidationError(
            _("Enter a valid mainland mobile number: 11 digits starting with 1, e.g. 13812345678."),
            code="invalid_phone",
        )


class MobilePhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "type": "tel",
                    "inputmode": "numeric",
                    "autocomplete": "tel",
                    "placeholder": _("e.g. 13812345678"),
                }
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalize_phone(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value:
            validate_mobile(value)
