"""Usage per venue per month (confirmed bookings only), on the page and as Excel: hours in
all, and by what they were for — event sessions (run by teams, groups and units), council
meetings, bookings made by volunteer teams' leaders for their teams, and bookings made by
residents or staff for themselves."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from bookings.models import Booking, Venue
from core.exports import escape_row, workbook_bytes


@dataclass
class VenueUsage:
    venue: Venue
    bookings: int = 0
    hours: float = 0.0
    people: int = 0
    hours_events: float = 0.0
    hours_meetings: float = 0.0
    hours_teams: float = 0.0
    # Booked directly by a resident or a staff member for themselves (not for a team).
    hours_direct: float = 0.0


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime(month.year, month.month, 1, tzinfo=tz)
    following = datetime.datetime(
        month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=tz
    )
    return start, following


def usage_by_venue(scope, month: datetime.date) -> list[VenueUsage]:
    """Every venue in the scope with its confirmed bookings starting in the month (2 queries)."""
    start, end = month_bounds(month)
    venues = scope.filter(Venue.objects.select_related("node"), "node").order_by(
        "node__path", "name"
    )
    usage = {venue.pk: VenueUsage(venue) for venue in venues}
    rows = Booking.objects.filter(
        venue_id__in=list(usage),
        status=Booking.Status.APPROVED,
        starts_at__gte=start,
        starts_at__lt=end,
    ).values_list(
        # What the booking was made for: the events and consultations apps hold it from their
        # side (a one-to-one each), so one LEFT JOIN each tells.
        "venue_id",
        "starts_at",
        "ends_at",
        "attendees",
        "occurrence__id",
        "council_meeting__id",
        "team_id",
    )
    for venue_id, starts_at, ends_at, attendees, session_id, meeting_id, team_id in rows:
        line = usage[venue_id]
        hours = (ends_at - starts_at).total_seconds() / 3600
        line.bookings += 1
        line.hours += hours
        line.people += attendees
        if session_id is not None:
            line.hours_events += hours
        elif meeting_id is not None:
            line.hours_meetings += hours
        elif team_id is not None:
            line.hours_teams += hours
        else:
            line.hours_direct += hours
    return list(usage.values())


def usage_workbook(lines: list[VenueUsage], month: datetime.date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = month.strftime("%Y-%m")
    sheet.append(
        [
            _("Venue"),
            _("Place"),
            _("Bookings"),
            _("Hours booked"),
            pgettext("venue usage", "People"),
            _("Hours for event sessions"),
            _("Hours for council meetings"),
            _("Hours booked by teams"),
            _("Hours booked by residents and staff"),
        ]
    )
    for line in lines:
        sheet.append(
            escape_row(
                [
                    line.venue.name,
                    line.venue.node.full_name,
                    line.bookings,
                    round(line.hours, 2),
                    line.people,
                    round(line.hours_events, 2),
                    round(line.hours_meetings, 2),
                    round(line.hours_teams, 2),
                    round(line.hours_direct, 2),
                ]
            )
        )
    return workbook_bytes(book)
