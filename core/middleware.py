"""A cap on the size of a request body, answered before anything reads it."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


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
        message = _(
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
