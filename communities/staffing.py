"""Reads for the staff's captains' posts page: the captains at or under a place and the
buildings still without one (what staff appoint from)."""

from django.db.models import QuerySet

from communities.captained import building_paths_with_captain
from communities.models import Node, Post
from communities.scoping import CAPTAIN_POSTS

# The places a captain's post is held over, by post (as communities.services.posts allows).
CAPTAIN_PLACE_KINDS = [Node.Kind.BUILDING, Node.Kind.UNIT, Node.Kind.STREET_SEGMENT]


def captain_posts_at(*, node: Node) -> QuerySet[Post]:
    """Current captains' posts at or under `node`, in tree order."""
    return (
        Post.objects.filter(node.subtree_q("node"), ends_on__isnull=True, kind__in=CAPTAIN_POSTS)
        .select_related("node", "user")
        .order_by("node__path", "pk")
    )


def buildings_without_captain(*, node: Node) -> QuerySet[Node]:
    """Buildings at or under `node` with no current captain on them or on one of their units."""
    buildings, captained = building_paths_with_captain(node=node)
    missing = [path for path in buildings if path not in captained]
    return Node.objects.filter(path__in=missing).order_by("path")
