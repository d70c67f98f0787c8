"""Organisers' pages (team leaders, deputies, community staff): join requests and roles,
projects with their shifts (publish, edit, cancel a shift), and the verifier's page.

Verification: the pending records of a page are decided in one form; the rule is the
service's (`services.hour_records_verify`): the decisions of one form are saved together or
not at all. When any is refused, the page comes back exactly as the leader filled it, each
refused record marked with the reason, and nothing is saved; records left on "not now" stay
pending.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from communities.models import Node
from communities.scoping import scope_for_user
from core.outcomes import act_and_redirect, run_on_form
from volunteers import selectors, services
from volunteers.forms import ProjectForm, ReasonForm, ShiftForm, VerifyForm
from volunteers.models import Membership, Shift


@login_required
@require_POST
def membership_decide(request, pk: int):
    membership = get_object_or_404(Membership.objects.select_related("team"), pk=pk)
    approve = request.POST.get("approve") == "1"
    return act_and_redirect(
        request,
        lambda: services.membership_decide(
            actor=request.user, membership=membership, approve=approve
        ),
        _("Done."),
        request.POST.get("next") or reverse("volunteers:team", args=[membership.team_id]),
    )


@login_required
@require_POST
def membership_role(request, pk: int):
    membership = get_object_or_404(Membership.objects.select_related("team"), pk=pk)
    return act_and_redirect(
        request,
        lambda: services.membership_set_role(
            actor=request.user, membership=membership, role=request.POST.get("role", "")
        ),
        _("The role was changed."),
        reverse("volunteers:team", args=[membership.team_id]),
    )


def _places(user):
    """Communities (and the street) staff may publish for without a team; None for leaders."""
    scope = scope_for_user(user)
    return scope.managed_places([Node.Kind.COMMUNITY, Node.Kind.STREET]) if scope.managing else None


@login_required
def projects(request):
    teams = selectors.teams_for_organiser(request.user)
    if not teams.exists() and not scope_for_user(request.user).managing:
        raise Http404  # not an organiser: the page does not exist for them
    rows = list(selectors.projects_organised_by(request.user)[:50])
    return render(request, "volunteers/organise_projects.html", {"projects": rows})


@login_required
def project_new(request):
    teams = selectors.teams_for_organiser(request.user)
    places = _places(request.user)
    if not teams.exists() and places is None:
        raise Http404
    form = ProjectForm(request.POST or None, teams=teams, places=places)
    shift_form = ShiftForm(request.POST or None, optional=True, prefix="shift")
    if request.method == "POST" and form.is_valid() and shift_form.is_valid():
        data = form.cleaned_data
        team = data.get("team")
        done = run_on_form(
            request,
            form,
            lambda: services.project_create(
                actor=request.user,
                node=team.node if team else data["node"],
                team=team,
                title=data["title"],
                description=data["description"],
                place=data["place"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                skills_wanted=data["skills_wanted"],
                shifts=[] if shift_form.is_empty() else [shift_form.spec()],
            ),
            _("The project is published. Add more shifts below."),
        )
        if done:
            return redirect("volunteers:organise_project", pk=done.result.pk)
    return render(
        request, "volunteers/organise_project_form.html", {"form": form, "shift_form": shift_form}
    )


@login_required
def project(request, pk: int):
    project = selectors.project_get_for_organiser(user=request.user, pk=pk)
    shift_form = ShiftForm(request.POST or None)
    if request.method == "POST" and shift_form.is_valid():
        done = run_on_form(
            request,
            shift_form,
            lambda: services.shift_create(actor=request.user, project=project, **shift_form.spec()),
            _("The shift was added."),
        )
        if done:
            return redirect("volunteers:organise_project", pk=pk)
    context = {
        "project": project,
        "shifts": list(selectors.project_shifts(project=project)),
        "shift_form": shift_form,
    }
    return render(request, "volunteers/organise_project.html", context)


@login_required
def project_edit(request, pk: int):
    project = selectors.project_get_for_organiser(user=request.user, pk=pk)
    initial = {
        name: getattr(project, name)
        for name in ("title", "description", "place", "starts_on", "ends_on", "skills_wanted")
    }
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: services.project_update(
                actor=request.user, project=project, **form.cleaned_data
            ),
            _("The project was saved."),
        )
        if done:
            return redirect("volunteers:organise_project", pk=pk)
    return render(
        request, "volunteers/organise_project_form.html", {"form": form, "project": project}
    )


@login_required
def shift_edit(request, pk: int):
    shift = selectors.shift_get_for_organiser(user=request.user, pk=pk)
    form = ShiftForm(request.POST or None, initial=ShiftForm.initial_for(shift))
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: services.shift_update(actor=request.user, shift=shift, **form.spec()),
            _("The shift was saved; volunteers on it are told."),
        )
        if done:
            return redirect("volunteers:organise_project", pk=shift.project_id)
    return _shift_page(request, shift, form=form)


def _shift_page(request, shift, *, form=None, cancel_form=None):
    context = {
        "shift": shift,
        "project": shift.project,
        "form": form if form is not None else ShiftForm(initial=ShiftForm.initial_for(shift)),
        "cancel_form": cancel_form if cancel_form is not None else ReasonForm(),
        "cancelled": shift.status == Shift.Status.CANCELLED,
    }
    return render(request, "volunteers/organise_shift.html", context)


@login_required
@require_POST
def shift_cancel(request, pk: int):
    shift = selectors.shift_get_for_organiser(user=request.user, pk=pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: services.shift_cancel(
                actor=request.user, shift=shift, reason=form.cleaned_data["reason"]
            ),
            _("The shift is cancelled; everyone signed up is told."),
        )
        if done:
            return redirect("volunteers:organise_project", pk=shift.project_id)
    # The reason typed stays in its box, with what is wrong next to it.
    return _shift_page(request, shift, cancel_form=form)


PAGE_SIZE = 20


@login_required
def verify(request):
    if request.method == "POST":
        return _decide(request)
    records = selectors.hour_records_pending_for_user(request.user)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    lines = [VerifyForm(record=record) for record in page]
    return render(request, "volunteers/verify.html", {"page": page, "lines": lines})


def _decide(request):
    posted = [pk for pk in request.POST.getlist("records") if pk.isdigit()][:PAGE_SIZE]
    back = reverse("volunteers:verify")
    if not posted:
        return redirect(back)
    # Every record of the form must be the user's to verify (404 otherwise, as for one record).
    records = selectors.hour_records_for_verifier(user=request.user, pks=[int(pk) for pk in posted])
    lines = [VerifyForm(request.POST, record=record) for record in records]
    problems = {
        line.record.pk: " ".join(message for errors in line.errors.values() for message in errors)
        for line in lines
        if not line.is_valid()
    }
    decisions = [line.to_decision() for line in lines if line.is_valid()]
    decisions = [decision for decision in decisions if decision is not None]
    error = ""
    if not problems and not decisions:
        error = _("Choose a decision for at least one record, then save.")
    elif not problems:
        try:
            services.hour_records_verify(actor=request.user, decisions=decisions)
        except services.VerificationRefused as refused:
            problems = refused.failures
        else:
            messages.success(
                request,
                ngettext(
                    "Saved: %(count)d decision.", "Saved: %(count)d decisions.", len(decisions)
                )
                % {"count": len(decisions)},
            )
            return redirect(back)
    for line in lines:
        line.problem = problems.get(line.record.pk, "")
    context = {
        "lines": lines,
        "refused": [line for line in lines if line.problem],
        "error": error,
        "kept": True,
    }
    return render(request, "volunteers/verify.html", context)
