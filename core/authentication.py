"""Authentication classes of the API (kept apart from core.api, which DRF's views import)."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session log-in, with its CSRF refusal in the user's language."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied:
            raise exceptions.PermissionDenied(
                _(
                    "The page has expired or the request did not come from this site. Reload the page and try again."
                ),
                code="csrf_failed",
            )
