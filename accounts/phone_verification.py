"""Verifying the number of a signed-in user with an SMS code (the "verify my number" page).

allauth verifies numbers at sign-up and on its change-number page, but that page asks for the
password again first, which residents imported without one do not have. This is the same
exchange for a user who is already in: a code from allauth's generator, sent through the
adapter's SMS, rate-limited by allauth's "verify_phone" limit; the code is kept in the session
only as a keyed hash, for PHONE_VERIFICATION_TIMEOUT, with PHONE_VERIFICATION_MAX_ATTEMPTS tries.
"""

from __future__ import annotations

import secrets
import time

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from accounts import services

SESSION_KEY = "accounts_phone_verification"


def _digest(code: str, phone: str) -> str:
    return salted_hmac("accounts.phone_verification", f"{phone}:{code}").hexdigest()


def phone_code_send(*, request, user) -> None:
    """Send a fresh code to the user's own number; refused (code "rate_limited") if asked
    again too soon."""
    if not ratelimit.consume(request, action="verify_phone", key=user.phone):
        raise ValidationError(
            _("A code was sent a moment ago. Please wait a minute before asking again."),
            code="rate_limited",
        )
    adapter = get_adapter(request)
    code = adapter.generate_phone_verification_code(user=user, phone=user.phone)
    request.session[SESSION_KEY] = {
        "digest": _digest(code, user.phone),
        "phone": user.phone,
        "at": time.time(),
        "attempts": 0,
    }
    adapter.send_verification_code_sms(user=user, phone=user.phone, code=code)


def phone_code_sent(request, user) -> bool:
    state = request.session.get(SESSION_KEY)
    return bool(state and state.get("phone") == user.phone)


def phone_code_confirm(*, request, user, code: str) -> None:
    """Check the typed code; on success the number is verified (and audited)."""
    state = request.session.get(SESSION_KEY)
    expired = (
        not state
        or state.get("phone") != user.phone
        or time.time() - state["at"] > allauth_settings.PHONE_VERIFICATION_TIMEOUT
    )
    if expired:
        request.session.pop(SESSION_KEY, None)
        raise ValidationError(
            _("This code has expired. Please ask for a new one."), code="code_expired"
        )
    typed = "".join(ch for ch in str(code) if ch.isdigit())[:12]
    if not secrets.compare_digest(_digest(typed, user.phone), state["digest"]):
        state["attempts"] += 1
        if state["attempts"] >= allauth_settings.PHONE_VERIFICATION_MAX_ATTEMPTS:
            request.session.pop(SESSION_KEY, None)
            raise ValidationError(
                _("The code was wrong too many times. Please ask for a new one."),
                code="code_attempts",
            )
        request.session[SESSION_KEY] = state
        raise ValidationError(
            _("The code is not correct. Please check the SMS."), code="code_wrong"
        )
    request.session.pop(SESSION_KEY, None)
    services.user_phone_mark_verified(user=user, method="sms_code")
