"""What the workbench shows for a place, gathered from the owning apps' selectors.

The workbench owns no data: each count or indicator comes from the app that owns the rows,
and every place question goes through `communities.scoping`.
"""

from __future__ import annotations

from django.http import Http404

from communities.models import Node
from communities.scoping import Scope

# The levels a workbench drills through; units and rooms are the building's business.
DRILL_KINDS = (
    Node.Kind.CITY,
    Node.Kind.DISTRICT,
    Node.Kind.STREET,
    Node.Kind.COMMUNITY,
    Node.Kind.GRID,
    Node.Kind.COMPOUND,
    Node.Kind.BUILDING,
    Node.Kind.STREET_SEGMENT,
)


def workbench_places(*, scope: Scope) -> list[Node]:
    """The places a staff member's workbench starts from: the tops of their scope."""
    return [node for node in scope.roots if node.kind in DRILL_KINDS]


def workbench_place_get(*, scope: Scope, pk: int) -> Node:
    """A place the staff member manages, else 404 (another community's place looks missing)."""
    node = scope.places(DRILL_KINDS).filter(pk=pk).first()
    if node is None or not scope.manages(node):
        raise Http404
    return node


def workbench_breadcrumb(*, scope: Scope, node: Node) -> list[Node]:
    """The places above `node` that the user may open, from the top of their scope down."""
    return [ancestor for ancestor in node.ancestors() if scope.manages(ancestor)]


def workbench_children(*, node: Node) -> list[Node]:
    """The places one level down that have a workbench of their own (one query)."""
    if node.kind == Node.Kind.BUILDING:
        return []
    return list(Node.objects.filter(parent=node, kind__in=DRILL_KINDS).order_by("code"))
