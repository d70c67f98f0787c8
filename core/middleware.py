"""Input checks made before any view, form or query sees the request: malformed input
(InputCleaningMiddleware) and the size cap (RequestSizeLimitMiddleware).

A NUL byte reaches PostgreSQL as an error ("A string literal cannot contain NUL"), a lone
surrogate as an encoding error, and a deeply nested JSON body as a RecursionError in the parser:
all of them were 500s in whichever view met them first. Instead of guarding every view, this
middleware checks the path, the query parameters, form fields (and uploaded file names) and JSON
bodies once, and answers 400 in the user's language, in the format of the part of the site that
was asked: `{"detail", "code"}` JSON under /api/, a format registered by an app for its own prefix
(Open311 under /open311/), an HTML page elsewhere. A refused request changes nothing.

Tabs and line breaks stay allowed in values (a multi-line description); nothing is ever rewritten
silently: a request is taken as it came or refused.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# C0 controls except tab, line feed and carriage return; DEL and the C1 controls; UTF-16
# surrogates (a JSON "\ud800" escape decodes to one, and PostgreSQL cannot store it).
CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Paths, parameter names and file names have no business with any control character.
CONTROL_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

# Our API's bodies are at most four levels deep; 32 leaves room without reaching the parser's
# recursion limit (about 1,000 levels, a RecursionError past it).
MAX_JSON_DEPTH = 32
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}

FORM_MEDIA_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@dataclass(frozen=True)
class Refusal:
    code: str
    message: Promise  # lazy: put in the user's language when the answer is made


ErrorRenderer = Callable[[HttpRequest, int, str, str], HttpResponse]
_error_renderers: dict[str, ErrorRenderer] = {}


def register_error_renderer(prefix: str, renderer: ErrorRenderer) -> None:
    """Let an app answer refused input under its own URL prefix in its own error format.

    `renderer(request, status, code, message)` returns the response; the message is already in
    the user's language. Core stays ignorant of the apps above it (e.g. Open311 in cases).
    """
    _error_renderers[prefix] = renderer


def _api_error(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    return JsonResponse(
        {"detail": message, "code": code}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _page_error(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    return render(request, "core/bad_request.html", {"message": message}, status=status)


def error_response(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    """The error in the format of the part of the site that was asked."""
    for prefix, renderer in _error_renderers.items():
        if request.path.startswith(prefix):
            return renderer(request, status, code, message)
    if request.path.startswith("/api/"):
        return _api_error(request, status, code, message)
    return _page_error(request, status, code, message)


def json_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether a JSON text nests arrays/objects deeper than `limit` (checked without parsing).

    Brackets inside strings do not count. The scan runs at C speed (regular expressions and
    itertools), so a 10 MB body of "[" is refused in a fraction of a second.
    """
    brackets = _NOT_A_BRACKET.sub("", _JSON_STRING.sub("", text))
    if len(brackets) <= limit:
        return False
    return max(itertools.accumulate(map(_BRACKET_STEP.__getitem__, brackets))) > limit


def _bad_text(value: object) -> bool:
    return isinstance(value, str) and CONTROL_IN_TEXT.search(value) is not None


def _json_has_control_characters(data: object) -> bool:
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if CONTROL_IN_NAME.search(key):
                    return True
                pending.append(value)
        elif isinstance(item, list):
            pending.extend(item)
        elif _bad_text(item):
            return True
    return False


def _query_dict_refused(data) -> bool:
    return any(
        CONTROL_IN_NAME.search(key) or any(_bad_text(value) for value in values)
        for key, values in data.lists()
    )


def _invalid_characters() -> Refusal:
    return Refusal(
        "invalid_characters",
        _("The request contains control characters (such as a NUL byte) that are not allowed."),
    )


def _json_refusal(request: HttpRequest) -> Refusal | None:
    body = request.body
    if not body:
        return None
    try:
        text = body.decode(request.encoding or "utf-8")
    except (UnicodeDecodeError, LookupError):
        return Refusal("parse_error", _("The request body is not valid JSON."))
    if json_too_deep(text):
        return Refusal(
            "too_deep",
            _("The request body is nested too deeply."),
        )
    try:
        data = json.loads(text)
    except ValueError:
        return Refusal("parse_error", _("The request body is not valid JSON."))
    if _json_has_control_characters(data):
        return _invalid_characters()
    return None


def _form_refusal(request: HttpRequest) -> Refusal | None:
    try:
        if request.method == "POST":
            fields, files = request.POST, request.FILES
        else:
            # Django parses forms of POST only; DRF parses a PUT/PATCH form from the body.
            if request.content_type != FORM_MEDIA_TYPES[0]:
                return None
            fields, files = QueryDict(request.body, encoding=request.encoding), None
    except MultiPartParserError:
        return Refusal("parse_error", _("The submitted form could not be read."))
    if _query_dict_refused(fields):
        return _invalid_characters()
    if files is not None:
        for key, uploads in files.lists():
            names = [key, *(upload.name or "" for upload in uploads)]
            if any(CONTROL_IN_NAME.search(name) for name in names):
                return _invalid_characters()
    return None


def input_refusal(request: HttpRequest) -> Refusal | None:
    """Why this request's input is refused, or None when it may go on."""
    if CONTROL_IN_NAME.search(request.path_info) or _query_dict_refused(request.GET):
        return _invalid_characters()
    content_type = request.content_type or ""
    if content_type == "application/json" or content_type.endswith("+json"):
        return _json_refusal(request)
    if content_type in FORM_MEDIA_TYPES:
        return _form_refusal(request)
    return None


class InputCleaningMiddleware:
    """Refuse control characters and malformed JSON with a 400, before anything else runs.

    Placed right after SecurityMiddleware so sessions, static files, CSRF and views never see
    such input. The user's language is taken from the request itself (cookie, Accept-Language):
    LocaleMiddleware has not run yet.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = input_refusal(request)
        if refusal is None:
            return self.get_response(request)
        language = translation.get_language_from_request(request)
        with translation.override(language):
            response = error_response(request, 400, refusal.code, str(refusal.message))
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


class RequestSizeLimitMiddleware:
    """Refuse a body larger than settings.MAX_REQUEST_BODY_BYTES with 413 (Content Too Large).

    Gunicorn hands Django a body of exactly Content-Length bytes (a chunked one without it is not
    read by WSGI), so the header is what to check. Put the same limit in the proxy in front
    (nginx `client_max_body_size`) so the bytes are not even received.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return self.too_large(request)
        return self.get_response(request)

    def too_large(self, request):
        limit = settings.MAX_REQUEST_BODY_BYTES // (1024 * 1024)
        message = gettext(
            "What you sent is too large (at most %(mb)d MB). Send fewer or smaller photos."
        ) % {"mb": limit}
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": "request_too_large"}, status=413)
        back_url = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back_url, allowed_hosts={request.get_host()}):
            back_url = "/"
        # A page of its own: the user is not known yet here, the base layout needs them.
        response = render(
            request, "413.html", {"message": message, "back_url": back_url}, status=413
        )
        # The connection may still carry the unread body: close it rather than parse it.
        response["Connection"] = "close"
        return response
