"""{% kept_app_list available_apps %}: the admin's navigation sidebar (admin/app_list.html)
rendered once per process per content, like core's kept rows.

Every admin page rendered the sidebar's list of apps and models afresh (a few dozen links,
their names translated, the current one marked): a tenth of a scoped changelist. Its HTML is a
function of the apps and models the user may see (their names and links), which of them the
page lies under, and the language, so those are the key; the list itself is still worked out
per request by the admin site (the user's permissions), only its rendering is kept.
"""

import threading
from urllib.parse import quote

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

_KEPT_MAX = 512
_kept: dict[tuple, str] = {}
_lock = threading.Lock()


def _within(link, path: str) -> bool:
    """`link in request.path|urlencode` as the template's `in` reads it (None: false)."""
    try:
        return link in path
    except TypeError:
        return False


def _key(app_list, path: str) -> tuple:
    return tuple(
        (
            str(app["name"]),
            app["app_label"],
            app["app_url"],
            _within(app["app_url"], path),
            tuple(
                (
                    str(model["name"]),
                    model["object_name"],
                    model.get("admin_url"),
                    model.get("add_url"),
                    bool(model.get("view_only")),
                    _within(model.get("admin_url"), path),
                )
                for model in app["models"]
            ),
        )
        for app in app_list
    )


@register.simple_tag(takes_context=True)
def kept_app_list(context, app_list) -> str:
    request = context["request"]
    path = quote(request.path)  # the template's request.path|urlencode
    key = (get_language(), _key(app_list, path))
    html = _kept.get(key)
    if html is None:
        html = mark_safe(
            render_to_string(
                "admin/app_list.html",
                {"app_list": app_list, "show_changelinks": False, "request": request},
            )
        )
        with _lock:
            if len(_kept) >= _KEPT_MAX:  # many users' menus and pages: start again
                _kept.clear()
            _kept[key] = html
    return html
