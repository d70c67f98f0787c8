"""Reads of notices: who sees which, receipts, reach per place, the door-knock list."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from communities.models import Household, Node, Residency
from communities.scoping import scope_for_user
from notices.audiences import ELDER_AGE, OLD_ELDER_AGE, aged_at_least_q
from notices.models import Delivery, Notice


def reached_q(notice: Notice, prefix: str = "") -> Q:
    """The rule for a reached recipient: confirmed (or read, when no confirmation is asked),
    or told at the door or by phone by a captain."""
    told = Q(**{f"{prefix}told_at__isnull": False})
    confirmed = Q(**{f"{prefix}confirmed_at__isnull": False})
    if notice.needs_confirmation:
        return confirmed | told
    return Q(**{f"{prefix}read_at__isnull": False}) | confirmed | told


def notices_for_user(*, user) -> QuerySet[Notice]:
    """Notices delivered to the user, newest first, with their receipt's times."""
    mine = Delivery.objects.filter(notice=OuterRef("pk"), user=user)
    return (
        Notice.objects.filter(deliveries__user=user)
        .select_related("node")
        .annotate(
            my_read=Exists(mine.filter(read_at__isnull=False)),
            my_confirmed=Exists(mine.filter(confirmed_at__isnull=False)),
        )
    )


def notices_managed(*, user) -> QuerySet[Notice]:
    """Notices to places in the user's scope (staff and captains), newest first."""
    return scope_for_user(user).filter(Notice.objects.select_related("node", "author"), "node")


def works_on(user, notice: Notice) -> bool:
    """Staff or captains whose place holds the notice's place or lies under it (a building's
    captain follows a community notice for their building)."""
    scope = scope_for_user(user)
    return scope.contains(notice.node) or any(
        root.is_descendant_of(notice.node) for root in scope.roots
    )


def notice_get_for_user(*, user, pk) -> Notice:
    """A notice the user received or works on (see works_on); 404 otherwise."""
    notice = Notice.objects.select_related("node", "author").filter(pk=pk).first()
    if notice is None:
        raise Http404
    if works_on(user, notice):
        return notice
    if user.is_authenticated and notice.deliveries.filter(user=user).exists():
        return notice
    raise Http404


def delivery_of(*, notice: Notice, user) -> Delivery | None:
    if not user.is_authenticated:
        return None
    return Delivery.objects.filter(notice=notice, user=user).first()


def _household_counts(notice: Notice, deliveries: QuerySet[Delivery]) -> QuerySet:
    return (
        deliveries.filter(household__isnull=False)
        .values("household_id", "household__node__path")
        .annotate(total=Count("pk"), reached=Count("pk", filter=reached_q(notice)))
        .order_by()
    )


def household_is_reached(notice: Notice, total: int, reached: int) -> bool:
    """Per household: any member reached is enough; per person: every member must be."""
    return reached > 0 if notice.per_household else reached == total


@dataclass
class ReachRow:
    node: Node
    households: int = 0
    reached: int = 0

    @property
    def percent(self) -> int:
        return self.reached * 100 // self.households if self.households else 0


REACH_KINDS = (Node.Kind.COMMUNITY, Node.Kind.GRID, Node.Kind.BUILDING)


def notice_reach(*, notice: Notice, user=None) -> dict[str, list[ReachRow]]:
    """Households reached per community, grid and building under the notice (in the user's
    scope when given), in tree order. Three queries whatever the size."""
    deliveries = notice.deliveries.all()
    if user is not None:
        deliveries = scope_for_user(user).filter(deliveries, "household__node")
    households = list(_household_counts(notice, deliveries))
    codes = Node.codes_on_paths(row["household__node__path"] for row in households)
    nodes = {
        node.code: node
        for node in Node.objects.filter(code__in=codes, kind__in=REACH_KINDS).order_by("path")
    }
    rows: dict[str, ReachRow] = {code: ReachRow(node) for code, node in nodes.items()}
    for row in households:
        reached = household_is_reached(notice, row["total"], row["reached"])
        for code in Node.codes_on_paths([row["household__node__path"]]):
            if code in rows:
                rows[code].households += 1
                rows[code].reached += int(reached)
    by_kind: dict[str, list[ReachRow]] = {kind: [] for kind in REACH_KINDS}
    for row in rows.values():
        by_kind[row.node.kind].append(row)
    return by_kind


def notice_receipt_counts(*, notice: Notice) -> dict[str, int]:
    """Recipients, read, confirmed and told, for the notice page."""
    return notice.deliveries.aggregate(
        recipients=Count("pk"),
        read=Count("pk", filter=Q(read_at__isnull=False)),
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
        told=Count("pk", filter=Q(told_at__isnull=False)),
        reached=Count("pk", filter=reached_q(notice)),
    )


def unreached_households(*, notice: Notice, user=None) -> list[int]:
    """Ids of households not reached (in the user's scope when given)."""
    deliveries = notice.deliveries.all()
    if user is not None:
        deliveries = scope_for_user(user).filter(deliveries, "household__node")
    return [
        row["household_id"]
        for row in _household_counts(notice, deliveries)
        if not household_is_reached(notice, row["total"], row["reached"])
    ]


def _elder_exists(age: int):
    return Exists(
        Residency.objects.filter(household=OuterRef("pk"), status="approved").filter(
            aged_at_least_q(age)
        )
    )


def knock_list(*, notice: Notice, user) -> list[Household]:
    """The captain's door-knock list: households in their scope not reached, elders living
    alone first (80+, then 60+), then households with an elder, then by address.

    Each household carries `.people` (approved residents with their receipt) for the phones.
    Living alone is read from the residents registered in the household; the care register
    will know better (it plugs its years of birth in through audiences.register_birth_year_source).
    """
    ids = unreached_households(notice=notice, user=user)
    households = list(
        Household.objects.filter(pk__in=ids)
        .select_related("node")
        .annotate(
            residents=Count("residencies", filter=Q(residencies__status="approved")),
            has_old_elder=_elder_exists(OLD_ELDER_AGE),
            has_elder=_elder_exists(ELDER_AGE),
        )
    )

    def rank(household: Household) -> tuple:
        alone = household.residents == 1
        if alone and household.has_old_elder:
            group = 0
        elif alone and household.has_elder:
            group = 1
        elif household.has_old_elder:
            group = 2
        elif household.has_elder:
            group = 3
        else:
            group = 4
        return (group, household.node.path, household.room)

    households.sort(key=rank)
    people = (
        Residency.objects.filter(household_id__in=ids, status="approved")
        .select_related("user")
        .order_by("pk")
    )
    receipts = {d.user_id: d for d in notice.deliveries.filter(household_id__in=ids)}
    by_household: dict[int, list] = {}
    for residency in people:
        residency.receipt = receipts.get(residency.user_id)
        by_household.setdefault(residency.household_id, []).append(residency)
    for household in households:
        household.people = by_household.get(household.pk, [])
        household.alone_elder = household.residents == 1 and household.has_elder
    return households
