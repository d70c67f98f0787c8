"""Reads of the communities app, with the joins they need so query counts stay flat."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    When,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from communities.captained import (
    buildings_and_captained,
    captain_posts_count,
    current_captain_posts,
)
from communities.home_search import home_query_parse, place_labels  # noqa: F401 (re-exported)
from communities.models import (
    Allowance,
    EvaluationRound,
    Household,
    Node,
    PatrolLog,
    Post,
    Residency,
    ResponsibilityTeam,
)
from communities.scoping import CAPTAIN_POSTS, Scope, get_in_scope_or_404, scope_for_user

# Who answers for a place, nearest first; at one place, the hands-on post before the office.
RESPONSIBLE_ORDER = [
    Post.Kind.BUILDING_CAPTAIN,
    Post.Kind.LANE_CHIEF,
    Post.Kind.STREET_CHIEF,
    Post.Kind.GRID_WORKER,
    Post.Kind.COMMUNITY_STAFF,
    Post.Kind.COMMUNITY_SECRETARY,
    Post.Kind.STREET_STAFF,
    Post.Kind.DISTRICT_STAFF,
]
LIVE = [Residency.Status.PENDING, Residency.Status.APPROVED, Residency.Status.INVITED]


# --- the tree -------------------------------------------------------------------------------


def nodes_for_user(*, user) -> QuerySet[Node]:
    """Every place the user may see through their posts (the scope), in tree order."""
    return scope_for_user(user).places()


def node_get_for_user(*, user, pk: int) -> Node:
    return get_in_scope_or_404(
        Node.objects.select_related("parent"), user=user, pk=pk, node_field=""
    )


def node_children(*, node: Node) -> QuerySet[Node]:
    """The children of a place with how many children and households each has (one query)."""
    return (
        Node.objects.filter(parent=node)
        .annotate(
            child_count=Count("children", distinct=True),
            household_count=Count("households", distinct=True),
        )
        .order_by("code")
    )


def node_roots_for_user(*, user) -> list[Node]:
    return list(scope_for_user(user).roots)


def node_search(*, scope: Scope, query: str, limit: int = 50) -> QuerySet[Node]:
    """Places in the scope matching a name, a code (prefix) or a resident's real name."""
    query = query.strip()
    if not query:
        return Node.objects.none()
    resident_places = Household.objects.filter(
        residencies__user__real_name__icontains=query,
        residencies__status=Residency.Status.APPROVED,
    ).values("node_id")
    matches = Node.objects.filter(
        Q(name__icontains=query) | Q(code__startswith=query) | Q(pk__in=resident_places)
    )
    return scope.filter(matches, "").order_by("path")[:limit]


def responsible_post_for_node(node: Node, kinds: Iterable[str] | None = None) -> Post | None:
    """The nearest current post walking up the tree from `node` (itself first).

    At one place the hands-on post wins (楼长 before 网格员 before 社区工作人员). Case routing
    uses this: a building's problem goes to its captain, else its grid worker, else the
    community. One query.
    """
    kinds = list(kinds) if kinds is not None else RESPONSIBLE_ORDER
    codes = [*node.ancestor_codes, node.code]
    priority = Case(
        *[When(kind=kind, then=i) for i, kind in enumerate(RESPONSIBLE_ORDER)],
        default=len(RESPONSIBLE_ORDER),
        output_field=IntegerField(),
    )
    return (
        Post.objects.filter(node__code__in=codes, ends_on__isnull=True, kind__in=kinds)
        .select_related("user", "node")
        .annotate(priority=priority)
        .order_by("-node__depth", "priority", "starts_on", "pk")
        .first()
    )


# --- residents and households ---------------------------------------------------------------


def households_of_user(user) -> QuerySet[Household]:
    """Households the user is an approved resident of."""
    if not user.is_authenticated:
        return Household.objects.none()
    return (
        Household.objects.filter(
            residencies__user=user, residencies__status=Residency.Status.APPROVED
        )
        .select_related("node")
        .distinct()
        .order_by("node__path", "room")
    )


def residencies_of_user(user) -> QuerySet[Residency]:
    """All the user's links to households, pending and past ones too (their own records)."""
    return (
        Residency.objects.filter(user=user)
        .select_related("household__node")
        .order_by("status", "-created_at")
    )


def places_of_users(user_ids: Iterable[int]) -> dict[int, Node]:
    """Each user's own place, for what is sent in its name (the SMS signature): the home of an
    approved residency, else the place of a current post (two queries for any number)."""
    user_ids = set(user_ids)
    places: dict[int, Node] = {}
    homes = (
        Residency.objects.filter(user_id__in=user_ids, status=Residency.Status.APPROVED)
        .select_related("household__node")
        .order_by("-created_at")
    )
    for residency in homes:
        places.setdefault(residency.user_id, residency.household.node)
    posts = Post.objects.filter(
        user_id__in=user_ids - places.keys(), ends_on__isnull=True
    ).select_related("node")
    for post in posts.order_by("-starts_on"):
        places.setdefault(post.user_id, post.node)
    return places


def posts_of_user(user, *, current: bool = True) -> QuerySet[Post]:
    posts = Post.objects.filter(user=user).select_related("node")
    if current:
        posts = posts.filter(ends_on__isnull=True)
    return posts.order_by("-starts_on")


def household_get_for_user(*, user, pk: int) -> Household:
    """A household in the user's scope, or one they live in; else 404."""
    household = Household.objects.select_related("node").filter(pk=pk).first()
    if household is None:
        raise Http404
    if scope_for_user(user).contains(household.node):
        return household
    if Residency.objects.filter(user=user, household=household, status__in=LIVE).exists():
        return household
    raise Http404


def residency_get_for_user(*, user, pk: int) -> Residency:
    residency = get_object_or_404(
        Residency.objects.select_related("household__node", "user"), pk=pk
    )
    if residency.user_id == user.pk or scope_for_user(user).contains(residency.household.node):
        return residency
    raise Http404


def households_for_claim(*, building: Node) -> QuerySet[Household]:
    """The rooms of a building (and its units) a resident can pick from when claiming."""
    return (
        Household.objects.filter(building.subtree_q("node"))
        .select_related("node")
        .order_by("node__code", "room")
    )


def invitation_get_for_user(*, user, pk) -> Residency:
    """An import's invitation addressed to this user (404 for anyone else's)."""
    return get_object_or_404(
        Residency.objects.select_related("household__node"),
        pk=pk,
        user=user,
        status=Residency.Status.INVITED,
    )


def claimable_buildings(*, query: str = "", limit: int = 30) -> QuerySet[Node]:
    """Buildings a signing-up resident can search by name or address (public information).

    The query is read as an address ("塔坡小区 5栋 2单元 302", see `home_search`): every word
    must appear in the building's full name or address, and a building number names the
    building itself.
    """
    buildings = Node.objects.filter(kind=Node.Kind.BUILDING)
    parsed = home_query_parse(query)
    if not parsed.is_empty:
        buildings = buildings.filter(parsed.building_q())
    elif query:
        buildings = buildings.filter(Q(full_name__icontains=query) | Q(address__icontains=query))
    return buildings.order_by("path")[:limit]


def household_matching(households: QuerySet[Household], *, unit: str, room: str):
    """The one household of a claim list the resident named by unit and room, else None."""
    if not room:
        return None
    matches = [
        h
        for h in households
        if h.room == room and (not unit or h.node.name in (f"{unit}单元", f"{unit}梯", unit))
    ]
    return matches[0] if len(matches) == 1 else None


def claim_reviewer(node: Node) -> Post | None:
    """Who checks a claim on `node`: its captain (楼长/巷长/街长); None means the community office.

    Any staff member whose scope holds the place may decide (`may_decide_claims`); this names the
    person a resident should expect.
    """
    return responsible_post_for_node(node, kinds=list(CAPTAIN_POSTS))


def claims_pending_for_user(*, user) -> QuerySet[Residency]:
    """Claims waiting for this captain or staff member, oldest first."""
    return scope_for_user(user).filter(
        Residency.objects.filter(status=Residency.Status.PENDING)
        .select_related("user", "household__node")
        .order_by("created_at"),
        "household__node",
    )


def residents_for_user(*, user) -> QuerySet[Residency]:
    return scope_for_user(user).filter(
        Residency.objects.select_related("user", "household__node"), "household__node"
    )


def households_of_node(*, node: Node) -> QuerySet[Household]:
    """Households under a place with their live residents, for a building page (3 queries)."""
    return (
        Household.objects.filter(node.subtree_q("node"))
        .select_related("node")
        .prefetch_related(
            Prefetch(
                "residencies",
                queryset=Residency.objects.filter(status=Residency.Status.APPROVED)
                .select_related("user")
                .order_by("relation", "pk"),
                to_attr="current_residents",
            )
        )
        .order_by("node__code", "room")
    )


def user_contacts(user) -> dict:
    """For the "my community" page: each household with its captain and grid worker."""
    result = []
    for household in households_of_user(user):
        result.append(
            {
                "household": household,
                "captain": responsible_post_for_node(
                    household.node,
                    kinds=[
                        Post.Kind.BUILDING_CAPTAIN,
                        Post.Kind.LANE_CHIEF,
                        Post.Kind.STREET_CHIEF,
                    ],
                ),
                "grid_worker": responsible_post_for_node(
                    household.node, kinds=[Post.Kind.GRID_WORKER]
                ),
                "community_staff": responsible_post_for_node(
                    household.node, kinds=[Post.Kind.COMMUNITY_STAFF, Post.Kind.COMMUNITY_SECRETARY]
                ),
            }
        )
    return {"households": result}


# --- captains --------------------------------------------------------------------------------


def captain_posts_of_user(user) -> QuerySet[Post]:
    return posts_of_user(user).filter(kind__in=CAPTAIN_POSTS)


def _patrolled(date: datetime.date) -> Exists:
    """The post's holder logged a patrol on `date` at a building in the post's place."""
    return Exists(
        PatrolLog.objects.filter(
            captain=OuterRef("user"), date=date, building__path__startswith=OuterRef("node__path")
        )
    )


def captains_without_patrol(*, scope: Scope, date: datetime.date | None = None) -> QuerySet[Post]:
    """Current captain posts in the scope whose holder has logged no patrol on `date`."""
    date = date or timezone.localdate()
    return scope.filter(
        current_captain_posts()
        .exclude(_patrolled(date))
        .select_related("user", "node")
        .order_by("node__path"),
        "node",
    )


def captains_without_patrol_count(*, node: Node, date: datetime.date) -> int:
    """How many of `captains_without_patrol` at or under `node`: the captain posts kept counted
    per place (communities.captained) less those that patrolled, found from the day's patrol
    logs (few), not by testing a district's 120,000 posts (two queries)."""
    patrolled = (
        current_captain_posts()
        .filter(
            node.subtree_q("node"),
            user__in=PatrolLog.objects.filter(date=date).values("captain"),
        )
        .filter(_patrolled(date))
        .count()
    )
    return captain_posts_count(node=node) - patrolled


def patrol_logs_for_user(*, user) -> QuerySet[PatrolLog]:
    return scope_for_user(user).filter(
        PatrolLog.objects.select_related("captain", "building").prefetch_related("photos"),
        "building",
    )


def building_board(*, building: Node) -> dict:
    """What the public board (公示牌) of a building shows: its captains and grid worker."""
    captains = list(
        Post.objects.filter(
            building.subtree_q("node"),
            ends_on__isnull=True,
            kind=Post.Kind.BUILDING_CAPTAIN,
        ).select_related("user", "node")
    )
    if not captains:
        nearest = responsible_post_for_node(building, kinds=list(CAPTAIN_POSTS))
        captains = [nearest] if nearest else []
    from party.models import PartyMember

    # A captain who is a party member shows as 党员楼长 on the board.
    members = set(
        PartyMember.current.filter(user_id__in=[post.user_id for post in captains]).values_list(
            "user_id", flat=True
        )
    )
    for post in captains:
        post.is_party_member = post.user_id in members
    return {
        "building": building,
        "captains": captains,
        "grid_worker": responsible_post_for_node(building, kinds=[Post.Kind.GRID_WORKER]),
    }


def evaluation_rounds_for_user(*, user) -> QuerySet[EvaluationRound]:
    return scope_for_user(user).filter(EvaluationRound.objects.select_related("node"), "node")


def allowances_for_user(*, user) -> QuerySet[Allowance]:
    return scope_for_user(user).filter(
        Allowance.objects.select_related("captain", "post__node"), "post__node"
    )


# --- personal data ---------------------------------------------------------------------------


def households_export_for_user(user) -> list[dict]:
    """The resident's own household links for their personal-data export (PIPL)."""
    return [
        {
            "place": r.household.node.full_name,
            "room": r.household.room,
            "floor_area": str(r.household.floor_area) if r.household.floor_area else None,
            "relation": r.get_relation_display(),
            "owner": r.is_owner,
            "residence_type": r.get_residence_type_display(),
            "status": r.get_status_display(),
            "claimed_at": r.created_at.isoformat(),
        }
        for r in residencies_of_user(user)
    ]


def posts_export_for_user(user) -> list[dict]:
    return [
        {
            "post": p.get_kind_display(),
            "place": p.node.full_name,
            "starts_on": p.starts_on.isoformat(),
            "ends_on": p.ends_on.isoformat() if p.ends_on else None,
        }
        for p in posts_of_user(user, current=False)
    ]


# --- counts for the staff workbench ----------------------------------------------------------


def buildings_without_captain_count(*, node: Node) -> int:
    """How many buildings at or under `node` have no current captain on them or inside them:
    both kept counted per place (communities.captained), so one query at any level."""
    buildings, captained = buildings_and_captained(node=node)
    return buildings - captained


def community_queue_counts(*, node: Node, today: datetime.date) -> dict[str, int]:
    """What waits on staff at or under `node` in this app (four queries, whatever the size):
    residents' claims to approve, captains with no patrol today, buildings without a captain,
    and captains' allowances not yet paid."""
    return {
        "claims": Residency.objects.filter(
            node.subtree_q("household__node"), status=Residency.Status.PENDING
        ).count(),
        "captains_without_patrol": captains_without_patrol_count(node=node, date=today),
        "buildings_without_captain": buildings_without_captain_count(node=node),
        "allowances_unpaid": Allowance.objects.filter(
            node.subtree_q("post__node"), paid=False
        ).count(),
    }


# --- 承责团队 ---------------------------------------------------------------------------------


def teams_for_user(*, user) -> QuerySet[ResponsibilityTeam]:
    """The teams the user leads, and (staff) the teams organised in places they manage.

    Places, leaders and units come prefetched: three queries however many teams there are.
    """
    from party.models import CoBuildingUnit

    scope = scope_for_user(user)
    mine = Q(leaders=user)
    if scope.managing:
        mine |= scope.q("owner")
    ids = ResponsibilityTeam.objects.filter(mine).values("pk")
    return (
        ResponsibilityTeam.objects.filter(pk__in=ids)
        .select_related("owner")
        .prefetch_related(
            Prefetch("places", Node.objects.order_by("path")),
            "leaders",
            Prefetch("units", CoBuildingUnit.objects.select_related("community")),
        )
        .order_by("owner__path", "name")
    )
