"""Places' shapes for the map: a GeoJSON import per place (checked first, saved on request)
and the drawing tool's save and clear (JSON, called by the map page's script)."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities.forms import ShapeImportForm
from communities.geojson import MAX_FILE_BYTES, TYPES_FOR_KIND
from communities.models import Node
from communities.scoping import get_in_scope_or_404, require_managing_scope
from communities.services.shapes import place_shape_clear, place_shape_set, place_shapes_import
from core.outcomes import run_on_form


def _managed_place(request, pk: int) -> Node:
    scope = require_managing_scope(request.user)
    node = get_in_scope_or_404(Node.objects.all(), user=request.user, pk=pk, node_field="")
    if node.kind not in TYPES_FOR_KIND or not scope.manages(node):
        raise Http404
    return node


@login_required
def shapes_import(request, pk: int):
    node = _managed_place(request, pk)
    form = ShapeImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = run_on_form(
            request,
            form,
            lambda: place_shapes_import(
                actor=request.user,
                root=node,
                content=form.cleaned_data["file"].read(MAX_FILE_BYTES + 1),
                dry_run=form.cleaned_data["dry_run"],
            ),
        ).result  # None when refused (the reason is on the form)
    return render(
        request, "communities/shapes_import.html", {"node": node, "form": form, "report": report}
    )


def _refusal(error: ValidationError, status: int = 400) -> JsonResponse:
    code = getattr(error, "code", None) or "invalid"
    return JsonResponse({"detail": " ".join(error.messages), "code": code}, status=status)


@login_required
@require_POST
def shape_save(request, pk: int):
    """Save a drawn shape: the body is a GeoJSON geometry (or a Feature holding one)."""
    node = _managed_place(request, pk)
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return _refusal(ValidationError(_("The shape is not valid JSON."), code="invalid_json"))
    if isinstance(body, dict) and body.get("type") == "Feature":
        body = body.get("geometry")
    try:
        shape = place_shape_set(actor=request.user, node=node, geometry=body)
    except ValidationError as error:
        return _refusal(error)
    return JsonResponse({"place": node.pk, "geometry": shape.geometry})


@login_required
@require_POST
def shape_clear(request, pk: int):
    node = _managed_place(request, pk)
    place_shape_clear(actor=request.user, node=node)
    return JsonResponse({"place": node.pk, "geometry": None})
