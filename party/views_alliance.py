"""Staff pages of the 党建益联盟 in the workbench: units with their offers and commitments
(共建项目) followed up, the alliances' levels with member units and teams, and pairings (结对) of
units with community teams. Thin: reads through `party.selectors_alliance`, writes through the
party services run by `core.outcomes` (a refusal is said on the page, never a 500)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities.models import Node
from core.outcomes import act_and_redirect, submit_form
from party import selectors_alliance as selectors
from party import services
from party.forms_alliance import (
    AllianceForm,
    AllianceTeamForm,
    AllianceUnitForm,
    CommitmentForm,
    FollowUpForm,
    OfferForm,
    PairingEndForm,
    PairingForm,
    UnitDetailsForm,
    UnitForm,
)
from party.models import AllianceMember, Commitment, UnitOffer

# --- units, offers, commitments ----------------------------------------------------------


@login_required
def units(request):
    """The units of the staff member's area, their overdue projects first; a unit is added."""
    scope = selectors.alliance_staff_scope(request.user)
    today = timezone.localdate()
    communities = scope.managed_places([Node.Kind.COMMUNITY])
    form = UnitForm(request.POST or None, communities=communities)

    def page():
        return render(
            request,
            "party/alliance/units.html",
            {
                "units": selectors.units_list(scope=scope, today=today),
                "overdue": selectors.overdue_commitments(scope=scope, today=today),
                "form": form,
            },
        )

    if request.method != "POST":
        return page()
    return submit_form(
        request,
        form,
        lambda data: services.co_building_unit_save(actor=request.user, **data),
        lambda unit: _("%(name)s is saved.") % {"name": unit.name},
        request.path,
        page,
    )


def _unit_page(request, unit, *, offer_form=None, commitment_form=None, details_form=None):
    return render(
        request,
        "party/alliance/unit.html",
        {
            "unit": unit,
            "today": timezone.localdate(),
            "offer_form": offer_form or OfferForm(),
            "commitment_form": commitment_form or CommitmentForm(),
            "details_form": details_form or UnitDetailsForm.for_unit(unit),
        },
    )


@login_required
def unit_detail(request, pk: int):
    scope = selectors.alliance_staff_scope(request.user)
    return _unit_page(request, selectors.unit_get(scope=scope, pk=pk))


@login_required
@require_POST
def unit_edit(request, pk: int):
    """Change a unit's kind, contact and pledges (through the same save as adding it)."""
    scope = selectors.alliance_staff_scope(request.user)
    unit = selectors.unit_get(scope=scope, pk=pk)
    form = UnitDetailsForm.for_unit(unit, request.POST)
    return submit_form(
        request,
        form,
        lambda data: services.co_building_unit_save(
            actor=request.user, community=unit.community, name=unit.name, **data
        ),
        lambda saved: _("%(name)s is saved.") % {"name": saved.name},
        reverse("party:unit", args=[unit.pk]),
        lambda: _unit_page(request, unit, details_form=form),
    )


@login_required
@require_POST
def offer_add(request, pk: int):
    scope = selectors.alliance_staff_scope(request.user)
    unit = selectors.unit_get(scope=scope, pk=pk)
    form = OfferForm(request.POST)
    return submit_form(
        request,
        form,
        lambda data: services.unit_offer_add(actor=request.user, unit=unit, **data),
        _("The offer is recorded."),
        reverse("party:unit", args=[unit.pk]),
        lambda: _unit_page(request, unit, offer_form=form),
    )


@login_required
@require_POST
def offer_remove(request, pk: int):
    scope = selectors.alliance_staff_scope(request.user)
    offer = get_object_or_404(
        scope.filter(UnitOffer.objects.select_related("unit__community"), "unit__community"),
        pk=pk,
    )
    return act_and_redirect(
        request,
        lambda: services.unit_offer_remove(actor=request.user, offer=offer),
        _("The offer is removed."),
        "party:unit",
        pk=offer.unit_id,
    )


@login_required
@require_POST
def commitment_new(request, pk: int):
    scope = selectors.alliance_staff_scope(request.user)
    unit = selectors.unit_get(scope=scope, pk=pk)
    form = CommitmentForm(request.POST)
    return submit_form(
        request,
        form,
        lambda data: services.commitment_create(
            actor=request.user, unit=unit, community=unit.community, **data
        ),
        _("The project is recorded."),
        reverse("party:unit", args=[unit.pk]),
        lambda: _unit_page(request, unit, commitment_form=form),
    )


@login_required
def commitment_detail(request, pk: int):
    """A project with its follow-ups; staff record the next one here."""
    scope = selectors.alliance_staff_scope(request.user)
    commitment = selectors.commitment_get(scope=scope, pk=pk)
    form = FollowUpForm(request.POST or None)

    def page():
        return render(
            request,
            "party/alliance/commitment.html",
            {
                "commitment": commitment,
                "overdue": commitment.status != Commitment.Status.DONE
                and commitment.due_on < timezone.localdate(),
                "form": form,
            },
        )

    if request.method != "POST":
        return page()
    return submit_form(
        request,
        form,
        lambda data: services.commitment_follow_up(
            actor=request.user, commitment=commitment, **data
        ),
        _("The follow-up is recorded."),
        request.path,
        page,
    )


# --- alliances and pairings --------------------------------------------------------------


@login_required
def alliances(request):
    """The alliances' levels (district → street → teams) seen from the staff member's place."""
    scope = selectors.alliance_staff_scope(request.user)
    form = AllianceForm(
        request.POST or None, places=selectors.alliance_places_for_choice(scope=scope)
    )

    def page():
        return render(
            request,
            "party/alliance/alliances.html",
            {"alliances": selectors.alliances_list(scope=scope), "form": form},
        )

    if request.method != "POST":
        return page()
    return submit_form(
        request,
        form,
        lambda data: services.alliance_create(actor=request.user, **data),
        lambda alliance: _("%(name)s is set up.") % {"name": alliance.name},
        request.path,
        page,
    )


def _alliance_page(request, scope, alliance, **forms):
    node = alliance.node
    units = selectors.units_for_choice(scope=scope, node=node)
    teams = selectors.community_teams_for_choice(scope=scope, node=node)
    context = {
        "alliance": alliance,
        "members": selectors.alliance_members(scope=scope, alliance=alliance),
        "teams": selectors.alliance_teams(scope=scope, alliance=alliance),
        "pairings": selectors.pairings_in(scope=scope, node=node),
        "unit_form": forms.get("unit_form")
        or AllianceUnitForm(
            units=units.exclude(
                alliance_memberships__alliance=alliance,
                alliance_memberships__left_on__isnull=True,
            )
        ),
        "team_form": forms.get("team_form")
        or AllianceTeamForm(
            teams=selectors.teams_for_alliance_choice(scope=scope, alliance=alliance)
        ),
        "pairing_form": forms.get("pairing_form") or PairingForm(units=units, teams=teams),
    }
    return render(request, "party/alliance/alliance.html", context)


@login_required
def alliance_detail(request, pk: int):
    scope = selectors.alliance_staff_scope(request.user)
    return _alliance_page(request, scope, selectors.alliance_get(scope=scope, pk=pk))


@login_required
@require_POST
def alliance_unit_join(request, pk: int):
    scope = selectors.alliance_staff_scope(request.user)
    alliance = selectors.alliance_get(scope=scope, pk=pk)
    form = AllianceUnitForm(
        request.POST, units=selectors.units_for_choice(scope=scope, node=alliance.node)
    )
    return submit_form(
        request,
        form,
        lambda data: services.alliance_unit_join(
            actor=request.user,
            alliance=alliance,
            unit=data["unit"],
            joined_on=timezone.localdate(),
        ),
        _("The unit has joined the alliance."),
        reverse("party:alliance", args=[alliance.pk]),
        lambda: _alliance_page(request, scope, alliance, unit_form=form),
    )


@login_required
@require_POST
def alliance_unit_leave(request, pk: int):
    scope = selectors.alliance_staff_scope(request.user)
    member = get_object_or_404(
        scope.filter(AllianceMember.objects.select_related("unit__community"), "unit__community"),
        pk=pk,
    )
    return act_and_redirect(
        request,
        lambda: services.alliance_unit_leave(
            actor=request.user, member=member, on=timezone.localdate()
        ),
        _("The unit has left the alliance."),
        "party:alliance",
        pk=member.alliance_id,
    )


@login_required
@require_POST
def alliance_team_add(request, pk: int):
    scope = selectors.alliance_staff_scope(request.user)
    alliance = selectors.alliance_get(scope=scope, pk=pk)
    form = AllianceTeamForm(
        request.POST, teams=selectors.teams_for_alliance_choice(scope=scope, alliance=alliance)
    )
    return submit_form(
        request,
        form,
        lambda data: services.alliance_team_add(
            actor=request.user,
            alliance=alliance,
            team=data["team"],
            joined_on=timezone.localdate(),
        ),
        _("The team is counted in the alliance."),
        reverse("party:alliance", args=[alliance.pk]),
        lambda: _alliance_page(request, scope, alliance, team_form=form),
    )


@login_required
@require_POST
def pairing_new(request, pk: int):
    scope = selectors.alliance_staff_scope(request.user)
    alliance = selectors.alliance_get(scope=scope, pk=pk)
    form = PairingForm(
        request.POST,
        units=selectors.units_for_choice(scope=scope, node=alliance.node),
        teams=selectors.community_teams_for_choice(scope=scope, node=alliance.node),
    )
    return submit_form(
        request,
        form,
        lambda data: services.pairing_start(actor=request.user, **data),
        _("The unit and the team are paired."),
        reverse("party:alliance", args=[alliance.pk]),
        lambda: _alliance_page(request, scope, alliance, pairing_form=form),
    )


@login_required
def pairing_detail(request, pk: int):
    """A pairing; staff end it here with a record of what came of it."""
    scope = selectors.alliance_staff_scope(request.user)
    pairing = selectors.pairing_get(scope=scope, pk=pk)
    form = PairingEndForm(request.POST or None)

    def page():
        return render(request, "party/alliance/pairing.html", {"pairing": pairing, "form": form})

    if request.method != "POST" or pairing.ended_on is not None:
        return page()
    return submit_form(
        request,
        form,
        lambda data: services.pairing_end(actor=request.user, pairing=pairing, **data),
        _("The pairing has ended; its record is kept."),
        request.path,
        page,
    )
