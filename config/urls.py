from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog, set_language
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from core import views as core_views
from core.origin import display_form

# Each app's API under its own prefix: a request is matched against one app's patterns only.
api_v1 = [
    path("", include("accounts.api.urls")),
    path("messages/", include("notifications.api.urls")),
    path("community/", include("communities.api.urls")),
    path("points/", include("points.api.urls")),
    path("quizzes/", include("quizzes.api.urls")),
    path("volunteers/", include("volunteers.api.urls")),
    path("events/", include("events.api.urls")),
    path("cases/", include("cases.api.urls")),
    path("consultations/", include("consultations.api.urls")),
    path("market/", include("marketplace.api.urls")),
    path("bookings/", include("bookings.api.urls")),
    path("notices/", include("notices.api.urls")),
    path("surveys/", include("surveys.api.urls")),
    path("care/", include("care.api.urls")),
    path("party/", include("party.api.urls")),
    path("workbench/", include("workbench.api.urls")),
    # Last: an address under /api/v1/ that names no operation is a JSON 404, not an HTML page.
    re_path(r"^", core_views.ApiNotFoundView.as_view(), name="api-not-found"),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    # Uploaded files, each checked against its owner's rule (core.media); never a directory.
    path("media/<path:name>", core_views.media, name="media"),
    path("prefs/", include("core.urls")),
    # Django's language switch, as the layout's display forms are checked (core.origin).
    path("i18n/setlang/", display_form(set_language), name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("inbox/", include("notifications.urls")),
    path("community/", include("communities.urls")),
    path("points/", include("points.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("volunteers/", include("volunteers.urls")),
    path("events/", include("events.urls")),
    path("cases/", include("cases.urls")),
    path("consultations/", include("consultations.urls")),
    path("market/", include("marketplace.urls")),
    path("workbench/", include("workbench.urls")),
    path("care/", include("care.urls")),
    path("notices/", include("notices.urls")),
    path("bookings/", include("bookings.urls")),
    path("surveys/", include("surveys.urls")),
    path("party/", include("party.urls")),
    path("open311/v2/", include("cases.open311_urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI's start-up script is a separate file, so the page passes the CSP as it is.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # ReDoc writes its styles at run time (styled-components): that page alone allows inline
    # styles and its web worker.
    path(
        "api/redoc/",
        csp_replace({"style-src": [SELF, UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})(
            SpectacularRedocView.as_view(url_name="api-schema")
        ),
        name="api-redoc",
    ),
]

# allauth answers a refused rate limit through this view (a Chinese page and an audit entry).
handler429 = "accounts.views.rate_limited"
# The portal's own pages when DEBUG is off (`make run`, production); `make dev` shows Django's.
handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
