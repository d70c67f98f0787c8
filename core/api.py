"""Conventions shared by every app's REST API."""

import logging
import math

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from rest_framework import exceptions, pagination
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)

# DRF messages its Chinese catalogue lacks: listed here so our catalogue (which Django consults
# first) carries their translation.
DRF_MESSAGES_WITHOUT_CHINESE = (
    gettext_noop("A valid biginteger is required."),
    gettext_noop("Integer value too large to convert to float"),
    gettext_noop("The number of days must be between {min_days} and {max_days}."),
)


class StandardPagination(pagination.PageNumberPagination):
    """`page` (from 1) and `page_size` (1 to 100, default 20) are whole numbers, or a 400.

    A malformed value is refused rather than silently replaced by the default: a client that
    asked for `page_size=abc` or `page_size=500` learns its mistake instead of getting 20 rows.
    A page past the last one is a 404 ("Invalid page."), as DRF answers.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    last_page_strings = ()

    def _whole_number(self, request, name: str, maximum: int | None, message: str) -> int | None:
        raw = request.query_params.get(name)
        if raw is None or raw == "":
            return None
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= (maximum or int(raw)):
            raise ServiceError(message, code=f"invalid_{name}")
        return int(raw)

    def get_page_size(self, request):
        size = self._whole_number(
            request,
            self.page_size_query_param,
            self.max_page_size,
            _("page_size must be a whole number from 1 to %(max)d.") % {"max": self.max_page_size},
        )
        return size or self.page_size

    def get_page_number(self, request, paginator):
        number = self._whole_number(
            request,
            self.page_query_param,
            None,
            _("page must be a whole number from 1."),
        )
        return number or 1

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
                parameter["schema"]["default"] = self.page_size
        return parameters


def exception_handler(exc, context):
    """Every API error is `{"detail": <message>, "code": <stable code>}` (plus field errors).

    Services raise Django's ValidationError with a code; it becomes a 400 with that code (429 for
    "rate_limited"), so an API view can let a refused action propagate instead of translating it
    by hand.
    """
    exc = _in_users_language(exc)
    if isinstance(exc, DjangoValidationError):
        messages = exc.messages
        code = getattr(exc, "code", None) or "invalid"
        status = 429 if code == "rate_limited" else None
        exc = ServiceError(" ".join(str(m) for m in messages), code=code, status_code=status)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "detail": _("The submitted data is not valid."),
            "code": "invalid",
            "errors": _field_errors_translated(response.data),
        }
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        response.data = {
            "detail": response.data.get("detail", str(exc.detail))
            if isinstance(response.data, dict)
            else str(exc.detail),
            "code": codes if isinstance(codes, str) else exc.default_code,
        }
    return response


class ServiceError(exceptions.APIException):
    """Raise from API views when a service refuses an action; carries the service's code."""

    status_code = 400
    default_code = "refused"

    def __init__(self, detail, code: str | None = None, status_code: int | None = None):
        super().__init__(detail, code)
        if status_code is not None:
            self.status_code = status_code


def _field_errors_translated(errors):
    """DRF writes "No data provided" (a JSON body of null) without gettext: say it in the
    user's language. Everything else in field errors comes translated from DRF or our code."""
    if isinstance(errors, dict):
        return {key: _field_errors_translated(value) for key, value in errors.items()}
    if isinstance(errors, list):
        return [_field_errors_translated(value) for value in errors]
    if errors == "No data provided":
        return _("No data was sent.")
    return errors


def _in_users_language(exc):
    """Replace the errors whose messages Django, DRF or the database leave in English.

    A 404 never names what was not found (a model name leaks, and in another community's scope
    it must not say whether the row exists); a parse error does not quote the parser.
    """
    if isinstance(exc, Http404):
        return exceptions.NotFound(_("Not found."))
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, exceptions.ParseError):
        return exceptions.ParseError(_("The request body could not be read."), code="parse_error")
    if isinstance(exc, exceptions.Throttled):
        wait = math.ceil(exc.wait or 1)
        detail = ngettext(
            "Too many requests. Please try again in %(wait)d second.",
            "Too many requests. Please try again in %(wait)d seconds.",
            wait,
        ) % {"wait": wait}
        throttled = exceptions.Throttled(wait=exc.wait, detail=detail)
        throttled.detail = exceptions.ErrorDetail(detail, code="throttled")
        return throttled
    if isinstance(exc, DataError):
        # A value the database refuses (too long, out of range) that no validation caught: the
        # input is at fault, and the database's own words must not reach the user.
        logger.warning("API input refused by the database: %s", exc)
        return ServiceError(
            _("A value is too long or out of range."), code="invalid_value", status_code=400
        )
    return exc
