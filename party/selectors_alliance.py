"""Reads of the staff pages of the 党建益联盟: units with their offers and commitments (共建项目),
the alliances' levels, member units, teams and pairings (结对).

Staff reach: who holds a post overseeing party work (district, street, community staff and
secretaries; `party.access.OVERSIGHT_POSTS`) sees the rows of the places in their scope, so a
street's staff see their street's, a community's their community's; anyone else gets 404.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from communities.models import Node
from communities.scoping import Scope, require_managing_scope
from party.access import OVERSIGHT_POSTS
from party.models import (
    Alliance,
    AllianceMember,
    AllianceTeam,
    CoBuildingUnit,
    Commitment,
    CommitmentFollowUp,
    Pairing,
)
from party.services.alliance import commitments_overdue
from volunteers.models import Team

DONE = Commitment.Status.DONE


def alliance_staff_scope(user) -> Scope:
    """The scope of a user who works on co-building; 404 for everyone else."""
    scope = require_managing_scope(user)
    if not scope.unrestricted and not scope.post_kinds & OVERSIGHT_POSTS:
        raise Http404
    return scope


def units_list(*, scope: Scope, today: datetime.date) -> QuerySet[CoBuildingUnit]:
    """Units in scope with their offers counted and open and overdue projects counted."""
    open_ = Q(commitments__status__in=[Commitment.Status.PROMISED, Commitment.Status.UNDER_WAY])
    return (
        scope.filter(CoBuildingUnit.objects.select_related("community"), "community")
        .annotate(
            offer_count=Count("offers", distinct=True),
            open_count=Count("commitments", filter=open_, distinct=True),
            overdue_count=Count(
                "commitments", filter=open_ & Q(commitments__due_on__lt=today), distinct=True
            ),
        )
        .order_by("community__path", "name")
    )


def unit_get(*, scope: Scope, pk) -> CoBuildingUnit:
    """One unit in scope with its offers, commitments and pairings, or 404."""
    queryset = scope.filter(CoBuildingUnit.objects.select_related("community"), "community")
    return get_object_or_404(
        queryset.prefetch_related(
            "offers",
            Prefetch("commitments", Commitment.objects.select_related("community")),
            Prefetch("pairings", Pairing.objects.select_related("team", "community")),
        ),
        pk=pk,
    )


def commitments_in(*, scope: Scope, node: Node | None = None) -> QuerySet[Commitment]:
    """Commitments in scope (and under `node`), with their unit and community."""
    commitments = scope.filter(Commitment.objects.all(), "community")
    if node is not None:
        commitments = commitments.filter(node.subtree_q("community"))
    return commitments.select_related("unit", "community")


def overdue_commitments(
    *, today: datetime.date, scope: Scope | None = None, node: Node | None = None
) -> QuerySet[Commitment]:
    """Projects past their date with no follow-up that completed them, in scope and/or under a
    place (the workbench's warning passes the place the caller checked the user manages)."""
    commitments = Commitment.objects.all()
    if scope is not None:
        commitments = scope.filter(commitments, "community")
    if node is not None:
        commitments = commitments.filter(node.subtree_q("community"))
    return commitments_overdue(commitments, today).select_related("unit", "community")


def commitment_get(*, scope: Scope, pk) -> Commitment:
    follow_ups = CommitmentFollowUp.objects.select_related("recorded_by")
    return get_object_or_404(
        commitments_in(scope=scope).prefetch_related(Prefetch("follow_ups", follow_ups)),
        pk=pk,
    )


def _visible_alliances_q(scope: Scope) -> Q:
    """An alliance is seen by staff of its place or below it (a community's staff see their
    street's and district's alliance, and in it the rows of their community only)."""
    if scope.unrestricted:
        return Q()
    codes = {code for root in scope.roots for code in root.lineage_codes}
    return scope.q("node") | Q(node__code__in=sorted(codes))


def alliances_list(*, scope: Scope) -> QuerySet[Alliance]:
    """The alliances the staff member sees, district before its streets, with live member units
    and teams counted (the whole alliance's)."""
    return (
        Alliance.objects.filter(_visible_alliances_q(scope))
        .select_related("node", "parent")
        .annotate(
            unit_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True),
            team_count=Count("teams", distinct=True),
        )
        .order_by("node__path")
    )


def alliance_get(*, scope: Scope, pk) -> Alliance:
    return get_object_or_404(
        Alliance.objects.filter(_visible_alliances_q(scope)).select_related("node", "parent"),
        pk=pk,
    )


def alliance_members(*, scope: Scope, alliance: Alliance) -> QuerySet[AllianceMember]:
    """The alliance's live member units working in the staff member's scope."""
    return (
        scope.filter(alliance.members.filter(left_on__isnull=True), "unit__community")
        .select_related("unit__community")
        .order_by("unit__community__path", "unit__name")
    )


def alliance_teams(*, scope: Scope, alliance: Alliance) -> QuerySet[AllianceTeam]:
    return (
        scope.filter(alliance.teams.all(), "team__node")
        .select_related("team__node")
        .order_by("team__node__path", "team__name")
    )


def pairings_in(*, scope: Scope, node: Node | None = None) -> QuerySet[Pairing]:
    """Pairings of community teams in scope (and under `node`), running ones first."""
    pairings = Pairing.objects.all()
    if node is not None:
        pairings = pairings.filter(node.subtree_q("community"))
    return (
        scope.filter(pairings, "community")
        .select_related("unit", "team", "community")
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on", "-pk")
    )


def pairing_get(*, scope: Scope, pk) -> Pairing:
    return get_object_or_404(
        scope.filter(Pairing.objects.all(), "community").select_related(
            "unit__community", "team", "community", "created_by", "ended_by"
        ),
        pk=pk,
    )


# --- choices of the staff forms ----------------------------------------------------------


def units_for_choice(*, scope: Scope, node: Node | None = None) -> QuerySet[CoBuildingUnit]:
    units = scope.filter(CoBuildingUnit.objects.select_related("community"), "community")
    if node is not None:
        units = units.filter(node.subtree_q("community"))
    return units.order_by("community__path", "name")


def community_teams_for_choice(*, scope: Scope, node: Node) -> QuerySet[Team]:
    """Active volunteer teams of communities under `node` in scope."""
    teams = Team.objects.filter(
        node.subtree_q("node"), node__kind=Node.Kind.COMMUNITY, is_active=True
    )
    return scope.filter(teams, "node").select_related("node").order_by("node__path", "name")


def teams_for_alliance_choice(*, scope: Scope, alliance: Alliance) -> QuerySet[Team]:
    """Active teams in the alliance's area and scope not yet among its teams."""
    teams = Team.objects.filter(alliance.node.subtree_q("node"), is_active=True).exclude(
        alliance_links__alliance=alliance
    )
    return scope.filter(teams, "node").select_related("node").order_by("node__path", "name")


def alliance_places_for_choice(*, scope: Scope) -> QuerySet[Node]:
    """Districts and streets the staff member manages that have no alliance yet."""
    return scope.managed_places([Node.Kind.DISTRICT, Node.Kind.STREET]).filter(
        party_alliance__isnull=True
    )
