"""Uploaded files are served by one permission-checked view, never as a plain directory.

Each app registers the folder its uploads go to (the `upload_to` prefix), the model and file
field that hold them, and who may see one: `may_view(user, row)`. `/media/<name>` finds the row
holding exactly that file and asks; a file of no registered folder, without a row, or that the
user may not see answers 404 (no hint that it exists). Apps register in AppConfig.ready(), so
core imports none of them.

The same view runs in development and production (FileField.url keeps working in pages and
the admin). By default the checked file is streamed by Django (FileResponse); behind nginx, set
MEDIA_ACCEL_REDIRECT_PREFIX (e.g. "/protected-media/", an `internal` location aliasing
MEDIA_ROOT) and nginx sends it after the check (X-Accel-Redirect).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Model
from django.http import FileResponse, Http404, HttpResponse


@dataclass(frozen=True)
class MediaRule:
    prefix: str
    model: type[Model]
    field: str
    may_view: Callable[[object, Model], bool]
    public: bool
    select_related: tuple[str, ...]


_rules: list[MediaRule] = []

# Shown in the page; anything else is offered as a download.
_INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}


def register_media(
    prefix: str,
    *,
    model: type[Model],
    field: str,
    may_view: Callable[[object, Model], bool] | None = None,
    public: bool = False,
    select_related: tuple[str, ...] = (),
) -> None:
    """Serve files under `prefix` held by `model.field`: to anyone if `public`, otherwise to the
    users for whom `may_view(user, row)` is true."""
    if not public and may_view is None:
        raise ValueError("a non-public media folder needs may_view")
    _rules.append(MediaRule(prefix, model, field, may_view, public, select_related))
    _rules.sort(key=lambda rule: -len(rule.prefix))  # the most specific folder first


def media_file_for(user, name: str) -> tuple[MediaRule, Model]:
    """The rule and the row holding file `name`, if `user` may see it; Http404 otherwise."""
    rule = next((r for r in _rules if name.startswith(r.prefix)), None)
    if rule is None:
        raise Http404
    row = (
        rule.model._default_manager.select_related(*rule.select_related)
        .filter(**{rule.field: name})
        .first()
    )
    if row is None:
        raise Http404
    if not rule.public:
        if not user.is_authenticated:
            raise Http404
        try:
            allowed = rule.may_view(user, row)
        except Http404:
            allowed = False
        if not allowed:
            raise Http404
    return rule, row


def media_response(rule: MediaRule, name: str) -> HttpResponse:
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    inline = content_type in _INLINE_TYPES
    accel_prefix = getattr(settings, "MEDIA_ACCEL_REDIRECT_PREFIX", "")
    if accel_prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel_prefix.rstrip("/") + "/" + quote(name)
    else:
        try:
            handle = default_storage.open(name, "rb")
        except FileNotFoundError:
            raise Http404
        response = FileResponse(handle, content_type=content_type)
    filename = name.rsplit("/", 1)[-1]
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "public, max-age=86400" if rule.public else "private, max-age=3600"
    # A file is never a page: no scripts, no plugins, even if it were HTML in disguise.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
