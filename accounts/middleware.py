from django.conf import settings


class StaffIdleTimeoutMiddleware:
    """Staff sessions end after a period of inactivity (MLPS baseline); residents stay signed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            # A sliding expiry: each request pushes the end of the session forward.
            request.session.set_expiry(settings.STAFF_IDLE_TIMEOUT_SECONDS)
        return self.get_response(request)
