"""The organisation above (its officers) or staff over the place manage a branch outside the
admin: transfers in, out and between branches with their record, officers' appointments and
the end of their terms. Every write through party.services; nobody manages their own
organisation (party.access.may_manage)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import refusal_text, show_refusal
from party import selectors, services
from party.access import may_manage, organisations_for
from party.forms_manage import AppointForm, TransferForm, TransferInForm
from party.models import PartyBranch, PartyOfficer

TRANSFERS_SHOWN = 30


def _managed(user, pk: int) -> PartyBranch:
    """An organisation the user may manage; 404 otherwise (never a hint that it exists)."""
    organisation = organisations_for(user).select_related("node", "parent").filter(pk=pk).first()
    if organisation is None or not may_manage(user, organisation):
        raise Http404
    return organisation


def _page(request, organisation, *, transfer=None, transfer_in=None, appoint=None, status=200):
    members = selectors.members_of(organisation)
    branches = organisations_for(request.user).exclude(pk=organisation.pk).order_by("name")
    today = timezone.localdate()
    initial = {"on": today}
    return render(
        request,
        "party/manage.html",
        {
            "organisation": organisation,
            "members": members,
            "officers": PartyOfficer.objects.filter(organisation=organisation, ends_on__isnull=True)
            .select_related("user")
            .order_by("role", "starts_on", "pk"),
            "transfers": selectors.transfers_of(organisation)[:TRANSFERS_SHOWN],
            "transfer_form": transfer
            or TransferForm(initial=initial, members=members, branches=branches),
            "transfer_in_form": transfer_in
            or TransferInForm(initial={**initial, "status": "full"}),
            "appoint_form": appoint or AppointForm(initial={"starts_on": today}),
        },
        status=status,
    )


@login_required
def manage(request, pk: int):
    return _page(request, _managed(request.user, pk))


@login_required
@require_POST
def transfer(request, pk: int):
    organisation = _managed(request.user, pk)
    form = TransferForm(
        request.POST,
        members=selectors.members_of(organisation),
        branches=organisations_for(request.user).exclude(pk=organisation.pk),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.member_transfer(
                actor=request.user,
                member=data["member"],
                direction=data["direction"],
                on=data["on"],
                to_branch=data["to_branch"] if data["direction"] == "within" else None,
                other_organisation=data["other_organisation"] if data["direction"] == "out" else "",
                note=data["note"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The transfer is recorded."))
            return redirect("party:manage", pk=organisation.pk)
    return _page(request, organisation, transfer=form, status=400)


@login_required
@require_POST
def transfer_in(request, pk: int):
    organisation = _managed(request.user, pk)
    form = TransferInForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.member_transfer_in(
                actor=request.user,
                user=data["person"],
                to_branch=organisation,
                other_organisation=data["other_organisation"],
                on=data["on"],
                status=data["status"],
                joined_on=data["joined_on"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The member is transferred in."))
            return redirect("party:manage", pk=organisation.pk)
    return _page(request, organisation, transfer_in=form, status=400)


@login_required
@require_POST
def officer_appoint(request, pk: int):
    organisation = _managed(request.user, pk)
    form = AppointForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.officer_appoint(
                actor=request.user,
                organisation=organisation,
                user=data["person"],
                role=data["role"],
                starts_on=data["starts_on"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The officer is appointed."))
            return redirect("party:manage", pk=organisation.pk)
    return _page(request, organisation, appoint=form, status=400)


@login_required
@require_POST
def officer_end(request, pk: int, officer_pk: int):
    organisation = _managed(request.user, pk)
    officer = get_object_or_404(PartyOfficer, pk=officer_pk, organisation=organisation)
    try:
        services.officer_end(actor=request.user, officer=officer)
    except ValidationError as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("The term has ended."))
    return redirect("party:manage", pk=organisation.pk)
