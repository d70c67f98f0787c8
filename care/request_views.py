"""Pages of service requests: a visit's finding asked as a service, followed up to done by
the care roles over the person's home (captain, grid worker, care staff)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from care import forms, services
from care.selectors import requests as request_selectors
from care.selectors import visits as visit_selectors
from core.http import client_ip
from core.outcomes import run_and_flash, run_on_form


@login_required
def requests(request):
    page = Paginator(request_selectors.service_requests_for_user(user=request.user), 20).get_page(
        request.GET.get("page")
    )
    request_selectors.service_requests_audit(
        user=request.user, requests=page.object_list, ip_address=client_ip(request)
    )
    return render(request, "care/requests.html", {"page": page})


@login_required
def request_detail(request, pk: int):
    item = request_selectors.service_request_read(
        user=request.user, pk=pk, ip_address=client_ip(request)
    )
    form = forms.RequestProgressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        moved = run_on_form(
            request,
            form,
            lambda: services.service_request_progress(
                actor=request.user, request=item, **form.cleaned_data
            ),
            _("The request was updated."),
        )
        if moved:
            return redirect("care:request", pk=item.pk)
    context = {"item": item, "form": form if item.status != item.Status.DONE else None}
    return render(request, "care/request_detail.html", context)


@login_required
@require_POST
def visit_to_request(request, pk: int):
    visit = visit_selectors.visit_read(user=request.user, pk=pk, ip_address=client_ip(request))
    form = forms.ToRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the service and say what is needed."))
        return redirect("care:visit", pk=visit.pk)
    done = run_and_flash(
        request,
        lambda: services.visit_finding_to_service_request(
            actor=request.user, visit=visit, **form.cleaned_data
        ),
        _("The service request was sent to the care staff."),
    )
    if done and request_selectors.service_requests_for_user_exists(user=request.user):
        return redirect("care:request", pk=done.result.pk)
    return redirect("care:visit", pk=visit.pk)
