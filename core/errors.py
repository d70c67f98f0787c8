"""The portal's own error pages (400, 403, 404, 500 and a refused CSRF check).

Django shows these when DEBUG is off (`config.urls.handler400` ...). They say in the user's
language what happened and offer the way home, in the portal's layout. Under /api/ the API
answers JSON itself (DRF's handler, `core.views.ApiNotFoundView`); an error that reaches these
views there still answers JSON with a stable code.
"""

import logging

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _answer(request, status: int, title: str, message: str, code: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": code}, status=status)
    context = {"status": status, "title": title, "message": message}
    return render(request, "core/error.html", context, status=status)


def bad_request(request, exception=None):
    return _answer(
        request,
        400,
        _("The request could not be handled"),
        _("Something in the request was not right. Please go back and try again."),
        "bad_request",
    )


def permission_denied(request, exception=None):
    return _answer(
        request,
        403,
        _("You may not open this page"),
        _(
            "This page is for people with another role or place. If you think you need it, ask your community office."
        ),
        "permission_denied",
    )


def page_not_found(request, exception=None):
    return _answer(
        request,
        404,
        _("Page not found"),
        _("This page does not exist, or is not yours to see. The link may be old."),
        "not_found",
    )


def server_error(request):
    try:
        return _answer(
            request,
            500,
            _("Something went wrong"),
            _(
                "Sorry, the portal could not finish this. It has been noted; please try again later."
            ),
            "server_error",
        )
    except Exception:  # the layout itself failed: a page that needs nothing
        logger.exception("The error page could not be drawn")
        return HttpResponse(
            '<!DOCTYPE html><html lang="zh-hans"><meta charset="utf-8"><title>出错了</title>'
            '<h1>出错了 Something went wrong</h1><p><a href="/">返回首页 Home</a></p></html>',
            status=500,
        )


def csrf_failure(request, reason=""):
    """A form sent from a page that is too old (or from another site): say so plainly."""
    return _answer(
        request,
        403,
        _("The form has expired"),
        _(
            "The page was open too long, or you logged in or out meanwhile. Go back, reload the page and send it again."
        ),
        "csrf_failed",
    )
