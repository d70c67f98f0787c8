"""Excel export of a session's attendance (openpyxl)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.masking import name_in_full
from communities.scoping import scope_for_user
from core.exports import workbook_bytes
from events import selectors
from events.models import Occurrence


def attendance_shows_full_phones(*, occurrence: Occurrence, viewer) -> bool:
    """Full phone numbers only for staff whose scope holds the place (they call attendees);
    an organiser from outside sees them masked (PIPL)."""
    return scope_for_user(viewer).manages(occurrence.event.node)


def attendance_workbook(*, occurrence: Occurrence, viewer) -> tuple[bytes, int]:
    """The workbook and its number of attendee rows; one row per registration."""
    full_phones = attendance_shows_full_phones(occurrence=occurrence, viewer=viewer)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Attendance")[:31]
    event = occurrence.event
    sheet.append([event.title, f"{timezone.localtime(occurrence.starts_at):%Y-%m-%d %H:%M}"])
    sheet.append([event.place, event.node.full_name])
    sheet.append([])
    header = [
        pgettext("events", "Name"),
        _("Mobile number"),
        _("Status"),
        _("Registered at"),
        _("Registered by"),
        _("Checked in at"),
    ]
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    rows = 0
    for registration in selectors.attendance_for_occurrence(occurrence=occurrence):
        rows += 1
        user = registration.user
        sheet.append(
            [
                name_in_full(user),
                user.phone if full_phones else user.masked_phone,
                registration.get_status_display(),
                timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
                registration.registered_by.real_name
                if registration.registered_by_id != registration.user_id
                else "",
                timezone.localtime(registration.checked_in_at).strftime("%Y-%m-%d %H:%M")
                if registration.checked_in_at
                else "",
            ]
        )
    for column, width in zip("ABCDEF", (14, 16, 14, 18, 12, 18), strict=True):
        sheet.column_dimensions[column].width = width
    return workbook_bytes(workbook), rows
