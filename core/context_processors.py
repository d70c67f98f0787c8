from core.layout import layout_for


def portal(request):
    """What every page needs: the user's roles (navigation), unread messages, text size.

    Roles and the unread count come from one cached read per user (core.layout)."""
    layout = layout_for(getattr(request, "user", None))
    return {
        "roles": layout.roles,
        "large_text": request.COOKIES.get("text_size") == "large",
        "unread_messages": layout.unread_messages,
    }
