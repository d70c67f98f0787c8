"""The page's CSRF token, masked as Django masks it, at a fraction of the cost.

Every page carries a token (the layout's footer forms: text size and language). Django's
`get_token` draws the 32 characters of its mask one `secrets.choice` at a time and finds each
character's place by scanning the alphabet: measured as a tenth of a bare page. Here the mask
comes from one `os.urandom` call (bytes above the largest multiple of 62 are dropped, so every
character is equally likely, as with `secrets.choice`) and places from a table. The token is
Django's format (mask + cipher of the secret), checked by Django's own CsrfViewMiddleware; the
cookie's renewal flag is set as `get_token` sets it. Without a secret on the request (a first
visit) Django's `get_token` makes one.
"""

import os

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token

_CHARS = CSRF_ALLOWED_CHARS
_PLACE = {char: place for place, char in enumerate(_CHARS)}
_UNBIASED_BELOW = 256 - 256 % len(_CHARS)  # 248: bytes from here on would favour some chars


def _mask_places() -> list[int]:
    places: list[int] = []
    while len(places) < CSRF_SECRET_LENGTH:
        places += [byte % len(_CHARS) for byte in os.urandom(40) if byte < _UNBIASED_BELOW]
    return places[:CSRF_SECRET_LENGTH]


def masked_csrf_token(request) -> str:
    """What `django.middleware.csrf.get_token(request)` answers: a new mask of the secret."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None or len(secret) != CSRF_SECRET_LENGTH:
        return get_token(request)
    # As get_token: the cookie is used, so it is sent again (its expiry renewed).
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _mask_places()
    cipher = (
        _CHARS[(_PLACE[char] + place) % len(_CHARS)]
        for char, place in zip(secret, mask, strict=True)
    )
    return "".join(_CHARS[place] for place in mask) + "".join(cipher)


class CsrfToken:
    """The request's masked token for templates, made when first shown (`{% csrf_token %}`).

    Stands in for the context processor's lazy object (django.template.context_processors.csrf),
    whose proxy costs more per use than the token itself.
    """

    __slots__ = ("_request", "_token")

    def __init__(self, request):
        self._request = request
        self._token = None

    def __str__(self) -> str:
        if self._token is None:
            self._token = masked_csrf_token(self._request)
        return self._token

    def __bool__(self) -> bool:
        return True

    def __eq__(self, other) -> bool:
        return str(self) == other

    def __hash__(self) -> int:
        return hash(str(self))
