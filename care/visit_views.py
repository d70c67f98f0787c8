"""Home-visit pages: what is due, the visit form on the phone, a finding made a case or wish."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from care import forms, selectors, services
from care.access import care_access_for_user
from care.selectors import visits as visit_selectors
from core.http import client_ip
from core.outcomes import run_and_flash, run_on_form


@login_required
def visits_due(request):
    due = visit_selectors.visits_due(user=request.user, ip_address=client_ip(request))
    if not due and not care_access_for_user(request.user).has_register:
        raise Http404
    groups: dict = {}
    for item in due:
        groups.setdefault(item.grid, []).append(item)
    return render(request, "care/visits_due.html", {"groups": list(groups.items())})


@login_required
def visit_new(request, pk: int):
    residency = visit_selectors.residency_for_visit(user=request.user, pk=pk)
    form = forms.VisitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_on_form(
            request,
            form,
            lambda: services.visit_record(
                actor=request.user,
                residency=residency,
                seen_in_person=data["seen_in_person"] == "yes",
                finding=data["finding"],
                photo=data["photo"],
                health=data["health"],
                living=data["living"],
                safety=data["safety"],
                needs=data["needs"],
            ),
            _("The visit was recorded."),
        )
        if done:
            return redirect("care:visit", pk=done.result.pk)
    return render(request, "care/visit_form.html", {"form": form, "person": residency})


@login_required
def visit_detail(request, pk: int):
    visit = visit_selectors.visit_read(user=request.user, pk=pk, ip_address=client_ip(request))
    photo_visible = visit_selectors.photo_visible(request.user, visit)
    # the care roles over the home see the photo and follow requests up; a plan's visitor does not
    context = {"visit": visit, "photo_visible": photo_visible, "can_follow_up": photo_visible}
    if visit.case_id is None:
        context["case_form"] = forms.ToCaseForm(initial={"description": visit.finding})
    if visit.wish_id is None:
        context["wish_form"] = forms.ToWishForm(initial={"title": visit.finding[:100]})
    service_request = getattr(visit, "service_request", None)
    context["service_request"] = service_request
    if service_request is None:
        context["request_form"] = forms.ToRequestForm(initial={"description": visit.finding})
    return render(request, "care/visit_detail.html", context)


@login_required
@require_POST
def visit_to_case(request, pk: int):
    visit = visit_selectors.visit_read(user=request.user, pk=pk, ip_address=client_ip(request))
    form = forms.ToCaseForm(request.POST)
    if form.is_valid():
        done = run_and_flash(
            request,
            lambda: services.visit_finding_to_case(
                actor=request.user,
                visit=visit,
                category=form.cleaned_data["category"],
                description=form.cleaned_data["description"],
            ),
            lambda case: _("The finding is now case #%d.") % case.pk,
        )
        if done:
            return redirect("cases:detail", pk=done.result.pk)
    else:
        messages.error(request, _("Choose the kind of problem and write what is wrong."))
    return redirect("care:visit", pk=visit.pk)


@login_required
@require_POST
def visit_to_wish(request, pk: int):
    visit = visit_selectors.visit_read(user=request.user, pk=pk, ip_address=client_ip(request))
    form = forms.ToWishForm(request.POST)
    if form.is_valid():
        run_and_flash(
            request,
            lambda: services.visit_finding_to_wish(
                actor=request.user, visit=visit, title=form.cleaned_data["title"]
            ),
            _("The need was posted as a wish."),
        )
    else:
        messages.error(request, _("Say what the person needs."))
    return redirect("care:visit", pk=visit.pk)


@login_required
def plan_set(request, pk: int):
    tag = selectors.care_tag_read(
        user=request.user, pk=pk, ip_address=client_ip(request), for_change=True
    )
    initial = {"every_days": tag.tag_type.visit_every_days or 30}
    form = forms.PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: services.visit_plan_set(
                actor=request.user,
                tag=tag,
                every_days=form.cleaned_data["every_days"],
                assignee=form.cleaned_data["assignee"],
            ),
            _("The visit plan was saved."),
        )
        if done:
            return redirect("care:person", pk=tag.residency_id)
    title = _("Visit plan for %(tag)s") % {"tag": tag.tag_type.name}
    context = {"form": form, "title": title, "no_privacy_note": True}
    return render(request, "care/tag_form.html", context)
