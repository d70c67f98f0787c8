"""Reads of cases: who sees which case, lists with their joins, duplicates, deadlines."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from accounts.masking import name_for_others, name_in_full
from cases.counters import ON_HOLD_UNRESPONDED, case_counts, responded_exists
from cases.models import FINAL_STATES, Case, CaseEvent, CasePhoto, Category, State
from cases.permissions import DISPATCHABLE_POSTS, is_assignee, is_manager, may
from cases.states import STATE_KEEPING_ACTIONS, actions_from
from communities.models import Node, Post
from communities.scoping import scope_for_user
from party.models import CoBuildingUnit

OPEN_STATES = [s for s in State.values if s not in FINAL_STATES]
OPEN_NOT_ON_HOLD = [s for s in OPEN_STATES if s != State.ON_HOLD]
OFFICE_POSTS = {
    Node.Kind.COMMUNITY: [Post.Kind.COMMUNITY_SECRETARY, Post.Kind.COMMUNITY_STAFF],
    Node.Kind.STREET: [Post.Kind.STREET_STAFF],
    Node.Kind.DISTRICT: [Post.Kind.DISTRICT_STAFF],
    Node.Kind.CITY: [Post.Kind.DISTRICT_STAFF],
    Node.Kind.GRID: [Post.Kind.GRID_WORKER],
}


def _list_base() -> QuerySet[Case]:
    """What a list row shows: category (with its parent), place, assignee."""
    return Case.objects.select_related(
        "category__parent", "node", "assignee_post__user", "assignee_unit"
    )


def _followed(user) -> QuerySet:
    return Case.followers.through.objects.filter(user=user).values("case_id")


def cases_visible_q(user) -> Q:
    """Own reports, followed cases, cases assigned to the user, and cases in their area."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    scope = scope_for_user(user)
    q = (
        Q(reporter=user)
        | Q(pk__in=_followed(user))
        | Q(assignee_post__user=user, assignee_post__ends_on__isnull=True)
    )
    if not scope.is_empty:
        q |= scope.q("node")
    return q


def case_get_for_user(*, user, pk: int) -> Case:
    """One case with its timeline and photos, if the user may see it; else 404."""
    case = (
        Case.objects.filter(cases_visible_q(user), pk=pk)
        .select_related(
            "category__parent",
            "node",
            "reporter",
            "assignee_post__user",
            "assignee_post__node",
            "assignee_unit",
            "merged_into",
        )
        .prefetch_related(
            Prefetch(
                "events",
                queryset=CaseEvent.objects.select_related(
                    "actor", "to_post__user", "to_unit", "escalated_to"
                ).prefetch_related("photos"),
            ),
            "followers",
        )
        .first()
    )
    if case is None:
        raise Http404
    return case


def cases_of_reporter(*, user) -> QuerySet[Case]:
    """My reports: reported by me or followed (merged duplicates lead to their original)."""
    return (
        _list_base()
        .filter(Q(reporter=user) | Q(pk__in=_followed(user)))
        .order_by("-created_at", "-pk")
    )


def cases_assigned_to(*, user, open_only: bool = True) -> QuerySet[Case]:
    """Cases assigned to the user's current posts (captains, grid workers, staff)."""
    cases = _list_base().filter(assignee_post__user=user, assignee_post__ends_on__isnull=True)
    if open_only:
        cases = cases.exclude(state__in=FINAL_STATES)
    return cases.order_by("resolve_due_at", "pk")


def cases_board(
    *,
    user,
    state: str = "",
    category: Category | None = None,
    node: Node | None = None,
    overdue: bool = False,
    now: datetime.datetime | None = None,
) -> QuerySet[Case]:
    """The staff board: the user's area, filtered; most urgent first."""
    from django.utils import timezone

    cases = scope_for_user(user).filter(_list_base(), "node")
    if state:
        cases = cases.filter(state=state)
    if category is not None:
        cases = cases.filter(Q(category=category) | Q(category__parent=category))
    if node is not None:
        cases = cases.filter(node.subtree_q("node"))
    if overdue:
        cases = cases.filter(overdue_q(now or timezone.now()))
    return cases.order_by("resolve_due_at", "pk")


def overdue_q(now: datetime.datetime) -> Q:
    """Open and past a deadline: not responded in time, or not resolved in time (挂账 cases
    have explained their delay and do not count as overdue for resolution)."""
    late_response = Q(response_due_at__lt=now) & ~responded_exists()
    late_resolution = Q(resolve_due_at__lt=now) & ~Q(state=State.ON_HOLD)
    return ~Q(state__in=FINAL_STATES) & (late_response | late_resolution)


def not_yet_due_q(now: datetime.datetime) -> Q:
    """Open cases whose deadline that `overdue_q` tests first is still ahead: resolution for
    a case not on hold, response for one on hold (挂账). Few at any time (read through
    case_state_due_idx and case_state_response_due_idx); `case_queue_counts` counts overdue
    cases as the open ones counted per place less these when they are on time."""
    return Q(state__in=OPEN_NOT_ON_HOLD, resolve_due_at__gte=now) | Q(
        state=State.ON_HOLD, response_due_at__gte=now
    )


def case_is_overdue(case: Case, *, now: datetime.datetime) -> bool:
    return Case.objects.filter(overdue_q(now), pk=case.pk).exists()


def cases_overdue(*, now: datetime.datetime) -> QuerySet[Case]:
    return (
        Case.objects.filter(overdue_q(now), escalation_level__lt=2)
        .select_related("node", "category")
        .order_by("pk")
    )


def cases_to_remind(*, now: datetime.datetime, within: datetime.timedelta):
    """(case, "response"|"resolution", due) for open cases whose deadline falls within
    `within` from now and that still need the work."""
    soon = now + within
    base = Case.objects.exclude(state__in=FINAL_STATES).select_related(
        "assignee_post__user", "category", "node"
    )
    for case in base.filter(response_due_at__gt=now, response_due_at__lte=soon).exclude(
        responded_exists()
    ):
        yield case, "response", case.response_due_at
    for case in base.filter(resolve_due_at__gt=now, resolve_due_at__lte=soon).exclude(
        state=State.ON_HOLD
    ):
        yield case, "resolution", case.resolve_due_at


def place_anchor(node: Node) -> Node:
    """The place two reports are "the same place" at: the building, else the node itself."""
    if node.kind == Node.Kind.UNIT and node.parent_id:
        return node.parent
    return node


def case_duplicates(
    *, category: Category, node: Node, exclude_pk: int | None = None
) -> QuerySet[Case]:
    """Open cases of the same subcategory at the same place (building level)."""
    anchor = place_anchor(node)
    cases = (
        _list_base()
        .filter(anchor.subtree_q("node"), category=category)
        .exclude(state__in=FINAL_STATES)
    )
    if exclude_pk:
        cases = cases.exclude(pk=exclude_pk)
    return cases.order_by("created_at")[:10]


def cases_resolved_public(*, community: Node) -> QuerySet[Case]:
    """Closed cases of a community for its public page; the page shows no personal data."""
    result = CaseEvent.objects.filter(case=OuterRef("pk"), action=CaseEvent.Action.SUBMIT).order_by(
        "-created_at"
    )
    closed = CaseEvent.objects.filter(
        case=OuterRef("pk"), action=CaseEvent.Action.VERIFY_PASS
    ).order_by("-created_at")
    from django.db.models import Subquery

    return (
        Case.objects.filter(community.subtree_q("node"), state=State.CLOSED)
        .select_related("category", "node")
        .annotate(
            result_note=Subquery(result.values("note")[:1]),
            closed_at=Subquery(closed.values("created_at")[:1]),
        )
        .order_by("-closed_at", "-pk")
    )


def office_holders_at(node: Node | None) -> list:
    """The people holding the office posts of a community, street or grid."""
    if node is None:
        return []
    kinds = OFFICE_POSTS.get(node.kind, [])
    posts = Post.objects.filter(node=node, kind__in=kinds, ends_on__isnull=True).select_related(
        "user"
    )
    return [post.user for post in posts]


def case_actions_for_user(*, user, case: Case) -> list[str]:
    """What this user can do with this case now (the state table and the who-may rules)."""
    actions = [action for action in actions_from(case.state) if may(action, user, case)]
    if case.state == State.CLOSED and may(CaseEvent.Action.RATE, user, case):
        rated = any(
            e.action == CaseEvent.Action.RATE
            and e.created_at >= _last(case, CaseEvent.Action.VERIFY_PASS).created_at
            for e in case.events.all()
        )
        if not rated:
            actions.append(CaseEvent.Action.RATE)
    return actions


def _last(case: Case, action: str) -> CaseEvent | None:
    found = [e for e in case.events.all() if e.action == action]
    return found[-1] if found else None


def case_latest_rating(case: Case) -> CaseEvent | None:
    return _last(case, CaseEvent.Action.RATE)


def reporter_for_viewer(*, user, case: Case) -> dict:
    """How the reporter is shown: in full to the handler (who calls back), with a masked
    phone to staff, only a masked name to anyone else (other residents never see it)."""
    reporter = case.reporter
    if user.pk == reporter.pk:
        return {"name": reporter.name_for_display, "phone": reporter.phone or ""}
    if is_assignee(user, case):
        return {"name": name_in_full(reporter), "phone": reporter.phone or ""}
    if is_manager(user, case):
        return {"name": name_in_full(reporter), "phone": reporter.masked_phone}
    return {"name": name_for_others(reporter), "phone": ""}


def dispatch_targets(*, user, case: Case | None = None) -> dict:
    """Posts and co-building units the user can dispatch to (inside their area)."""
    scope = scope_for_user(user)
    posts = scope.filter(
        Post.objects.filter(ends_on__isnull=True, kind__in=DISPATCHABLE_POSTS).select_related(
            "user", "node"
        ),
        "node",
    ).order_by("node__path", "kind")
    units = scope.filter(CoBuildingUnit.objects.select_related("community"), "community")
    if case is not None:
        # Posts over the case's place (ancestors) or inside it; units of its community.
        posts = posts.filter(
            Q(node__code__in=case.node.lineage_codes) | case.node.subtree_q("node")
        )
        community = case.node.community
        units = units.filter(community=community) if community else units.none()
    return {"posts": posts, "units": units.order_by("name")}


def case_timeline_states(case: Case) -> list[CaseEvent]:
    """The state-changing entries only (rates and escalations keep the state)."""
    return [e for e in case.events.all() if e.action not in STATE_KEEPING_ACTIONS]


def case_photo_get_for_user(*, user, pk: int) -> CasePhoto:
    photo = CasePhoto.objects.select_related("event__case").filter(pk=pk).first()
    if photo is None:
        raise Http404
    case_get_for_user(user=user, pk=photo.event.case_id)
    return photo


def categories_tree() -> list[Category]:
    """Active main categories with their active subcategories (two queries)."""
    return list(
        Category.objects.filter(parent__isnull=True, is_active=True).prefetch_related(
            Prefetch(
                "children",
                queryset=Category.objects.filter(is_active=True).order_by("sort_order", "code"),
                to_attr="active_children",
            )
        )
    )


def leaf_categories() -> QuerySet[Category]:
    """Categories a case can be filed under: active, without subcategories."""
    return (
        Category.objects.filter(is_active=True)
        .exclude(Exists(Category.objects.filter(parent=OuterRef("pk"))))
        .select_related("parent")
        .order_by("parent__sort_order", "parent__code", "sort_order", "code")
    )


def report_places_for_user(*, user) -> QuerySet[Node]:
    """Places offered in the report form: where the user lives and the area they look after,
    down to units (the rest is a free address)."""
    scope = scope_for_user(user)
    home = scope.home_places().exclude(kind=Node.Kind.STREET)
    looked_after = Node.objects.none()
    if not scope.is_empty:
        kinds = [Node.Kind.BUILDING, Node.Kind.COMPOUND, Node.Kind.STREET_SEGMENT]
        looked_after = Node.objects.filter(pk__in=[n.pk for n in scope.places(kinds)[:200]])
    return (home | looked_after).distinct().order_by("path")


def case_queue_counts(*, node: Node, now: datetime.datetime) -> dict[str, int]:
    """How many cases at or under `node` wait on staff, by what they wait for (two queries).

    The keys are the staff workbench's queues: to accept (待受理), overdue, to verify
    (待核查), returned by the unit that got them, and on hold (挂账). The open cases are kept
    counted per place (cases.counters). Overdue (`overdue_q`) depends on the time:
    - a case not on hold is overdue once its resolution is due, and before that when its
      response is late: the open ones less those not yet due and not overdue;
    - a case on hold is overdue only for a late response: the unresponded ones (counted)
      less those whose response is not yet due.
    Both subtractions read only the cases not yet due (`not_yet_due_q`), never the district's
    330,000 open cases."""
    counted = case_counts(node=node)
    not_due = Case.objects.filter(node.subtree_q("node"), not_yet_due_q(now)).aggregate(
        on_time=Count("pk", filter=Q(state__in=OPEN_NOT_ON_HOLD) & ~overdue_q(now)),
        on_hold_unresponded=Count("pk", filter=Q(state=State.ON_HOLD) & ~responded_exists()),
    )
    not_on_hold = sum(counted[state] for state in OPEN_NOT_ON_HOLD)
    return {
        "to_accept": counted[State.PENDING],
        "overdue": not_on_hold
        - not_due["on_time"]
        + counted[ON_HOLD_UNRESPONDED]
        - not_due["on_hold_unresponded"],
        "to_verify": counted[State.TO_VERIFY],
        "returned": counted[State.RETURNED],
        "on_hold": counted[State.ON_HOLD],
    }
