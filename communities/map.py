"""What the map reads of the tree: places' shapes under a place (one query)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from communities.models import Node, PlaceShape


@dataclass(frozen=True)
class ShapedPlace:
    pk: int
    code: str
    name: str
    kind: str
    geometry: dict


def shapes_under(*, node: Node, kinds: Iterable[str]) -> list[ShapedPlace]:
    """The shapes of `node` and the places under it of the given kinds, in tree order."""
    rows = (
        PlaceShape.objects.filter(node.subtree_q("node"), node__kind__in=list(kinds))
        .order_by("node__path")
        .values_list("node_id", "node__code", "node__name", "node__kind", "geometry")
    )
    return [ShapedPlace(*row) for row in rows]


def shaped_place_ids(*, nodes: Iterable[Node]) -> set[int]:
    """Which of these places have a shape (one query)."""
    return set(PlaceShape.objects.filter(node__in=list(nodes)).values_list("node_id", flat=True))
