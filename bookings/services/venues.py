"""Booking a venue, cancelling, and staff approval: the rules live here, once."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from bookings.models import Booking, Venue
from communities.scoping import scope_for_user
from notifications.services import notify
from volunteers.models import Team
from volunteers.permissions import leads_team


def user_may_book(user, venue: Venue) -> bool:
    """Residents living under the venue's place, and staff managing it."""
    scope = scope_for_user(user)
    return scope.lives_under(venue.node) or scope.manages(venue.node)


def _check_times(venue: Venue, starts_at: datetime.datetime, ends_at: datetime.datetime):
    if ends_at <= starts_at:
        raise ValidationError(_("The end must be after the start."), code="bad_times")
    if starts_at <= timezone.now():
        raise ValidationError(_("The start must be in the future."), code="past")
    start = timezone.localtime(starts_at)
    end = timezone.localtime(ends_at)
    if start.date() != end.date() or start.time() < venue.opens_at or end.time() > venue.closes_at:
        raise ValidationError(
            _("The venue is open from %(opens)s to %(closes)s; book within those hours.")
            % {
                "opens": venue.opens_at.strftime("%H:%M"),
                "closes": venue.closes_at.strftime("%H:%M"),
            },
            code="closed",
        )


def _overlapping(venue: Venue, starts_at, ends_at):
    return Booking.objects.filter(
        venue=venue, status__in=Booking.HELD, starts_at__lt=ends_at, ends_at__gt=starts_at
    )


@transaction.atomic
def booking_request(
    *,
    user,
    venue: Venue,
    starts_at,
    ends_at,
    purpose: str,
    attendees: int,
    team: Team | None = None,
) -> Booking:
    """Book the venue; confirmed at once unless the venue needs a staff member's approval.

    With `team`, the booking is the volunteer team's: only its active leader or a deputy may make
    it (else PermissionDenied), and the team must be active. Refused with ValidationError codes
    inactive, team_inactive, bad_times, past, closed, capacity and overlap.
    """
    # The venue row's lock serialises bookings of one venue (PostgreSQL); SQLite serialises
    # writers itself. The exclusion constraint is PostgreSQL's last word on overlaps.
    venue = Venue.objects.select_for_update().select_related("node").get(pk=venue.pk)
    if not venue.is_active:
        raise ValidationError(_("This venue is not open for booking."), code="inactive")
    if not user_may_book(user, venue):
        raise PermissionDenied
    if team is not None:
        if not leads_team(user, team):
            raise PermissionDenied
        if not team.is_active:
            raise ValidationError(_("This team is no longer active."), code="team_inactive")
    _check_times(venue, starts_at, ends_at)
    if attendees < 1 or attendees > venue.capacity:
        raise ValidationError(
            _("The venue holds at most %(capacity)s people.") % {"capacity": venue.capacity},
            code="capacity",
        )
    if _overlapping(venue, starts_at, ends_at).exists():
        raise ValidationError(_("The venue is already booked at that time."), code="overlap")
    status = Booking.Status.PENDING if venue.requires_approval else Booking.Status.APPROVED
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                venue=venue,
                booker=user,
                team=team,
                purpose=purpose,
                attendees=attendees,
                starts_at=starts_at,
                ends_at=ends_at,
                status=status,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("The venue is already booked at that time."), code="overlap"
        ) from error
    audit_record(
        actor=user,
        action="bookings.request",
        target=booking,
        details={"status": status, "team": team.pk if team else None},
        scope_path=venue.node.path,
    )
    return booking


@transaction.atomic
def booking_cancel(*, user, booking: Booking) -> Booking:
    """The booker cancels a booking that has not started yet."""
    booking = Booking.objects.select_for_update().select_related("venue__node").get(pk=booking.pk)
    if booking.booker_id != user.pk:
        raise PermissionDenied
    if booking.status not in Booking.HELD:
        raise ValidationError(_("This booking is no longer held."), code="not_held")
    if booking.starts_at <= timezone.now():
        raise ValidationError(_("A booking that has started cannot be cancelled."), code="started")
    booking.status = Booking.Status.CANCELLED
    booking.save(update_fields=["status"])
    audit_record(
        actor=user, action="bookings.cancel", target=booking, scope_path=booking.venue.node.path
    )
    return booking


@transaction.atomic
def booking_release(*, actor, booking: Booking) -> Booking:
    """Free the venue held for an event session or council meeting that was called off or moved.

    Called only by the service owning that session or meeting, which has checked that `actor`
    manages it (the booker may be another staff member of the same place).
    """
    booking = Booking.objects.select_for_update().select_related("venue__node").get(pk=booking.pk)
    if booking.status not in Booking.HELD:
        return booking
    booking.status = Booking.Status.CANCELLED
    booking.save(update_fields=["status"])
    audit_record(
        actor=actor, action="bookings.release", target=booking, scope_path=booking.venue.node.path
    )
    return booking


@transaction.atomic
def booking_decide(*, user, booking: Booking, approve: bool, reason: str = "") -> Booking:
    """A staff member managing the venue's place approves or refuses; the booker is told."""
    booking = Booking.objects.select_for_update().select_related("venue__node").get(pk=booking.pk)
    if not scope_for_user(user).manages(booking.venue.node):
        raise PermissionDenied
    if booking.status != Booking.Status.PENDING:
        raise ValidationError(_("This booking has already been decided."), code="decided")
    booking.status = Booking.Status.APPROVED if approve else Booking.Status.REFUSED
    booking.decided_by = user
    booking.decided_at = timezone.now()
    booking.reason = reason
    booking.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    audit_record(
        actor=user,
        action="bookings.approve" if approve else "bookings.refuse",
        target=booking,
        details={"reason": reason},
        scope_path=booking.venue.node.path,
    )
    when = timezone.localtime(booking.starts_at).strftime("%Y-%m-%d %H:%M")
    if approve:
        title = _("Your booking of %(venue)s at %(when)s is confirmed") % {
            "venue": booking.venue.name,
            "when": when,
        }
    else:
        title = _("Your booking of %(venue)s at %(when)s was refused") % {
            "venue": booking.venue.name,
            "when": when,
        }
    notify(
        booking.booker,
        title=title,
        body=reason,
        url=reverse("bookings:index"),
        category="bookings",
    )
    return booking
