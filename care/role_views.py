"""Granting and ending care roles: street staff over their street, care staff over their
community. The rules are the service's (care_role_grant); this page only lists and asks."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from care import forms, services
from care.access import care_access_for_user
from care.models import CareRole
from communities.models import Node, Post
from communities.scoping import scope_for_user
from core.outcomes import run_and_flash, run_on_form

PLACE_KINDS = [
    Node.Kind.STREET,
    Node.Kind.COMMUNITY,
    Node.Kind.GRID,
    Node.Kind.BUILDING,
    Node.Kind.STREET_SEGMENT,
]


def _granting_scope(user):
    """The scope in which the user may grant care roles, or 404."""
    scope = scope_for_user(user)
    if user.is_superuser or (scope.managing and Post.Kind.STREET_STAFF in scope.post_kinds):
        return scope
    staff = care_access_for_user(user).staff
    if staff.is_empty:
        raise Http404
    return staff


@login_required
def roles(request):
    scope = _granting_scope(request.user)
    places = scope.places(PLACE_KINDS)
    form = forms.RoleGrantForm(request.POST or None, places=places)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_on_form(
            request,
            form,
            lambda: services.care_role_grant(
                actor=request.user, user=data["user"], node=data["node"], kind=data["kind"]
            ),
            _("The care role was granted."),
        )
        if done:
            return redirect("care:roles")
    current = scope.filter(
        CareRole.objects.filter(ended_at__isnull=True).select_related("user", "node"), "node"
    ).order_by("node__path", "kind")[:200]
    # not "roles": the layout reads that name for the navigation
    return render(request, "care/roles.html", {"form": form, "care_roles": current})


@login_required
@require_POST
def role_end(request, pk: int):
    scope = _granting_scope(request.user)
    role = get_object_or_404(
        scope.filter(CareRole.objects.select_related("node", "user"), "node"), pk=pk
    )
    run_and_flash(
        request,
        lambda: services.care_role_end(actor=request.user, role=role),
        _("The care role was ended."),
    )
    return redirect("care:roles")
