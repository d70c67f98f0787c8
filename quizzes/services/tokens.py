"""The served question's one-time token: what the answer must bring back (page form or API).

Signed (not stored): the served question's id and its user's. It is one-time because a served
question is answered at most once (play.answer_submit's conditional UPDATE), not because the
token is remembered.
"""

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from quizzes.models import ServedQuestion

TOKEN_SALT = "quizzes.answer"


def token_for(served: ServedQuestion) -> str:
    return signing.dumps([served.pk, served.participant.user_id], salt=TOKEN_SALT, compress=False)


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
