"""Pages of the care app: phone-first for captains and grid workers, desktop for care staff.

Thin: reads through care.selectors (which audit every read), writes through care.services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from care import forms, selectors, services
from care.access import care_access_for_user
from care.imports import COLUMNS, care_tags_import
from core.forms import show_refusal
from core.http import client_ip
from core.outcomes import run_and_flash, run_on_form


def _require_register(user):
    access = care_access_for_user(user)
    if not access.has_register:
        raise Http404
    return access


def _require_staff(user):
    access = care_access_for_user(user)
    if access.staff.is_empty:
        raise Http404
    return access


@login_required
def hub(request):
    """What this user can do here: the register and visits (care roles), counselling (all)."""
    from care.selectors.visits import live_plans

    access = care_access_for_user(request.user)
    from care.role_views import _granting_scope

    assigned = live_plans().filter(assignee=request.user).exists()
    try:
        grants = bool(_granting_scope(request.user))
    except Http404:
        grants = False
    context = {"access": access, "assigned": assigned, "grants": grants}
    return render(request, "care/hub.html", context)


@login_required
def register(request):
    access = _require_register(request.user)
    form = forms.RegisterFilterForm(request.GET or None, user=request.user)
    filters = selectors.RegisterFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.RegisterFilters(
            place=data["place"],
            tag_type=data["tag_type"],
            level=data["level"],
            search=data["search"].strip(),
        )
    page = selectors.care_register_page(
        user=request.user,
        filters=filters,
        page=request.GET.get("page"),
        ip_address=client_ip(request),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "care/register.html",
        {"form": form, "page": page, "access": access, "query": query.urlencode()},
    )


@login_required
def person(request, pk: int):
    access = _require_register(request.user)
    resident = selectors.care_person_read(user=request.user, pk=pk, ip_address=client_ip(request))
    context = {
        "person": resident,
        "sees_basis": access.sees_basis(resident.household.node),
        "remove_form": forms.TagRemoveForm(),
    }
    context.update(_person_extras(request, resident))
    return render(request, "care/person.html", context)


def _person_extras(request, resident) -> dict:
    """The rounds of this person: plans with their next due date, the latest visits."""
    from care.selectors import visits as visit_selectors

    plans = visit_selectors.person_plans(resident)
    return {
        "plans": [(plan, visit_selectors.plan_due_on(plan)) for plan in plans],
        "visits": visit_selectors.person_visits(resident),
    }


@login_required
def tag_add(request):
    _require_staff(request.user)
    form = forms.TagAddForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_on_form(
            request,
            form,
            lambda: services.care_tag_add(
                actor=request.user,
                residency=data["residency"],
                tag_type=data["tag_type"],
                level=data["level"],
                note=data["note"],
                legal_basis=data["legal_basis"],
                consent_on=data["consent_on"],
                basis_note=data["basis_note"],
                retain_until=data["retain_until"],
            ),
            _("The tag was recorded."),
        )
        if done:
            return redirect("care:person", pk=done.result.residency_id)
    return render(request, "care/tag_form.html", {"form": form, "title": _("Add a care tag")})


@login_required
def tag_edit(request, pk: int):
    _require_staff(request.user)
    tag = selectors.care_tag_read(
        user=request.user, pk=pk, ip_address=client_ip(request), for_change=True
    )
    initial = {
        field: getattr(tag, field)
        for field in ("level", "note", "legal_basis", "consent_on", "basis_note", "retain_until")
    }
    form = forms.TagFieldsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: services.care_tag_update(actor=request.user, tag=tag, **form.cleaned_data),
            _("The tag was saved."),
        )
        if done:
            return redirect("care:person", pk=tag.residency_id)
    title = _("Change the tag %(tag)s") % {"tag": tag.tag_type.name}
    return render(request, "care/tag_form.html", {"form": form, "title": title, "tag": tag})


@login_required
@require_POST
def tag_remove(request, pk: int):
    _require_staff(request.user)
    tag = selectors.care_tag_read(
        user=request.user, pk=pk, ip_address=client_ip(request), for_change=True
    )
    form = forms.TagRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the tag is removed."))
        return redirect("care:person", pk=tag.residency_id)
    run_and_flash(
        request,
        lambda: services.care_tag_remove(
            actor=request.user, tag=tag, reason=form.cleaned_data["reason"]
        ),
        _("The tag was removed and its note erased."),
    )
    if (
        selectors.people_in_care_scope(care_access_for_user(request.user))
        .filter(pk=tag.residency_id)
        .exists()
    ):
        return redirect("care:person", pk=tag.residency_id)
    return redirect("care:register")


@login_required
def tags_import(request):
    _require_staff(request.user)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        dry_run = form.cleaned_data["dry_run"]
        try:
            result = care_tags_import(
                user=request.user, content=form.cleaned_data["file"].read(), dry_run=dry_run
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            if result.written:
                messages.success(
                    request, _("%(count)d tags were imported.") % {"count": result.written}
                )
                return redirect("care:register")
    return render(request, "care/import.html", {"form": form, "result": result, "columns": COLUMNS})
