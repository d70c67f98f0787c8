"""Who a notice reaches: the audience rule, in one place (fan-out, counts, door-knock lists).

Ages come from the only year of birth the portal holds today (events' attendee profile, asked
when someone registers for an age-limited event). `register_birth_year_source` lets an app that
knows more (the care register) supply its own Q, so the 60+ audience and the elders-first order
of the door-knock list follow it without this module importing that app.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from communities.models import Node, Post, Residency
from communities.scoping import CAPTAIN_POSTS
from notices.models import Notice

ELDER_AGE = 60
OLD_ELDER_AGE = 80

# (user field prefix, latest year of birth) -> Q over the rows reached through that prefix.
BirthYearSource = Callable[[str, int], Q]


def _events_birth_year(prefix: str, latest_year: int) -> Q:
    return Q(**{f"{prefix}event_profile__birth_year__lte": latest_year})


_birth_year_sources: list[BirthYearSource] = [_events_birth_year]


def register_birth_year_source(source: BirthYearSource) -> None:
    """Another app (care) adds where a year of birth may be found; any source matching counts."""
    if source not in _birth_year_sources:
        _birth_year_sources.append(source)


def aged_at_least_q(age: int, prefix: str = "user__") -> Q:
    """People reaching `age` this year (the local year), by any registered source."""
    latest_year = timezone.localdate().year - age
    q = Q(pk__in=[])
    for source in _birth_year_sources:
        q |= source(prefix, latest_year)
    return q


def _resident_filter(audience: str) -> Q:
    return {
        Notice.Audience.ALL: Q(),
        Notice.Audience.OWNERS: Q(is_owner=True),
        Notice.Audience.TENANTS: Q(relation=Residency.Relation.TENANT),
        Notice.Audience.NON_REGISTERED: Q(residence_type=Residency.ResidenceType.NON_REGISTERED),
        Notice.Audience.ELDERS: aged_at_least_q(ELDER_AGE),
        Notice.Audience.PARTY_MEMBERS: Q(
            user__party_memberships__isnull=False, user__party_memberships__left_on__isnull=True
        ),
        Notice.Audience.VOLUNTEERS: Q(user__volunteer_profile__isnull=False),
    }[audience]


def recipients(*, node: Node, audience: str) -> QuerySet:
    """Rows of {"user_id", "household_id"}, one per person, ordered by user id (captains'
    rows have no "household_id").

    Residents: approved residencies under the place (a person with two homes there is reached
    once, through the first). Captains: current captain posts over places in the subtree, with
    no household.
    """
    if audience == Notice.Audience.CAPTAINS:
        return (
            Post.objects.filter(node.subtree_q("node"), kind__in=CAPTAIN_POSTS)
            .filter(ends_on__isnull=True)
            .values("user_id")
            .distinct()
            .order_by("user_id")
        )
    return (
        Residency.objects.filter(node.subtree_q("household__node"), status="approved")
        .filter(_resident_filter(audience))
        .values("user_id")
        .annotate(household_id=Min("household_id"))
        .order_by("user_id")
    )
