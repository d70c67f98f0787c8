"""The council (1+X): standing board seats with terms, invited members per matter, meetings."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from bookings.models import Booking, Venue
from bookings.services.venues import booking_release, booking_request, user_may_book
from communities.models import Node
from consultations.models import Council, CouncilMember, Matter, Meeting, MeetingAttendance
from consultations.selectors import user_manages_node


def _require_manager(actor, node: Node) -> None:
    if actor is not None and not user_manages_node(actor, node):
        raise ValidationError(
            _("Only the council or community staff of this place may do this."), code="forbidden"
        )


def council_for_community(*, community: Node) -> Council:
    """The community's council, created on first use (every community has exactly one)."""
    if community.kind != Node.Kind.COMMUNITY:
        raise ValidationError(_("A council belongs to a community."), code="bad_place")
    council, _created = Council.objects.get_or_create(
        community=community, defaults={"name": f"{community.name}居民议事会"}
    )
    return council


@transaction.atomic
def council_member_add(
    *,
    actor,
    council: Council,
    user,
    role: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    matter: Matter | None = None,
    represents: str = "",
) -> CouncilMember:
    """Seat someone on the standing board (a role and a term) or invite them for one matter."""
    _require_manager(actor, council.community)
    if role not in CouncilMember.Role.values:
        raise ValidationError(_("Choose a role."), code="invalid")
    invited = role == CouncilMember.Role.INVITED
    if invited and matter is None:
        raise ValidationError(_("An invited member is invited for a matter."), code="no_matter")
    if not invited and matter is not None:
        raise ValidationError(_("Standing members are not tied to a matter."), code="invalid")
    if matter is not None and not matter.node.is_descendant_of(council.community):
        raise ValidationError(_("The matter is not in this community."), code="out_of_scope")
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(_("The term must end after it starts."), code="bad_term")
    try:
        with transaction.atomic():
            # The unique constraint holds this on PostgreSQL; SQLite cannot build it, but its
            # IMMEDIATE transactions serialise writers, so this check is race-free there.
            if CouncilMember.objects.filter(
                council=council, user=user, matter=matter, ends_on__isnull=True
            ).exists():
                raise IntegrityError("open seat exists")
            member = CouncilMember.objects.create(
                council=council,
                user=user,
                role=role,
                matter=matter,
                represents=represents.strip(),
                starts_on=starts_on,
                ends_on=ends_on,
            )
    except IntegrityError:
        raise ValidationError(_("This person already holds this seat."), code="duplicate_seat")
    audit_record(
        actor=actor,
        action="consultations.member_add",
        target=member,
        scope_path=council.community.path,
        details={"user_id": user.pk, "role": role, "matter_id": matter.pk if matter else None},
    )
    return member


@transaction.atomic
def council_member_end(*, actor, member: CouncilMember, ends_on: datetime.date) -> CouncilMember:
    member = (
        CouncilMember.objects.select_for_update()
        .select_related("council__community")
        .get(pk=member.pk)
    )
    _require_manager(actor, member.council.community)
    if member.ends_on is not None:
        raise ValidationError(_("This term has already ended."), code="already_ended")
    if ends_on < member.starts_on:
        raise ValidationError(_("The term must end after it starts."), code="bad_term")
    member.ends_on = ends_on
    member.save(update_fields=["ends_on"])
    audit_record(
        actor=actor,
        action="consultations.member_end",
        target=member,
        scope_path=member.council.community.path,
        details={"ends_on": ends_on.isoformat()},
    )
    return member


def _venue_book(actor, council: Council, venue, title: str, starts_at, minutes_long):
    if venue is None:
        return None
    if not user_may_book(actor, venue):
        raise ValidationError(_("You may not book this venue."), code="out_of_scope")
    return booking_request(
        user=actor,
        venue=venue,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes_long or 120),
        purpose=title.strip()[:200],
        attendees=max(1, council.members.count()),
    )


@transaction.atomic
def meeting_create(
    *,
    actor,
    council: Council,
    title: str,
    starts_at: datetime.datetime,
    place: str,
    agenda: str,
    matters: list[Matter] | None = None,
    event_url: str = "",
    venue: Venue | None = None,
    minutes_long: int | None = None,
) -> Meeting:
    """Schedule a meeting; with a venue, the venue is booked for it through the bookings
    service (its overlap and opening-hours rules apply)."""
    _require_manager(actor, council.community)
    if not title.strip() or not place.strip() or not agenda.strip():
        raise ValidationError(_("Give the meeting a title, a place and an agenda."), code="invalid")
    event_url = event_url.strip()
    if event_url and not event_url.startswith(("/", "https://", "http://")):
        raise ValidationError(
            _("The event link must be a web address or a page of this portal."), code="bad_url"
        )
    matters = matters or []
    if any(not m.node.is_descendant_of(council.community) for m in matters):
        raise ValidationError(_("The matter is not in this community."), code="out_of_scope")
    meeting = Meeting.objects.create(
        council=council,
        title=title.strip(),
        starts_at=starts_at,
        place=place.strip(),
        agenda=agenda.strip(),
        event_url=event_url.strip(),
        created_by=actor,
        venue_booking=_venue_book(actor, council, venue, title, starts_at, minutes_long),
    )
    meeting.matters.set(matters)
    audit_record(
        actor=actor,
        action="consultations.meeting_create",
        target=meeting,
        scope_path=council.community.path,
        details={"starts_at": starts_at.isoformat(), "matters": [m.pk for m in matters]},
    )
    return meeting


@transaction.atomic
def meeting_venue_set(
    *, actor, meeting: Meeting, venue: Venue | None, minutes_long: int | None = None
) -> Booking | None:
    """Change the meeting's venue, or drop it (`venue` None); returns the booking now held.

    Refused once the meeting has begun (code "started"). The held booking is released first,
    so keeping the venue with another length does not overlap itself; a refused new booking
    (taken at that time, closed then, out of the actor's scope) rolls the release back. The
    length defaults to the held booking's, else two hours.
    """
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("council__community", "venue_booking__venue")
        .get(pk=meeting.pk)
    )
    _require_manager(actor, meeting.council.community)
    if meeting.starts_at <= timezone.now():
        raise ValidationError(
            _("This meeting has begun; its venue can no longer be changed."), code="started"
        )
    held = meeting.venue_booking
    if held is not None and held.status not in Booking.HELD:
        held = None
    if minutes_long is None and held is not None:
        minutes_long = int((held.ends_at - held.starts_at).total_seconds() // 60)
    if minutes_long is not None and not 15 <= minutes_long <= 720:
        raise ValidationError(_("A meeting lasts from 15 minutes to 12 hours."), code="bad_length")
    if (
        held is not None
        and venue is not None
        and held.venue_id == venue.pk
        and held.ends_at - held.starts_at == datetime.timedelta(minutes=minutes_long)
    ):
        return held
    if held is not None:
        booking_release(actor=actor, booking=held)
    booking = _venue_book(
        actor, meeting.council, venue, meeting.title, meeting.starts_at, minutes_long
    )
    meeting.venue_booking = booking
    meeting.save(update_fields=["venue_booking"])
    audit_record(
        actor=actor,
        action="consultations.meeting_venue_set",
        target=meeting,
        scope_path=meeting.council.community.path,
        details={
            "venue": venue.pk if venue else None,
            "previous": held.venue_id if held else None,
            "minutes_long": minutes_long,
        },
    )
    return booking


@transaction.atomic
def meeting_record(*, actor, meeting: Meeting, minutes: str, attendance: dict[int, str]) -> Meeting:
    """Minutes and who attended ({member_id: status}); members must belong to the council."""
    meeting = (
        Meeting.objects.select_for_update().select_related("council__community").get(pk=meeting.pk)
    )
    _require_manager(actor, meeting.council.community)
    members = set(
        CouncilMember.objects.filter(council=meeting.council, pk__in=attendance).values_list(
            "pk", flat=True
        )
    )
    if members != set(attendance):
        raise ValidationError(_("Someone listed is not a council member."), code="invalid")
    if any(s not in MeetingAttendance.Status.values for s in attendance.values()):
        raise ValidationError(_("Choose present, excused or absent."), code="invalid")
    meeting.minutes = minutes.strip()
    meeting.save(update_fields=["minutes"])
    for member_id, status in attendance.items():
        MeetingAttendance.objects.update_or_create(
            meeting=meeting, member_id=member_id, defaults={"status": status}
        )
    audit_record(
        actor=actor,
        action="consultations.meeting_record",
        target=meeting,
        scope_path=meeting.council.community.path,
        details={"attendance": {str(k): v for k, v in attendance.items()}},
    )
    return meeting
