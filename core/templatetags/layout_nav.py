"""{% layout_nav %}: the base layout's navigation, rendered once per process per state;
{% home_tiles %}, the home page's tiles, the same way; and {% layout_kept %}, the layout's fixed
text (see below).

The navigation shows nothing of the request but the language, whether the user is signed in or
staff, their roles and their unread count (core.layout); its dozen included templates and
twenty links cost more than a bare page. So it is rendered once for each combination of those
and kept in the process (a few kinds of users in a few languages: a few hundred entries). The
home page's tiles (includes/home_tiles.html, a dozen apps' includes) read the same and no more.
"""

import re
from functools import lru_cache
from typing import NamedTuple

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import conditional_escape
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


# --- {% layout_kept %}...{% endlayout_kept %}: the base layout's fixed text, rendered once ---------
#
# Most of base.html (the head's links, the header's brand, the footer's two forms) shows nothing
# of the request but the language and the text size, yet costs a few dozen template nodes, five
# static and three reversed URLs and a dozen translations on every page. Each such section is
# rendered once per (language, text size, script prefix) and kept on its node (a reloaded
# template is new nodes, so a new copy). A kept section reads nothing else of the context but
# two holes filled on each request: {% csrf_token %} (this request's masked token) and
# {{ request.get_full_path }} (this request's path, escaped). Anything else of the request or
# the user (the navigation, messages, blocks) stays outside the sections.

_CSRF_MARK = "\x1ekept-csrf\x1e"
_PATH_MARK = "\x1ekept-path\x1e"
_CSRF_INPUT = f'<input type="hidden" name="csrfmiddlewaretoken" value="{_CSRF_MARK}">'
_HOLES = re.compile(f"({re.escape(_CSRF_INPUT)}|{re.escape(_PATH_MARK)})")


_KEY_OF_RENDER = "layout_kept_key"


class _PathMark:
    """The request as a kept section sees it: its path is a hole."""

    def get_full_path(self) -> str:
        return _PATH_MARK


class LayoutKeptNode(template.Node):
    # Not walked for {% block %}s by {% extends %} on every render: a kept section holds none.
    child_nodelists = ()

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.copies: dict[tuple, tuple[str, ...]] = {}

    def render(self, context) -> str:
        # The same for every section of one page: worked out by the first, kept for the render.
        key = context.render_context.get(_KEY_OF_RENDER)
        if key is None:
            key = context.render_context[_KEY_OF_RENDER] = (
                get_language(),
                context.get("LANGUAGE_CODE"),
                bool(context.get("large_text")),
                get_script_prefix(),
            )
        pieces = self.copies.get(key)
        if pieces is None:
            with context.push(csrf_token=_CSRF_MARK, request=_PathMark()):
                pieces = tuple(_HOLES.split(self.nodelist.render(context)))
            if len(self.copies) >= 64:  # a few languages x two text sizes; never grows unbounded
                self.copies.clear()
            self.copies[key] = pieces
        if len(pieces) == 1:
            return mark_safe(pieces[0])
        csrf = path = None
        html = []
        for piece in pieces:
            if piece == _CSRF_INPUT:
                if csrf is None:
                    csrf = CsrfTokenNode().render(context)
                html.append(csrf)
            elif piece == _PATH_MARK:
                if path is None:
                    request = context.get("request")
                    path = "" if request is None else request.get_full_path()
                    if context.autoescape:
                        path = conditional_escape(path)
                html.append(path)
            else:
                html.append(piece)
        return mark_safe("".join(html))


@register.tag
def layout_kept(parser, token):
    nodelist = parser.parse(("endlayout_kept",))
    parser.delete_first_token()
    return LayoutKeptNode(nodelist)
