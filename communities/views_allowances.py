"""The month's captains' allowances for staff (computed from duties, reviewed, rerun, marked
paid) and the public 公示 of 优秀楼栋长 / 文明楼道. Thin: communities.services.allowances computes."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.masking import name_for_others
from communities.forms import MonthForm
from communities.models import Allowance, EvaluationEntry, Node
from communities.scoping import get_in_scope_or_404, require_managing_scope
from communities.services import (
    allowance_mark_paid,
    allowances_compute_month,
    excellent_captains_from_duties,
)
from communities.services.allowances import BASE_AMOUNT, WEIGHTS
from core.outcomes import run_and_flash


def _place(request, scope, value: str) -> Node:
    if value.isdigit():
        return get_in_scope_or_404(
            Node.objects.all(), user=request.user, pk=int(value), node_field=""
        )
    return scope.roots[0]


def _back(node: Node, month) -> str:
    return f"{reverse('communities:allowances')}?node={node.pk}&month={month:%Y-%m}"


@login_required
def allowances(request):
    scope = require_managing_scope(request.user)
    node = _place(request, scope, request.GET.get("node", ""))
    form = MonthForm(request.GET if "month" in request.GET else None)
    month = form.cleaned_data["month"] if form.is_bound and form.is_valid() else None
    if month is None:
        # The month just ended is the one usually paid.
        month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        if not form.is_bound:
            form = MonthForm(initial={"month": f"{month:%Y-%m}"})
    rows = (
        Allowance.objects.filter(node.subtree_q("post__node"), month=month)
        .select_related("post__node", "captain")
        .order_by("post__node__path", "pk")
    )
    context = {
        "node": node,
        "form": form,
        "month": month,
        "rows": rows,
        "base": BASE_AMOUNT,
        "weights": {key: int(value * 100) for key, value in WEIGHTS.items()},
    }
    return render(request, "communities/allowances.html", context)


@login_required
@require_POST
def allowances_compute(request):
    scope = require_managing_scope(request.user)
    node = _place(request, scope, request.POST.get("node", ""))
    form = MonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a month like 2026-03."))
        return redirect(f"{reverse('communities:allowances')}?node={node.pk}")
    month = form.cleaned_data["month"]
    run_and_flash(
        request,
        lambda: allowances_compute_month(actor=request.user, node=node, month=month),
        lambda outcome: (
            _(
                "Computed: %(created)d new, %(updated)d changed, %(unchanged)d unchanged, "
                "%(paid_kept)d already paid (kept)."
            )
            % outcome
        ),
    )
    return redirect(_back(node, month))


@login_required
@require_POST
def excellent_captains(request):
    scope = require_managing_scope(request.user)
    node = _place(request, scope, request.POST.get("node", ""))
    form = MonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a month like 2026-03."))
        return redirect(f"{reverse('communities:allowances')}?node={node.pk}")
    month = form.cleaned_data["month"]
    run_and_flash(
        request,
        lambda: excellent_captains_from_duties(actor=request.user, node=node, month=month),
        _("The excellent captains are selected and publicly shown."),
    )
    return redirect(_back(node, month))


@login_required
@require_POST
def allowance_paid(request, pk: int):
    require_managing_scope(request.user)
    allowance = get_in_scope_or_404(
        Allowance.objects.select_related("post__node"),
        user=request.user,
        pk=pk,
        node_field="post__node",
    )
    run_and_flash(
        request,
        lambda: allowance_mark_paid(actor=request.user, allowance=allowance),
        _("Marked as paid."),
    )
    return redirect(_back(allowance.post.node.community or allowance.post.node, allowance.month))


def honours(request, code: str):
    """The community's public 公示: awarded 优秀楼栋长 and 文明楼道 of published rounds; names
    masked as shown to other residents, no phone or other personal data."""
    community = get_object_or_404(Node, code=code, kind=Node.Kind.COMMUNITY)
    entries = (
        EvaluationEntry.objects.filter(
            community.subtree_q("node"), awarded=True, round__status="published"
        )
        .select_related("round", "node", "captain")
        .order_by("-round__period_end", "round_id", "rank")
    )
    rounds: dict = {}
    for entry in entries:
        rounds.setdefault(entry.round, []).append(
            {
                "rank": entry.rank,
                "place": entry.node.name,
                "name": name_for_others(entry.captain) if entry.captain else "",
                "score": entry.score,
            }
        )
    return render(
        request, "communities/honours.html", {"community": community, "rounds": rounds.items()}
    )
