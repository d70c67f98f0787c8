"""Who may see and do what: matters and comments (places come from communities.scoping)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from communities.models import Node
from communities.scoping import scope_for_user
from consultations.models import (
    Comment,
    CouncilMember,
    Matter,
)

PUBLIC_STATUSES = [Matter.Status.ACCEPTED, Matter.Status.DECIDED, Matter.Status.DECLINED]


def user_manages_node(user, node: Node) -> bool:
    """Staff of the area (managing scope), or a current chair/vice chair of the community council."""
    if scope_for_user(user).manages(node):
        return True
    community = node.community
    if community is None:
        return False
    return CouncilMember.objects.filter(
        council__community=community,
        user=user,
        matter__isnull=True,
        ends_on__isnull=True,
        role__in=[CouncilMember.Role.CHAIR, CouncilMember.Role.VICE_CHAIR],
    ).exists()


def proposable_nodes_for_user(user) -> QuerySet[Node]:
    """Places a user may raise a matter about: where they live (community level and below) and
    their managing scope."""
    scope = scope_for_user(user)
    return (
        (scope.home_places() | scope.managed_places())
        .exclude(kind=Node.Kind.STREET)
        .order_by("path")
        .distinct()
    )


def matter_visibility(user) -> Q:
    scope = scope_for_user(user)
    q = Q(proposer=user) | (scope.home_q("node") & Q(status__in=PUBLIC_STATUSES))
    if scope.managing:
        q |= scope.q("node")
    return q


def matters_for_user(*, user, status: str | None = None) -> QuerySet[Matter]:
    matters = Matter.objects.filter(matter_visibility(user)).select_related("node", "proposer")
    if status:
        matters = matters.filter(status=status)
    return matters.annotate(
        comment_count=Count("comments", filter=Q(comments__hidden_at__isnull=True), distinct=True)
    ).order_by("-created_at", "-id")


def matter_get_for_user(*, user, pk: int) -> Matter:
    matter = (
        Matter.objects.filter(matter_visibility(user))
        .select_related("node", "proposer", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if matter is None:
        raise Http404
    return matter


def matter_comments(*, matter: Matter, staff: bool) -> QuerySet[Comment]:
    """Comments in order; hidden ones are kept for staff and left out for everyone else."""
    comments = matter.comments.select_related("author", "hidden_by")
    return comments if staff else comments.filter(hidden_at__isnull=True)


def matter_may_comment(*, user, matter: Matter) -> bool:
    if matter.status != Matter.Status.ACCEPTED:
        return False
    return scope_for_user(user).lives_under(matter.node) or user_manages_node(user, matter.node)
