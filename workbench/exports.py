"""Each "how are we doing" panel as an Excel workbook (through core.exports: no formulas)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from core.exports import workbook_bytes


def _place_headers() -> list[str]:
    return [
        _("Place"),
        _("Cases"),
        _("Open cases"),
        _("Closing rate %"),
        _("On-time closing rate %"),
        _("Response rate %"),
        _("Solving rate %"),
        _("Satisfaction rate %"),
        _("Patrol coverage %"),
        _("Verified volunteer hours"),
        _("Event registrations"),
        _("Checked in %"),
        _("Quiz participation %"),
        _("Coupons redeemed"),
        _("Residents"),
    ]


def _place_values(place) -> list:
    ind = place.indicators
    return [
        place.node.name,
        ind.cases,
        ind.open_cases,
        ind.closing_rate,
        ind.on_time_closing_rate,
        ind.response_rate,
        ind.solving_rate,
        ind.satisfaction_rate,
        place.patrol_coverage,
        place.hours,
        place.registered,
        place.attendance_rate,
        place.quiz_rate,
        place.coupons_used,
        place.residents,
    ]


def _head(sheet, node, start, end) -> None:
    sheet.append([_("Place"), node.full_name])
    sheet.append(
        [
            pgettext("workbench", "From"),
            start.isoformat(),
            pgettext("workbench", "Until"),
            end.isoformat(),
        ]
    )
    sheet.append([])


def places_workbook(performance: dict) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Places compared")
    _head(sheet, performance["node"], performance["start"], performance["end"])
    sheet.append(_place_headers())
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for place in performance["children"]:
        sheet.append(_place_values(place))
    sheet.append(_place_values(performance["total"]))
    return workbook_bytes(book)


def equity_workbook(*, node, start, end, equity) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Participation equity")
    _head(sheet, node, start, end)
    headers = [
        _("Group"),
        _("Residents"),
        _("Share of residents %"),
        _("Taking part"),
        _("Share of those taking part %"),
        _("Turnout %"),
        _("Under half its share"),
    ]
    for rows in (equity.by_age, equity.by_residence):
        sheet.append(headers)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(
                [
                    str(row.label),
                    row.residents,
                    row.resident_share,
                    row.participants,
                    row.participant_share,
                    row.turnout,
                    _("yes") if row.under_half_share else "",
                ]
            )
        sheet.append([])
    return workbook_bytes(book)
