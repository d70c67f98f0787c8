"""The 1+X council: councils in a manager's scope, members, meetings."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from communities.scoping import scope_for_user
from consultations.models import (
    Council,
    CouncilMember,
    Meeting,
)
from consultations.selectors.access import user_manages_node


def councils_for_user(*, user) -> QuerySet[Council]:
    return scope_for_user(user).filter(Council.objects.select_related("community"), "community")


def council_get_for_manager(*, user, pk: int) -> Council:
    council = Council.objects.select_related("community").filter(pk=pk).first()
    if council is None or not user_manages_node(user, council.community):
        raise Http404
    return council


def council_members(*, council: Council, current: bool = True) -> QuerySet[CouncilMember]:
    members = council.members.select_related("user", "matter")
    if current:
        members = members.filter(ends_on__isnull=True)
    return members.order_by("matter_id", "role", "starts_on", "pk")


def council_meetings(*, council: Council) -> QuerySet[Meeting]:
    return council.meetings.prefetch_related("matters", "attendance__member__user").order_by(
        "-starts_at"
    )


def meetings_for_user(*, user) -> QuerySet[Meeting]:
    """Meetings of the councils the user manages (staff of the place) or sits on (an open
    seat, standing or invited), newest first, with the venue each holds."""
    seats = CouncilMember.objects.filter(user=user, ends_on__isnull=True).values("council_id")
    where = Q(council_id__in=seats)
    scope = scope_for_user(user)
    if scope.managing:
        where |= scope.q("council__community")
    return (
        Meeting.objects.filter(where)
        .select_related("council__community", "venue_booking__venue__node")
        .order_by("-starts_at", "-pk")
    )
