import logging

from django.conf import settings
from django.db import connection, connections
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from core.demo import demo_logins
from core.media import media_file_for, media_response
from core.origin import display_form
from core.outbox import outbox_unsent
from core.replica import REPLICA, replica_configured

logger = logging.getLogger(__name__)


def home(request):
    # In demo mode (make run) a visitor sees the demo's log-ins, one per role.
    logins = demo_logins() if settings.DEMO_MODE and not request.user.is_authenticated else []
    return render(request, "home.html", {"demo_logins": logins})


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the static file."""
    return redirect(static("favicon.ico"))


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("healthz: database unreachable")
        return False


def _broker_ok() -> bool:
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        logger.warning("healthz: broker unreachable", exc_info=True)
        return False


def _replica_ok() -> bool:
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("healthz: replica unreachable", exc_info=True)
        return False


def _cache_ok() -> bool:
    from django.core.cache import cache

    ping = getattr(cache, "ping", None)
    return ping() if ping is not None else True


@never_cache
def healthz(request):
    """The status code is for the load balancer, the body for the operator.

    503 only when the database is unreachable: nothing can be served. A broker or cache outage
    is "degraded" with 200: pages and the API still work from the database and queued work waits
    in the outbox, so taking every web process out of rotation would make it worse.
    """
    checks = {"database": _database_ok(), "broker": _broker_ok(), "cache": _cache_ok()}
    if replica_configured():
        # Without the replica, reads go to the primary (core.replica): degraded, not down.
        checks["replica"] = _replica_ok()
    if not checks["database"]:
        status = "unavailable"
    elif all(checks.values()):
        status = "ok"
    else:
        status = "degraded"
    body = {
        "status": status,
        "checks": {name: "ok" if ok else "unreachable" for name, ok in checks.items()},
        "database_engine": connection.vendor,
        "broker": settings.CELERY_BROKER_URL.split("://", 1)[0],
    }
    if checks["database"]:
        body["queued_tasks_unsent"] = outbox_unsent()
    return JsonResponse(body, status=503 if status == "unavailable" else 200)


def media(request, name: str):
    """An uploaded file, after the check its folder's owner registered (core.media)."""
    rule, _row = media_file_for(request.user, name)
    return media_response(rule, name)


@display_form
@require_POST
def text_size(request):
    """Large-text mode (适老化) without JavaScript: a cookie the base layout reads."""
    size = "large" if request.POST.get("size") == "large" else "normal"
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    response = redirect(next_url)
    response.set_cookie("text_size", size, max_age=365 * 24 * 3600, samesite="Lax")
    return response


class ApiNotFoundView(APIView):
    """Any /api/ address that names no operation: a JSON 404 in the user's language.

    Django's own 404 page is HTML, which an API client cannot read (and the schema does not
    promise). Mounted last under /api/v1/ by config/urls.py.
    """

    permission_classes = [AllowAny]
    schema = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound(_("Not found."))
