"""Wishes as the resident, a claimer, a volunteer looking for one and staff see them."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from communities.scoping import Scope, scope_for_user
from volunteers.models import Membership, Wish
from volunteers.selectors.profiles import profile_for_user


def wishes_of_resident(user) -> QuerySet[Wish]:
    return Wish.objects.filter(resident=user).select_related("claimer", "team")


def wishes_claimed_by(user) -> QuerySet[Wish]:
    return Wish.objects.filter(claimer=user).select_related("resident", "node")


def wishes_claimable(user) -> QuerySet[Wish]:
    """Open wishes the user could claim: open to all in their community, or for their teams."""
    profile = profile_for_user(user)
    team_ids = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values(
        "team_id"
    )
    condition = Q(team_id__in=team_ids)
    # Members of a team placed in a community are its natural helpers, wherever they live.
    team_nodes = Membership.objects.filter(
        user=user, status=Membership.Status.ACTIVE, team__is_active=True
    ).values("team__node_id")
    condition |= Q(team__isnull=True, node_id__in=team_nodes)
    if profile is not None:
        condition |= Q(team__isnull=True, node=profile.community)
    else:
        from party.models import PartyMember

        member = PartyMember.current.filter(user=user).select_related("branch__node").first()
        community = None
        if member is not None:
            community = member.reported_community or (
                member.branch.node.community if member.branch else None
            )
        if community is not None:
            condition |= Q(team__isnull=True, node=community)
    return (
        Wish.objects.filter(condition, status=Wish.Status.OPEN)
        .exclude(resident=user)
        .select_related("node", "team")
        .order_by("opened_at", "pk")
    )


def wish_claim_candidates(*, wish: Wish) -> QuerySet:
    """Who is told that a wish opened to claims: registered volunteers of its community and
    active members of active teams placed in that community (not the resident). The same people
    find the wish in `wishes_claimable`, so the link in the message opens."""
    from django.contrib.auth import get_user_model

    in_team = Membership.objects.filter(
        status=Membership.Status.ACTIVE, team__is_active=True, team__node_id=wish.node_id
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(is_active=True, volunteer_profile__isnull=False)
        .filter(Q(volunteer_profile__community_id=wish.node_id) | Q(pk__in=in_team))
        .exclude(pk=wish.resident_id)
        .order_by("pk")
    )


def wishes_for_staff(*, scope: Scope, statuses: list[str] | None = None) -> QuerySet[Wish]:
    wishes = Wish.objects.select_related("resident", "claimer", "team", "node")
    if statuses:
        wishes = wishes.filter(status__in=statuses)
    return scope.filter(wishes, "node").order_by("created_at", "pk")


def wish_get_for_user(*, user, pk: int) -> Wish:
    """The resident, the claimer, staff in scope, and would-be claimers of an open wish."""
    wish = get_object_or_404(
        Wish.objects.select_related("resident", "claimer", "team", "node"), pk=pk
    )
    if user.pk in (wish.resident_id, wish.claimer_id):
        return wish
    if scope_for_user(user).contains(wish.node):
        return wish
    if wish.status == Wish.Status.OPEN and wishes_claimable(user).filter(pk=pk).exists():
        return wish
    raise Http404
