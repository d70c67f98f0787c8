"""The workbench map: the page (boundaries, buildings, case pins; a drawing mode for staff)
and its data as GeoJSON. Scoped like every workbench page: another community's place is 404."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.scoping import require_managing_scope
from workbench import selectors
from workbench.map import drawable_places, map_legend, map_tiles, place_map


def map_words() -> dict:
    """The words the map's script shows (the page's language, passed as JSON)."""
    return {
        "cases": _("open cases"),
        "shown": _("shown on the map (cases with no position are not)"),
        "overdue": _("Overdue"),
        "noShapes": _("No boundaries yet: draw them or import a file."),
        "saved": _("Saved."),
        "removed": _("Removed."),
        "failed": _("Not saved:"),
        "reported": _("Reported on"),
        "openCase": _("Open the case"),
        "openPlace": _("Open its workbench"),
        "drawing": _("Click on the map to draw; click the first corner again to finish."),
    }


@login_required
def map_page(request, pk: int):
    scope = require_managing_scope(request.user)
    node = selectors.workbench_place_get(scope=scope, pk=pk)
    children = selectors.workbench_children(node=node)
    drawing = request.GET.get("draw") == "1"
    tiles = map_tiles(node=node)
    context = {
        "node": node,
        "breadcrumb": selectors.workbench_breadcrumb(scope=scope, node=node),
        "children": children,
        "legend": map_legend(),
        "tiles": {key: value for key, value in tiles.items() if key != "sources"},
        "drawing": drawing,
        "drawable": drawable_places(node=node, children=children) if drawing else [],
        "words": map_words(),
    }
    response = render(request, "workbench/map.html", context)
    if tiles["sources"]:
        # Only this page loads the tile server's images; the rest of the site keeps img-src
        # to itself.
        response._csp_update = {"img-src": tiles["sources"]}
    return response


@login_required
def map_data(request, pk: int):
    scope = require_managing_scope(request.user)
    node = selectors.workbench_place_get(scope=scope, pk=pk)
    return JsonResponse(place_map(node=node, now=timezone.now()))
