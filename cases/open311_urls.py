"""Open311 GeoReport v2, mounted at /open311/v2/ by config/urls.py."""

from django.urls import re_path

from cases import open311

urlpatterns = [
    re_path(r"^services\.(?P<fmt>json|xml)$", open311.services_list, name="open311-services"),
    re_path(
        r"^services/(?P<code>[^/]+)\.(?P<fmt>json|xml)$",
        open311.service_definition,
        name="open311-service",
    ),
    re_path(r"^requests\.(?P<fmt>json|xml)$", open311.requests_view, name="open311-requests"),
    re_path(
        r"^requests/(?P<pk>[0-9]+)\.(?P<fmt>json|xml)$",
        open311.request_detail,
        name="open311-request",
    ),
]
