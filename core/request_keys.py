"""Request keys: a value-moving request (a redemption, a time-bank transfer) is made once per key.

A page puts a fresh key in its form; an app makes one per purchase (e.g. a UUID) and resends it
on retry. The service refuses a malformed key and answers a repeated one with what the first
request did, so a double tap, a resent form or a retried API call moves value once.
"""

import re
import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REQUEST_KEY_REGEX = r"^[A-Za-z0-9_.:-]{8,64}$"
REQUEST_KEY_PATTERN = re.compile(REQUEST_KEY_REGEX)
REQUEST_KEY_HELP = "A key the client makes once per request (e.g. a UUID) and resends on retry."


def request_key_new() -> str:
    """A key for one form shown on a page."""
    return secrets.token_urlsafe(18)


def request_key_check(request_key: str) -> None:
    if not REQUEST_KEY_PATTERN.match(request_key or ""):
        raise ValidationError(
            _("The request is not valid; reload the page."), code="invalid_request"
        )
