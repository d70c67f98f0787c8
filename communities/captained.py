"""Buildings with a captain, kept counted per place (communities.counters).

The rule lives here once: a building is captained while a current captain post (楼长, 巷长,
街长) is held over it or over one of its units. `captained_buildings()` is that rule as a
query; the post services and the node move wrap their change in `captained_kept(...)`, which
counts the change of the buildings it touches; `count_rows` is the same rule from scratch.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet

from communities.counters import counters_add, counters_of, register_counter_source
from communities.models import Node, Post
from communities.scoping import CAPTAIN_POSTS

SOURCE = "captained_buildings"
KIND = "communities.captained_buildings"


def captained_buildings() -> QuerySet[Node]:
    """The buildings with a current captain post over them or over one of their units."""
    posts = Post.objects.filter(ends_on__isnull=True, kind__in=CAPTAIN_POSTS)
    return Node.objects.filter(kind=Node.Kind.BUILDING).filter(
        Exists(posts.filter(node=OuterRef("pk")))
        | Exists(posts.filter(node__parent=OuterRef("pk"), node__kind=Node.Kind.UNIT))
    )


def building_of(node: Node) -> int | None:
    """The id of the building a post over `node` may captain (itself, or a unit's building)."""
    if node.kind == Node.Kind.BUILDING:
        return node.pk
    if node.kind == Node.Kind.UNIT:
        return node.parent_id
    return None


@contextmanager
def captained_kept(building_ids: Iterable[int | None]):
    """Count what the wrapped change does to these buildings' captained state, in the same
    transaction. Their rows are locked first, so two changes at one building take turns."""
    ids = sorted({pk for pk in building_ids if pk})
    locked: list[int] = []
    if ids:
        locked = list(
            Node.objects.select_for_update(no_key=connection.features.has_select_for_no_key_update)
            .filter(pk__in=ids, kind=Node.Kind.BUILDING)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    before = set(captained_buildings().filter(pk__in=locked).values_list("pk", flat=True))
    yield
    if not locked:
        return
    after = set(captained_buildings().filter(pk__in=locked).values_list("pk", flat=True))
    for pk in locked:
        counters_add(node_id=pk, deltas={KIND: (pk in after) - (pk in before)})


def captained_count(*, node: Node) -> int:
    """Buildings with a captain at or under `node` (one query)."""
    return counters_of(node=node, kinds=[KIND])[KIND]


def count_rows():
    """(building path, kind, 1) of every captained building, counted from scratch."""
    paths = captained_buildings().order_by().values_list("path", flat=True)
    return ((path, KIND, 1) for path in paths.iterator())


def register() -> None:
    register_counter_source(SOURCE, [KIND], count_rows)
