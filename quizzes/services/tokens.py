"""The served question's one-time token: what the answer must bring back (page form or API).

Signed (not stored): the served question's id and its user's. It is one-time because a served
question is answered at most once (play.answer_submit's conditional UPDATE), not because the
token is remembered.
"""

from functools import lru_cache

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from quizzes.models import ServedQuestion

TOKEN_SALT = "quizzes.answer"


def token_for(served: ServedQuestion) -> str:
    return _token(served.pk, served.participant.user_id, settings.SECRET_KEY)


@lru_cache(maxsize=4096)
def _token(served_id: int, user_id: int, _secret_key: str) -> str:
    # Kept per process: the play page serves its pending question again on every reload, and
    # signing costs more than the rest of serving it. The signature's timestamp is never
    # checked (the token is one-time by the answer's conditional UPDATE), so a kept token is
    # as good as a new one; the key is part of the cache key, so a rotated key signs anew.
    return signing.dumps([served_id, user_id], salt=TOKEN_SALT, compress=False)


def token_load(token: str, user) -> int:
    """The served question's id in `token`, or "invalid_token" (forged, garbled, another's)."""
    try:
        served_id, user_id = signing.loads(token or "", salt=TOKEN_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        served_id, user_id = None, None
    if not isinstance(served_id, int) or user_id != user.pk:
        raise ValidationError(
            _("This question could not be checked. Please take the next question."),
            code="invalid_token",
        )
    return served_id
