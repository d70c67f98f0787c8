"""Captains kept counted per place (communities.counters):

- "communities.captain_posts": current captain posts (楼长, 巷长, 街长), at the post's place;
- "communities.captained_buildings": buildings with a current captain post over them or over
  one of their units, at the building;
- "communities.buildings": the buildings themselves (node_create counts a new one, a deleted
  one is taken off in `building_deleted`, a move carries them along).

The rules live here once: `current_captain_posts()` and `captained_buildings()`. The post
services count a post with `captain_post_counted` and wrap their change in `captained_kept(...)`
(so does a unit's move to another building), which counts what the change did to the buildings
it touches; `count_rows` is the same rules from scratch.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager

from django.db import connection
from django.db.models import Count, Exists, OuterRef, QuerySet

from communities.counters import counters_add, counters_of, register_counter_source
from communities.models import Node, Post
from communities.scoping import CAPTAIN_POSTS

SOURCE = "captains"
KIND = "communities.captained_buildings"
POSTS_KIND = "communities.captain_posts"
BUILDINGS_KIND = "communities.buildings"


def current_captain_posts() -> QuerySet[Post]:
    return Post.objects.filter(ends_on__isnull=True, kind__in=CAPTAIN_POSTS)


def captained_buildings() -> QuerySet[Node]:
    """The buildings with a current captain post over them or over one of their units."""
    posts = current_captain_posts()
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


def captain_post_counted(post: Post, delta: int) -> None:
    """A captain post began (+1) or ended (-1), inside the transaction of that change."""
    if post.kind in CAPTAIN_POSTS:
        counters_add(node_id=post.node_id, deltas={POSTS_KIND: delta})


def building_counted(node: Node, delta: int) -> None:
    """A building was created (+1) or is being deleted (-1), in that change's transaction."""
    if node.kind == Node.Kind.BUILDING:
        counters_add(node_id=node.pk, deltas={BUILDINGS_KIND: delta})


def building_deleted(sender, instance: Node, **kwargs) -> None:
    """pre_delete of a node (also one deleted with its parent): a building leaves the counts."""
    building_counted(instance, -1)


def captained_count(*, node: Node) -> int:
    """Buildings with a captain at or under `node` (one query)."""
    return counters_of(node=node, kinds=[KIND])[KIND]


def buildings_and_captained(*, node: Node) -> tuple[int, int]:
    """(buildings, buildings with a captain) at or under `node` (one query)."""
    values = counters_of(node=node, kinds=[BUILDINGS_KIND, KIND])
    return values[BUILDINGS_KIND], values[KIND]


def captain_posts_count(*, node: Node) -> int:
    """Current captain posts at or under `node` (one query)."""
    return counters_of(node=node, kinds=[POSTS_KIND])[POSTS_KIND]


def count_rows():
    """(building path, kind, 1) of every captained building and (place path, kind, posts) of
    the current captain posts, counted from scratch."""
    paths = captained_buildings().order_by().values_list("path", flat=True)
    for path in paths.iterator():
        yield path, KIND, 1
    posts = current_captain_posts().order_by().values_list("node__path").annotate(posts=Count("pk"))
    for path, count in posts.iterator():
        yield path, POSTS_KIND, count
    buildings = Node.objects.filter(kind=Node.Kind.BUILDING).values_list("path", flat=True)
    for path in buildings.order_by().iterator():
        yield path, BUILDINGS_KIND, 1


def register() -> None:
    from django.db.models.signals import pre_delete

    register_counter_source(SOURCE, [KIND, POSTS_KIND, BUILDINGS_KIND], count_rows)
    pre_delete.connect(building_deleted, sender=Node, dispatch_uid="communities.building_deleted")


def building_paths_with_captain(*, node: Node) -> tuple[list[str], set[str]]:
    """The paths of the buildings at or under `node`, and of those with a current captain post
    on them or inside them (a unit). Two indexed queries and a set walk: a correlated
    `path LIKE outer.path || '%'` took 300 ms for 600 buildings."""
    buildings = list(node.subtree([Node.Kind.BUILDING]).values_list("path", flat=True))
    known = set(buildings)
    captained: set[str] = set()
    post_paths = Post.objects.filter(
        node.subtree_q("node"), ends_on__isnull=True, kind__in=CAPTAIN_POSTS
    ).values_list("node__path", flat=True)
    for path in post_paths:
        parts = path.rstrip("/").split("/")
        for end in range(len(parts), 0, -1):
            prefix = "/".join(parts[:end]) + "/"
            if prefix in known:
                captained.add(prefix)
                break
    return buildings, captained
