"""Resident ID-card numbers (GB 11643): validated, then kept only masked and as a keyed hash."""

import hashlib
import hmac
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ID_RE = re.compile(r"^\d{17}[\dX]$")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"


def normalize_id_number(value: str) -> str:
    return (value or "").strip().upper()


def validate_id_number(value: str) -> None:
    if not _ID_RE.match(value):
        raise ValidationError(
            _("An ID-card number has 18 characters: 17 digits and a final digit or X."),
            code="invalid_id_number",
        )
    total = sum(int(digit) * weight for digit, weight in zip(value[:17], _WEIGHTS, strict=True))
    if _CHECK_CHARS[total % 11] != value[17]:
        raise ValidationError(
            _("This ID-card number is not valid (check digit mismatch)."),
            code="invalid_id_number",
        )


def hash_id_number(value: str) -> str:
    """Keyed hash, so the same person can be matched without keeping the number."""
    key = settings.ID_NUMBER_HASH_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
