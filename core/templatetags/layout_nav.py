"""{% layout_nav %}: the base layout's navigation, rendered once per process per state; and
{% home_tiles %}, the home page's tiles, the same way.

The navigation shows nothing of the request but the language, whether the user is signed in or
staff, their roles and their unread count (core.layout); its dozen included templates and
twenty links cost more than a bare page. So it is rendered once for each combination of those
and kept in the process (a few kinds of users in a few languages: a few hundred entries). The
home page's tiles (includes/home_tiles.html, a dozen apps' includes) read the same and no more.
"""

from functools import lru_cache
from typing import NamedTuple

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


class _NavUser(NamedTuple):
    """What includes/nav.html reads of the user, and nothing else (it must key the cache)."""

    is_authenticated: bool
    is_staff: bool


def _kept(template_name: str, context) -> str:
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    return _rendered(
        template_name,
        get_language(),
        _NavUser(signed_in, signed_in and bool(user.is_staff)),
        tuple(sorted(context.get("roles") or ())),
        int(context.get("unread_messages") or 0),
    )


@register.simple_tag(takes_context=True)
def layout_nav(context) -> str:
    return _kept("includes/nav.html", context)


@register.simple_tag(takes_context=True)
def home_tiles(context) -> str:
    return _kept("includes/home_tiles.html", context)


@lru_cache(maxsize=2048)
def _rendered(
    template_name: str, language: str, user: _NavUser, roles: tuple[str, ...], unread: int
) -> str:
    # render_to_string renders in the active language, which is `language` (part of the key).
    html = render_to_string(
        template_name,
        {"user": user, "roles": frozenset(roles), "unread_messages": unread},
    )
    return mark_safe(html)  # our own template's output, escaped as it was rendered
