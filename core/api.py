"""Conventions shared by every app's REST API."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination
from rest_framework.views import exception_handler as drf_exception_handler


class StandardPagination(pagination.PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


def exception_handler(exc, context):
    """Every API error is `{"detail": <message>, "code": <stable code>}` (plus field errors).

    Services raise Django's ValidationError with a code; it becomes a 400 with that code (429 for
    "rate_limited"), so an API view can let a refused action propagate instead of translating it
    by hand.
    """
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
            "errors": response.data,
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
