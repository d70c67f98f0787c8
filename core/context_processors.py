from accounts.roles import user_roles


def portal(request):
    """What every page needs: the user's roles (navigation), unread messages, text size."""
    user = getattr(request, "user", None)
    context = {
        "roles": user_roles(user) if user is not None else set(),
        "large_text": request.COOKIES.get("text_size") == "large",
        "unread_messages": 0,
    }
    if user is not None and user.is_authenticated:
        from notifications.selectors import unread_count

        context["unread_messages"] = unread_count(user)
    return context
