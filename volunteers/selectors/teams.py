"""Teams, their rosters and the teams a user belongs to or leads."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from communities.scoping import scope_for_user
from volunteers.models import Membership, Team


def teams_list(*, kind: str = "", query: str = "") -> QuerySet[Team]:
    """Active teams with their member counts (one query)."""
    teams = Team.objects.filter(is_active=True).select_related("node")
    if kind:
        teams = teams.filter(kind=kind)
    if query:
        teams = teams.filter(Q(name__icontains=query) | Q(node__name__icontains=query))
    return teams.annotate(
        member_count=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE))
    ).order_by("node__path", "name")


def team_get(*, pk: int) -> Team:
    return get_object_or_404(Team.objects.select_related("node"), pk=pk, is_active=True)


def team_roster(*, team: Team) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(
            team=team, status__in=[Membership.Status.ACTIVE, Membership.Status.PENDING]
        )
        .select_related("user", "user__volunteer_profile")
        .order_by("status", "role", "created_at")
    )


def memberships_of_user(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(
            user=user, status__in=[Membership.Status.ACTIVE, Membership.Status.PENDING]
        )
        .select_related("team__node")
        .order_by("team__name")
    )


def membership_of(user, team: Team) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(
        team=team, user=user, status__in=[Membership.Status.ACTIVE, Membership.Status.PENDING]
    ).first()


def teams_led_by(user) -> QuerySet[Team]:
    return Team.objects.filter(
        memberships__user=user,
        memberships__status=Membership.Status.ACTIVE,
        memberships__role__in=[Membership.Role.LEADER, Membership.Role.DEPUTY],
    ).distinct()


def join_requests_for_leader(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(team__in=teams_led_by(user), status=Membership.Status.PENDING)
        .select_related("user", "team")
        .order_by("created_at")
    )


def teams_for_organiser(user) -> QuerySet[Team]:
    """Teams on whose behalf the user may publish: led teams, and for staff every active team
    in their scope."""
    q = Q(pk__in=teams_led_by(user).values("pk"))
    scope = scope_for_user(user)
    if scope.managing:
        q |= scope.q("node")
    return Team.objects.filter(q, is_active=True).select_related("node").order_by("name")
