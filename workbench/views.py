"""The workbench pages: thin, everything they show comes from `workbench.selectors`."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from communities.scoping import require_managing_scope
from workbench import selectors
from workbench.queues import workbench_ledger_alert, workbench_queues


@login_required
def home(request):
    """The staff's home: their place's workbench, or a choice when they hold several places."""
    scope = require_managing_scope(request.user)
    places = selectors.workbench_places(scope=scope)
    if len(places) == 1:
        return redirect("workbench:place", pk=places[0].pk)
    return render(request, "workbench/choose.html", {"places": places})


@login_required
def place(request, pk: int):
    scope = require_managing_scope(request.user)
    node = selectors.workbench_place_get(scope=scope, pk=pk)
    context = {
        "node": node,
        "breadcrumb": selectors.workbench_breadcrumb(scope=scope, node=node),
        "children": selectors.workbench_children(node=node),
        "queues": workbench_queues(node=node),
        "ledger_alert": workbench_ledger_alert(node=node),
    }
    return render(request, "workbench/place.html", context)
