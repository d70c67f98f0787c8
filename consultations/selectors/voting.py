"""Consultations: who votes (electorates), ballots, tallies against art. 278, schedules."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from accounts.masking import name_for_others
from communities.models import Household, Node, Residency
from communities.scoping import scope_for_user
from consultations.models import (
    Ballot,
    Consultation,
    Matter,
    Option,
    Voter,
)
from consultations.selectors.access import matter_visibility, user_manages_node
from consultations.thresholds import Art278Outcome, art278_outcome


def consultations_for_user(*, user) -> QuerySet[Consultation]:
    """Published and closed consultations of matters the user may see (drafts only for staff)."""
    scope = scope_for_user(user)
    visible_matters = Matter.objects.filter(matter_visibility(user)).values("pk")
    q = Q(matter__in=visible_matters) & ~Q(status=Consultation.Status.DRAFT)
    if scope.managing:
        q |= scope.q("node")
    return (
        Consultation.objects.filter(q).select_related("matter", "node").order_by("-opens_at", "-id")
    )


def consultation_get_for_user(*, user, pk: int) -> Consultation:
    consultation = (
        consultations_for_user(user=user)
        .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("position", "pk")))
        .filter(pk=pk)
        .first()
    )
    if consultation is None:
        raise Http404
    return consultation


def consultation_get_for_manager(*, user, pk: int) -> Consultation:
    consultation = (
        Consultation.objects.select_related("matter", "node")
        .prefetch_related("options")
        .filter(pk=pk)
    ).first()
    if consultation is None or not user_manages_node(user, consultation.node):
        raise Http404
    return consultation


def voter_for_user(*, consultation: Consultation, user) -> Voter | None:
    """The electorate member this user votes as: themselves, or their household."""
    if consultation.electorate == Consultation.Electorate.HOUSEHOLDS:
        return (
            Voter.objects.filter(
                consultation=consultation,
                household__residencies__user=user,
                household__residencies__status=Residency.Status.APPROVED,
            )
            .select_related("household__node")
            .order_by("pk")
            .first()
        )
    return Voter.objects.filter(consultation=consultation, user=user).first()


def ballot_of_voter(voter: Voter | None) -> Ballot | None:
    if voter is None:
        return None
    return Ballot.objects.filter(voter=voter).prefetch_related("options").first()


def results_visible(*, consultation: Consultation, user, now=None) -> bool:
    if consultation.window_state(now) == "closed":
        return True
    if consultation.status == Consultation.Status.DRAFT:
        return False
    if not consultation.hide_results_until_close:
        return True
    return user_manages_node(user, consultation.node)


@dataclass(frozen=True)
class ElectorateRow:
    """One member of an electorate before it is stored: a person or a household."""

    user_id: int | None
    household_id: int | None
    area: Decimal
    label: str
    household_ids: tuple[int, ...] = ()


def electorate_compute(*, node: Node, kind: str) -> list[ElectorateRow]:
    """The electorate of a place, from approved residencies in its subtree (one query).

    - residents: every person with an approved residency, once however many homes they have;
    - households: every household with at least one approved resident;
    - owners: every approved owner, once by head, carrying the floor areas of their homes.
      Co-owners of one home count as one owner (judicial interpretation of art. 278: one
      exclusive part, one owner): the home's area and vote go to its head of household, or
      else to the owner who claimed it first.
    """
    residencies = (
        Residency.objects.filter(
            node.subtree_q("household__node"), status=Residency.Status.APPROVED
        )
        .select_related("user", "household__node")
        .order_by("household_id", "created_at", "pk")
    )
    rows = list(residencies)
    if kind == Consultation.Electorate.RESIDENTS:
        people: dict[int, Residency] = {}
        for r in rows:
            people.setdefault(r.user_id, r)
        return [
            ElectorateRow(r.user_id, None, Decimal(0), name_for_others(r.user))
            for r in sorted(people.values(), key=lambda r: (r.household.node.path, r.user_id))
        ]
    if kind == Consultation.Electorate.HOUSEHOLDS:
        homes: dict[int, Household] = {}
        for r in rows:
            homes.setdefault(r.household_id, r.household)
        return [
            ElectorateRow(None, h.pk, Decimal(0), f"{h.node.short_path} {h.room}", (h.pk,))
            for h in sorted(homes.values(), key=lambda h: (h.node.path, h.room))
        ]
    if kind != Consultation.Electorate.OWNERS:
        raise ValueError(kind)
    representative: dict[int, Residency] = {}
    for r in sorted(
        (r for r in rows if r.is_owner),
        key=lambda r: (r.relation != Residency.Relation.HEAD, r.created_at, r.pk),
    ):
        representative.setdefault(r.household_id, r)
    owners: dict[int, list[Residency]] = defaultdict(list)
    for r in representative.values():
        owners[r.user_id].append(r)
    result = []
    for user_id, owned in owners.items():
        area = sum((r.household.floor_area or Decimal(0) for r in owned), Decimal(0))
        result.append(
            ElectorateRow(
                user_id,
                None,
                area,
                name_for_others(owned[0].user),
                tuple(sorted(r.household_id for r in owned)),
            )
        )
    return sorted(result, key=lambda row: row.label)


def owned_households_without_area(*, node: Node) -> QuerySet[Household]:
    return Household.objects.filter(
        node.subtree_q("node"),
        floor_area__isnull=True,
        residencies__status=Residency.Status.APPROVED,
        residencies__is_owner=True,
    ).distinct()


@dataclass
class OptionResult:
    option: Option
    heads: int = 0
    area: Decimal = Decimal(0)
    percent: Decimal = Decimal(0)  # of ballots cast; for display only


@dataclass
class Tally:
    consultation: Consultation
    electorate_size: int
    electorate_area: Decimal
    ballots: int
    ballots_area: Decimal
    paper_ballots: int
    options: list[OptionResult] = field(default_factory=list)
    art278: Art278Outcome | None = None

    @property
    def turnout_percent(self) -> Decimal:
        return percent(self.ballots, self.electorate_size)

    @property
    def turnout_area_percent(self) -> Decimal:
        return percent(self.ballots_area, self.electorate_area)


def percent(part, whole) -> Decimal:
    """A percentage with one decimal for display; thresholds never use it."""
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def consultation_tally(consultation: Consultation) -> Tally:
    """Count the ballots (two queries: options, ballot choices with the voters' areas)."""
    options = list(consultation.options.all())
    by_id = {o.pk: OptionResult(option=o) for o in options}
    choices = Ballot.options.through.objects.filter(ballot__consultation=consultation).values_list(
        "ballot_id", "option_id", "ballot__voter__area", "ballot__channel"
    )
    ballots: dict[int, tuple[Decimal, str]] = {}
    for ballot_id, option_id, area, channel in choices:
        ballots[ballot_id] = (area, channel)
        result = by_id.get(option_id)
        if result is not None:
            result.heads += 1
            result.area += area
    ballots_area = sum((a for a, _c in ballots.values()), Decimal(0))
    for result in by_id.values():
        result.percent = percent(result.heads, len(ballots))
    tally = Tally(
        consultation=consultation,
        electorate_size=consultation.electorate_size,
        electorate_area=consultation.electorate_area,
        ballots=len(ballots),
        ballots_area=ballots_area,
        paper_ballots=sum(1 for _a, c in ballots.values() if c == Ballot.Channel.PAPER),
        options=[by_id[o.pk] for o in options],
    )
    if consultation.electorate == Consultation.Electorate.OWNERS:
        yes = next((r for r in tally.options if r.option.code == Option.Code.YES), None)
        tally.art278 = art278_outcome(
            total_owners=consultation.electorate_size,
            total_area=consultation.electorate_area,
            participating_owners=tally.ballots,
            participating_area=ballots_area,
            agreeing_owners=yes.heads if yes else 0,
            agreeing_area=yes.area if yes else Decimal(0),
            special=consultation.owner_matter == Consultation.OwnerMatter.SPECIAL,
        )
    return tally


def tally_as_record(tally: Tally) -> dict:
    """The tally as JSON for the consultation's frozen result and the audit entry."""
    record = {
        "electorate_size": tally.electorate_size,
        "electorate_area": str(tally.electorate_area),
        "ballots": tally.ballots,
        "ballots_area": str(tally.ballots_area),
        "paper_ballots": tally.paper_ballots,
        "options": [
            {"id": r.option.pk, "label": r.option.label, "heads": r.heads, "area": str(r.area)}
            for r in tally.options
        ],
    }
    if tally.art278 is not None:
        a = tally.art278
        record["art278"] = {
            "special": a.special,
            "participation_area_met": a.participation_area_met,
            "participation_heads_met": a.participation_heads_met,
            "approval_area_met": a.approval_area_met,
            "approval_heads_met": a.approval_heads_met,
            "passed": a.passed,
        }
    return record


def ballots_for_entry(*, consultation: Consultation) -> QuerySet[Voter]:
    """The electorate with each member's ballot, for the staff's paper-ballot page (3 queries)."""
    return (
        Voter.objects.filter(consultation=consultation)
        .select_related("user", "household__node", "ballot")
        .prefetch_related("ballot__options")
        .order_by("label", "pk")
    )


def voters_to_notify(consultation: Consultation) -> list:
    """The people to tell about a consultation: each voter, or each household's residents."""
    from accounts.models import User

    if consultation.electorate == Consultation.Electorate.HOUSEHOLDS:
        return list(
            User.objects.filter(
                residencies__household__in=Voter.objects.filter(consultation=consultation).values(
                    "household_id"
                ),
                residencies__status=Residency.Status.APPROVED,
                is_active=True,
            ).distinct()
        )
    return list(
        User.objects.filter(
            pk__in=Voter.objects.filter(consultation=consultation).values("user_id"),
            is_active=True,
        )
    )


def consultations_due_to_open(now: datetime.datetime) -> QuerySet[Consultation]:
    return Consultation.objects.filter(
        status=Consultation.Status.PUBLISHED,
        opens_at__lte=now,
        closes_at__gt=now,
        opening_notified_at__isnull=True,
    )


def consultations_due_for_reminder(now: datetime.datetime) -> QuerySet[Consultation]:
    return Consultation.objects.filter(
        status=Consultation.Status.PUBLISHED,
        opens_at__lte=now,
        closes_at__gt=now,
        closes_at__lte=now + datetime.timedelta(days=1),
        closing_reminded_at__isnull=True,
    )


def consultations_due_to_close(now: datetime.datetime) -> QuerySet[Consultation]:
    return Consultation.objects.filter(status=Consultation.Status.PUBLISHED, closes_at__lte=now)


def consultations_closing_at(
    *, node: Node, now: datetime.datetime, within: datetime.timedelta
) -> QuerySet[Consultation]:
    """Published consultations at or under `node` whose voting closes within `within`."""
    return Consultation.objects.filter(
        node.subtree_q("node"),
        status=Consultation.Status.PUBLISHED,
        closes_at__gt=now,
        closes_at__lte=now + within,
    ).order_by("closes_at", "pk")


def voter_ids_between(*, node: Node, start: datetime.datetime, end: datetime.datetime):
    """Ids of the people whose ballot was cast in [start, end) on consultations at or under
    `node` (a subquery for participation equity; household ballots count their voter)."""
    return Voter.objects.filter(
        node.subtree_q("consultation__node"),
        user__isnull=False,
        ballot__cast_at__gte=start,
        ballot__cast_at__lt=end,
    ).values("user_id")


def open_voters_of(person, now: datetime.datetime) -> QuerySet[Voter]:
    """The person's places in the electorates of consultations open for voting now: as
    themselves, or as one of their approved households (代办: staff enter their paper ballot)."""
    homes = Household.objects.filter(
        residencies__user=person, residencies__status=Residency.Status.APPROVED
    ).values("pk")
    return (
        Voter.objects.filter(
            Q(user=person) | Q(household__in=homes),
            consultation__status=Consultation.Status.PUBLISHED,
            consultation__opens_at__lte=now,
            consultation__closes_at__gt=now,
        )
        .select_related("consultation__node")
        .order_by("consultation__closes_at", "pk")
    )
