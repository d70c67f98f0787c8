"""API tokens: issued for a log-in, refused once expired, after a password change, or while the
account is locked. Both token log-ins (accounts.authentication and the quiz answer's hot path)
ask `api_token_refusal()`, so the rules exist once."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiToken, User


def api_token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, user: User) -> str:
    """A new token for `user`; returns the key, which is shown once and never kept.

    Each log-in gets its own token (one per device); the user's expired ones are removed.
    """
    now = timezone.now()
    ApiToken.objects.filter(user=user, expires_at__lte=now).delete()
    key = secrets.token_hex(20)
    ApiToken.objects.create(
        user=user,
        digest=api_token_digest(key),
        password_fingerprint=user.get_session_auth_hash(),
        expires_at=now + timedelta(days=settings.API_TOKEN_LIFETIME_DAYS),
    )
    return key


def api_token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).delete()


def api_token_refusal(*, token: ApiToken, user: User, now=None) -> str | None:
    """Why this token cannot log `user` in now, in the user's language; None when it can."""
    now = now or timezone.now()
    if not user.is_active:
        return _("User inactive or deleted.")
    if token.expires_at <= now:
        return _("This token has expired; please log in again.")
    if not secrets.compare_digest(token.password_fingerprint, user.get_session_auth_hash()):
        return _("The password was changed; please log in again.")
    if user.is_locked(now):
        return _("This account is locked after too many failed log-ins; try again later.")
    return None
