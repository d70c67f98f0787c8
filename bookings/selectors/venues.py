"""Which venues a person may book (the rule `bookings.services.venues.user_may_book` enforces),
when a venue is free, and the bookings a booker or an approver sees."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from bookings.models import Booking, Venue
from communities.scoping import Scope, scope_for_user


def venues_bookable_by(user) -> QuerySet[Venue]:
    """Open venues of the places the user lives under or manages."""
    scope = scope_for_user(user)
    where = scope.home_q("node")
    if scope.managing:
        where |= scope.q("node")
    return Venue.objects.filter(where, is_active=True).select_related("node")


def venue_get_for_user(*, user, pk: int) -> Venue:
    """A venue the user may book, else 404 (another community's venue is not found)."""
    return get_object_or_404(venues_bookable_by(user), pk=pk)


@dataclass(frozen=True)
class Interval:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    free: bool


def venue_day(venue: Venue, day: datetime.date) -> list[Interval]:
    """The venue's opening hours on `day` cut into free and busy intervals, in order.

    Busy is what a held booking (pending or approved) covers, the same bookings the service
    refuses to overlap; touching bookings merge into one busy interval. One query.
    """
    tz = timezone.get_current_timezone()
    opens = datetime.datetime.combine(day, venue.opens_at, tzinfo=tz)
    closes = datetime.datetime.combine(day, venue.closes_at, tzinfo=tz)
    held = Booking.objects.filter(
        venue=venue, status__in=Booking.HELD, starts_at__lt=closes, ends_at__gt=opens
    ).order_by("starts_at")
    busy: list[tuple[datetime.datetime, datetime.datetime]] = []
    for starts_at, ends_at in held.values_list("starts_at", "ends_at"):
        starts_at, ends_at = max(starts_at, opens), min(ends_at, closes)
        if busy and starts_at <= busy[-1][1]:
            busy[-1] = (busy[-1][0], max(busy[-1][1], ends_at))
        else:
            busy.append((starts_at, ends_at))
    intervals: list[Interval] = []
    cursor = opens
    for starts_at, ends_at in busy:
        if starts_at > cursor:
            intervals.append(Interval(cursor, starts_at, free=True))
        intervals.append(Interval(starts_at, ends_at, free=False))
        cursor = ends_at
    if cursor < closes:
        intervals.append(Interval(cursor, closes, free=True))
    return intervals


def bookings_of_booker(user) -> QuerySet[Booking]:
    """The bookings the user made (for themselves or a team they lead), latest start first."""
    return (
        Booking.objects.filter(booker=user)
        .select_related("venue__node", "team", "booker")
        .order_by("-starts_at", "-pk")
    )


def bookings_pending_for(scope: Scope) -> QuerySet[Booking]:
    """Bookings waiting for approval at the venues of a staff scope, soonest first."""
    return (
        scope.filter(Booking.objects.filter(status=Booking.Status.PENDING), "venue__node")
        .select_related("venue__node", "booker", "team")
        .order_by("starts_at", "pk")
    )


def booking_to_decide(*, scope: Scope, pk: int) -> Booking:
    """A booking at a venue of the staff scope (any status: the service says if it is decided)."""
    return get_object_or_404(scope.filter(Booking.objects.all(), "venue__node"), pk=pk)
