from core.csrf import CsrfToken
from core.layout import layout_for


def portal(request):
    """What every page needs: the user's roles (navigation), unread messages, text size, and
    the CSRF token of the layout's forms.

    Roles and the unread count come from one cached read per user (core.layout). The token
    replaces the one Django's built-in csrf processor gives (listed after it, this one wins):
    the same token, masked at less cost (core.csrf)."""
    layout = layout_for(getattr(request, "user", None), getattr(request, "session", None))
    return {
        "roles": layout.roles,
        "large_text": request.COOKIES.get("text_size") == "large",
        "unread_messages": layout.unread_messages,
        "csrf_token": CsrfToken(request),
    }
