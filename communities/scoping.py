"""Access scoping, the security core: which part of the tree a user may see and change.

Everything that shows or changes governance data (admin changelists and forms, pages, API
endpoints, exports, imports) asks this module, so the rule exists once:

- superusers, district and street staff: their district or street(s) (superusers: everything);
- community secretary / staff: their community; branch secretary: the branch's place;
- grid worker: their grid; building / lane / street captains: their building(s) or segment;
- leaders of a 承责团队: exactly the team's streets and communities (with their subtrees);
- everyone else: nothing beyond their own records (handled by the selectors that take a user).

The scope is computed from the user's CURRENT posts once per request and cached on the user
object (the same object lives for one request). Where there is a shared cache (Redis) it is also
kept across requests, one entry per user (see `scope_for_user`), dropped by the services that
change what it is made of.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache, reduce
from operator import or_

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, router, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from communities.models import (
    Household,
    Node,
    Post,
    Residency,
    ResponsibilityTeam,
    ResponsibilityTeamPlace,
)

# Which posts give a scope, and whether the scope lets its holder manage (staff pages, admin)
# or only work on their own place (captains).
MANAGING_POSTS = {
    Post.Kind.DISTRICT_STAFF,
    Post.Kind.STREET_STAFF,
    Post.Kind.COMMUNITY_SECRETARY,
    Post.Kind.COMMUNITY_STAFF,
    Post.Kind.BRANCH_SECRETARY,
    Post.Kind.GRID_WORKER,
}
CAPTAIN_POSTS = {Post.Kind.BUILDING_CAPTAIN, Post.Kind.LANE_CHIEF, Post.Kind.STREET_CHIEF}
# Leading a 承责团队 gives the team's places like a managing post (in `post_kinds` beside them).
TEAM_LEADER = "team_leader"
# The columns of a scope root read with the posts, in Node's field order (as `from_db` wants
# them); the other fields load on access.
_ROOT_FIELDS = ["id", "kind", "name", "code", "path", "full_name"]
_PATH_COLUMN = _ROOT_FIELDS.index("path")

_CACHE_ATTRIBUTE = "_gongzhi_scope"
# The shared copy (see scope_for_user): seconds it lives if no change drops it earlier (a safety
# net, e.g. for a delete lost while Redis was unreachable, not the invalidation).
SCOPE_SECONDS = 300
_SCOPE_VERSION = 1
# Bumped when the tree itself changes (a place created, renamed or moved): every copy made
# before is stale (paths, ancestors, top places), whoever it belongs to.
_TREE_KEY = f"scope:v{_SCOPE_VERSION}:tree"


@dataclass(frozen=True)
class Scope:
    """The subtrees a user may see and change, and the verbs every app asks them with.

    `roots` are the top nodes of those subtrees (none nested in another); `unrestricted` is
    true for superusers, who see every street without a filter. `managing` is true when one of
    the posts is a staff post (staff pages, the admin); captains have a scope but manage nothing.

    The verbs, so that no app writes a scope rule of its own:

    - subtree tests: `contains(node)` (anything in the scope), `manages(node)` (staff whose
      scope holds the place);
    - places: `places(kinds)` in the scope, `managed_places(kinds)` a staff member may target
      (none unless managing);
    - where the user lives: `home_codes`, `lives_under(node)`, `home_places(kinds)`,
      `home_q(field)` (read once per scope, i.e. once per request, on first use);
    - querysets: `q(field)` and `filter(queryset, field)` restrict rows to the scope.
    """

    roots: tuple[Node, ...] = ()
    unrestricted: bool = False
    managing: bool = False
    post_kinds: frozenset[str] = field(default_factory=frozenset)
    user_id: int | None = field(default=None, compare=False)
    # The shared cache's key for this scope's home codes and the stamp they are kept with,
    # when the scope came through scope_for_user with a shared cache (None otherwise).
    shared: tuple[str, tuple] | None = field(default=None, compare=False, repr=False)

    @property
    def is_empty(self) -> bool:
        return not self.unrestricted and not self.roots

    @property
    def root_paths(self) -> tuple[str, ...]:
        return tuple(root.path for root in self.roots)

    # --- subtree tests ---------------------------------------------------------------------

    def contains(self, node: Node | None) -> bool:
        """Whether the place lies in the scope (captains' scopes too)."""
        if node is None:
            return False
        if self.unrestricted:
            return True
        return any(node.is_descendant_of(root) for root in self.roots)

    def manages(self, node: Node | None) -> bool:
        """Whether the user is staff (a managing post) whose scope holds the place."""
        return self.managing and self.contains(node)

    # --- querysets -------------------------------------------------------------------------

    def q(self, node_field: str | Sequence[str] = "node") -> Q:
        """The Q restricting a queryset's node field(s) to the scope (fields OR-ed)."""
        fields = [node_field] if isinstance(node_field, str) else list(node_field)
        if self.unrestricted:
            return Q()
        if self.is_empty:
            return Q(pk__in=[])
        return reduce(or_, (root.subtree_q(name) for name in fields for root in self.roots))

    def filter(self, queryset: QuerySet, node_field: str | Sequence[str] = "node") -> QuerySet:
        """Restrict any queryset whose model reaches Node through `node_field` ("" for Node)."""
        if self.unrestricted:
            return queryset
        if self.is_empty:
            return queryset.none()
        return queryset.filter(self.q(node_field))

    def places(self, kinds: Iterable[str] | None = None) -> QuerySet[Node]:
        """The places in the scope, of the given kinds (all kinds when None), in tree order."""
        nodes = Node.objects.all() if kinds is None else Node.objects.filter(kind__in=list(kinds))
        return self.filter(nodes, "").order_by("path")

    def managed_places(self, kinds: Iterable[str] | None = None) -> QuerySet[Node]:
        """The places a staff member may target (a form's choices, an API's node field).

        Empty unless the scope manages: captains work on their place but target nothing.
        """
        if not self.managing:
            return Node.objects.none()
        return self.places(kinds)

    # --- where the user lives --------------------------------------------------------------

    @cached_property
    def home_codes(self) -> frozenset[str]:
        """Codes of every place the user lives in or under: their homes and all ancestors.

        One query on first use, then kept with the scope (once per request). Events, notices
        and consultations aimed at a place reach a resident when its code is in this set.
        """
        if self.user_id is None:
            return frozenset()
        paths = Residency.objects.filter(
            user_id=self.user_id, status=Residency.Status.APPROVED
        ).values_list("household__node__path", flat=True)
        codes = frozenset(Node.codes_on_paths(paths))
        if self.shared is not None:
            key, stamp = self.shared
            cache.set(key, (stamp, sorted(codes)), SCOPE_SECONDS)
        return codes

    def lives_under(self, node: Node | None) -> bool:
        """Whether the user lives in the place or somewhere under it."""
        return node is not None and node.code in self.home_codes

    def home_q(self, node_field: str = "node") -> Q:
        """The Q for rows whose place is one the user lives in or under."""
        if not self.home_codes:
            return Q(pk__in=[])
        lookup = f"{node_field}__code__in" if node_field else "code__in"
        return Q(**{lookup: sorted(self.home_codes)})

    def home_places(self, kinds: Iterable[str] | None = None) -> QuerySet[Node]:
        """The places the user lives in or under (of the given kinds), from the root down."""
        nodes = Node.objects.filter(self.home_q(""))
        if kinds is not None:
            nodes = nodes.filter(kind__in=list(kinds))
        return nodes.order_by("depth", "path")


def _outermost(nodes: Iterable[Node]) -> tuple[Node, ...]:
    """Drop nodes that lie inside another node of the list."""
    by_path = {node.path: node for node in nodes}
    return tuple(by_path[path] for path in Node.outermost_paths(by_path))


def scope_compute(user) -> Scope:
    """The scope of the user from their current posts (one query), not cached."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    if user.is_superuser:
        roots = tuple(Node.objects.filter(parent__isnull=True))
        return Scope(
            roots=roots, unrestricted=True, managing=True, post_kinds=frozenset(), user_id=user.pk
        )
    alias, rows = _scope_rows(user.pk)
    kinds = frozenset(row[-1] for row in rows)
    # Nested places dropped before they become Node objects (a team's communities under its
    # streets already in the statement; a post's place inside a team's, or another post's,
    # here).
    by_path = {row[_PATH_COLUMN]: row for row in rows}
    roots = tuple(
        Node.from_db(alias, _ROOT_FIELDS, by_path[path][:-1])
        for path in Node.outermost_paths(by_path)
    )
    return Scope(
        roots=roots,
        managing=bool(kinds & (MANAGING_POSTS | {TEAM_LEADER})),
        post_kinds=kinds,
        user_id=user.pk,
    )


def _scope_rows(user_id: int) -> tuple[str, list[tuple]]:
    """The places of the user's current posts and of the 承责团队 they lead, in one query:
    (the database read, rows of the root columns (_ROOT_FIELDS) and the post's kind or
    TEAM_LEADER).

    Written out once rather than built by the ORM per call: the union of two joins cost more
    to compile (0.6 ms) than to run, on every request whose scope is not kept.
    """
    alias = router.db_for_read(Post)
    with connections[alias].cursor() as cursor:
        cursor.execute(_scope_sql(), [user_id, user_id])
        return alias, cursor.fetchall()


@lru_cache(maxsize=1)
def _scope_sql() -> str:
    node, post = Node._meta, Post._meta
    place, leaders = ResponsibilityTeamPlace._meta, ResponsibilityTeam.leaders.through._meta

    def column(opts, name: str) -> str:
        return connection.ops.quote_name(opts.get_field(name).column)

    def table(opts) -> str:
        return connection.ops.quote_name(opts.db_table)

    roots = ", ".join(f"n.{column(node, name)}" for name in _ROOT_FIELDS)
    node_id = column(node, "id")
    return (
        f"SELECT {roots}, p.{column(post, 'kind')} FROM {table(post)} p "
        f"JOIN {table(node)} n ON n.{node_id} = p.{column(post, 'node')} "
        f"WHERE p.{column(post, 'user')} = %s AND p.{column(post, 'ends_on')} IS NULL "
        f"UNION ALL SELECT {roots}, '{TEAM_LEADER}' FROM {table(place)} t "
        f"JOIN {table(leaders)} l "
        f"ON l.{column(leaders, 'responsibilityteam')} = t.{column(place, 'team')} "
        f"JOIN {table(node)} n ON n.{node_id} = t.{column(place, 'node')} "
        f"WHERE l.{column(leaders, 'user')} = %s "
        # A community whose street the team has too adds nothing (the rest is dropped above).
        f"AND NOT EXISTS (SELECT 1 FROM {table(place)} o "
        f"WHERE o.{column(place, 'team')} = t.{column(place, 'team')} "
        f"AND o.{column(place, 'node')} = n.{column(node, 'parent')})"
    )


def scope_of_places(nodes: Iterable[Node], *, user, managing: bool) -> Scope:
    """A scope over the given places, for rights another app grants per place (care roles).

    The rights themselves belong to that app; the subtree arithmetic stays here.
    """
    if user is not None and user.is_authenticated and user.is_superuser:
        return scope_compute(user)
    return Scope(roots=_outermost(nodes), managing=managing, user_id=getattr(user, "pk", None))


def scope_for_user(user) -> Scope:
    """The user's scope, computed once per request (cached on the user object).

    With a shared cache (Redis) the scope is also kept across requests: the places of the
    posts and teams under one key per user, the homes (`home_codes`, read on first use) under a
    second, both read in one round trip with the tree's generation. A copy is used only when
    made for the same tree generation, superuser and active flags. The services that change
    posts, team leaders and places, or a person's approved homes call `scope_forget` /
    `scope_forget_users` (now and after commit); moving, renaming or adding a place bumps the
    generation (`scope_tree_changed`). Without a shared cache (the embedded default: one cache
    per process, which another process's change could not drop) it is read from the database on
    each request.
    """
    if user is None:
        return Scope()
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = _scope_load(user)
        if user.is_authenticated:
            setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def _keys(user_id: int) -> tuple[str, str]:
    return f"scope:v{_SCOPE_VERSION}:{user_id}", f"scope:v{_SCOPE_VERSION}:{user_id}:homes"


def _root_row(root: Node) -> tuple[list[str], list]:
    """A scope root's loaded columns (those read with it, nothing deferred) and their values."""
    deferred = root.get_deferred_fields()
    names = [f.attname for f in Node._meta.concrete_fields if f.attname not in deferred]
    return names, [getattr(root, name) for name in names]


def _scope_load(user) -> Scope:
    if not settings.REDIS_URL or not user.is_authenticated or not user.is_active:
        return scope_compute(user)
    posts_key, homes_key = _keys(user.pk)
    found = cache.get_many([_TREE_KEY, posts_key, homes_key])
    stamp = (found.get(_TREE_KEY, 0), user.is_superuser, user.is_active)
    stored = found.get(posts_key)
    if stored is not None and stored[0] == stamp:
        _stamp, root_rows, unrestricted, managing, kinds = stored
        scope = Scope(
            roots=tuple(Node.from_db(Node.objects.db, names, row) for names, row in root_rows),
            unrestricted=unrestricted,
            managing=managing,
            post_kinds=frozenset(kinds),
            user_id=user.pk,
            shared=(homes_key, stamp),
        )
    else:
        scope = replace(scope_compute(user), shared=(homes_key, stamp))
        root_rows = [_root_row(root) for root in scope.roots]
        cache.set(
            posts_key,
            (stamp, root_rows, scope.unrestricted, scope.managing, sorted(scope.post_kinds)),
            SCOPE_SECONDS,
        )
    homes = found.get(homes_key)
    if homes is not None and homes[0] == stamp:
        # Set as cached_property would (the dataclass is frozen; its __dict__ is not).
        scope.__dict__["home_codes"] = frozenset(homes[1])
    return scope


def team_scope(team) -> Scope:
    """The places a 承责团队 answers for (its units work there): exactly its assigned places."""
    return Scope(roots=_outermost(team.places.all()), managing=False)


def scope_forget(user) -> None:
    """Drop the user's scope after a change to their posts, teams or homes.

    The copy on the user object (the rest of this request sees the change) and the shared copy
    (see scope_for_user), now and again after commit.
    """
    for attribute in (_CACHE_ATTRIBUTE, "_gongzhi_roles"):
        if hasattr(user, attribute):
            delattr(user, attribute)
    scope_forget_users([user.pk])


def scope_forget_users(user_ids: Iterable[int]) -> None:
    """Drop the shared copies of these users' scopes, now and again after commit.

    Now, so the rest of this transaction sees the change; after commit, because a request that
    read the old rows in between may have kept them again.
    """
    if not settings.REDIS_URL:
        return
    keys = [key for user_id in {int(pk) for pk in user_ids if pk} for key in _keys(user_id)]
    if not keys:
        return
    _delete(keys)
    transaction.on_commit(lambda: _delete(keys))


def scope_tree_changed() -> None:
    """A place was added, renamed or moved: every shared scope copy is stale (now and after
    commit; a new generation, so nothing needs listing)."""
    if not settings.REDIS_URL:
        return
    # A random generation (not a clock reading, which may stand still or go back).
    cache.set(_TREE_KEY, secrets.token_hex(8), None)
    transaction.on_commit(lambda: cache.set(_TREE_KEY, secrets.token_hex(8), None))


def _delete(keys: list[str]) -> None:
    for start in range(0, len(keys), 5000):
        cache.delete_many(keys[start : start + 5000])


def get_in_scope_or_404(queryset: QuerySet, *, user, pk, node_field="node"):
    """Load one object by pk if it lies in the user's scope, else 404 (no existence leak)."""
    return get_object_or_404(scope_for_user(user).filter(queryset, node_field), pk=pk)


def require_managing_scope(user) -> Scope:
    """The scope of a staff-like user, or 404 for residents and captains (pages hidden)."""
    scope = scope_for_user(user)
    if scope.is_empty or not scope.managing:
        raise Http404
    return scope


class ScopedAdminMixin:
    """ModelAdmin mixin: every changelist, form choice, object and export inside the scope.

    Set `scope_node_field` to the path from the model to Node ("" for Node itself,
    "household__node" for residents; a tuple OR-s several).
    """

    scope_node_field: str | Sequence[str] = "node"

    def get_scope(self, request) -> Scope:
        return scope_for_user(request.user)

    def get_queryset(self, request):
        return self.get_scope(request).filter(super().get_queryset(request), self.scope_node_field)

    def _in_scope(self, request, obj) -> bool:
        if obj is None:
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Out of scope and missing look the same: a 404, never a hint that the row exists.
        raise Http404

    def has_module_permission(self, request):
        return super().has_module_permission(request) and not self.get_scope(request).is_empty

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope = self.get_scope(request)
        related = db_field.related_model
        if related is Node:
            kwargs["queryset"] = scope.places()
            if not scope.unrestricted:
                # An empty place would mean "the top of the tree", which is outside any scope.
                kwargs["required"] = True
        elif related is Household:
            kwargs["queryset"] = scope.filter(Household.objects.select_related("node"), "node")
        elif related is Post:
            kwargs["queryset"] = scope.filter(Post.objects.select_related("node", "user"), "node")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # import-export's ExportMixin builds its rows from get_queryset() through a ChangeList, so
    # exports are scoped by the override above without a hook of their own.


class ScopedAPIMixin:
    """DRF generic-view mixin: `get_queryset` runs through the caller's scope."""

    scope_node_field: str | Sequence[str] = "node"

    def get_queryset(self):
        return scope_for_user(self.request.user).filter(
            super().get_queryset(), self.scope_node_field
        )
