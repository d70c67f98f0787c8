"""The workbench pages: thin, everything they show comes from `workbench.selectors`."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from communities.scoping import require_managing_scope
from core.charts import bar_chart
from workbench import exports, selectors
from workbench.forms import ExportForm, PeriodForm
from workbench.performance import participation_equity, place_performance
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


def _period(request) -> tuple[PeriodForm, dict]:
    """The chosen period, or this month so far; a malformed one is said on the form."""
    initial = PeriodForm.default_period()
    form = PeriodForm(request.GET or None, initial=initial)
    if form.is_bound and form.is_valid():
        return form, {"start": form.cleaned_data["start"], "end": form.cleaned_data["end"]}
    return form, initial


@login_required
def performance(request, pk: int):
    scope = require_managing_scope(request.user)
    node = selectors.workbench_place_get(scope=scope, pk=pk)
    form, period = _period(request)
    figures = place_performance(node=node, **period)
    equity = participation_equity(node=node, **period)
    context = {
        "node": node,
        "breadcrumb": selectors.workbench_breadcrumb(scope=scope, node=node),
        "form": form,
        "period": period,
        "figures": figures,
        "equity": equity,
        "charts": performance_charts(figures),
        "query": urlencode({key: value.isoformat() for key, value in period.items()}),
    }
    return render(request, "workbench/performance.html", context)


@login_required
def performance_export(request, pk: int):
    scope = require_managing_scope(request.user)
    node = selectors.workbench_place_get(scope=scope, pk=pk)
    form = ExportForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(
            " ".join(str(e) for errors in form.errors.values() for e in errors),
            content_type="text/plain; charset=utf-8",
        )
    period = {"start": form.cleaned_data["start"], "end": form.cleaned_data["end"]}
    panel = form.cleaned_data["panel"]
    if panel == "places":
        content = exports.places_workbook(place_performance(node=node, **period))
    else:
        content = exports.equity_workbook(
            node=node, equity=participation_equity(node=node, **period), **period
        )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"workbench-{panel}-{node.code}-{period['start']}-{period['end']}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def performance_charts(figures: dict) -> list[dict]:
    """One bar chart per figure, a bar per child place (the place itself when it has none)."""
    places = figures["children"] or [figures["total"]]
    specs = [
        (_("Closing rate"), lambda p: p.indicators.closing_rate, "%"),
        (_("On-time closing rate"), lambda p: p.indicators.on_time_closing_rate, "%"),
        (_("Response rate"), lambda p: p.indicators.response_rate, "%"),
        (_("Satisfaction rate"), lambda p: p.indicators.satisfaction_rate, "%"),
        (_("Patrol coverage"), lambda p: p.patrol_coverage, "%"),
        (_("Verified volunteer hours"), lambda p: p.hours, ""),
        (_("Quiz participation"), lambda p: p.quiz_rate, "%"),
        (_("Coupons redeemed"), lambda p: p.coupons_used, ""),
    ]
    return [
        {
            "title": title,
            "svg": bar_chart(title, [(p.node.name, value(p)) for p in places], unit=unit),
        }
        for title, value, unit in specs
    ]
