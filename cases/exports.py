"""The indicators as an Excel workbook (openpyxl): totals, one row per place, periods."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from cases.selectors import Indicators
from core.exports import workbook_bytes


def _headers() -> list[str]:
    return [
        _("Cases"),
        _("Response rate %"),
        _("On-time closing rate %"),
        _("Closing rate %"),
        _("Solving rate %"),
        _("Satisfaction rate %"),
        _("Average hours to respond"),
        _("Average hours to close"),
    ]


def _values(ind: Indicators) -> list:
    return [
        ind.cases,
        ind.response_rate,
        ind.on_time_closing_rate,
        ind.closing_rate,
        ind.solving_rate,
        ind.satisfaction_rate,
        ind.avg_response_hours,
        ind.avg_close_hours,
    ]


def indicators_workbook(report: dict) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Indicators")
    bold = Font(bold=True)
    sheet.append([_("Place"), report["node"].full_name])
    sheet.append(
        [
            pgettext("cases", "From"),
            report["start"].isoformat(),
            pgettext("cases", "Until"),
            report["end"].isoformat(),
        ]
    )
    as_of = timezone.localtime(report["as_of"]).strftime("%Y-%m-%d %H:%M")
    sheet.append([_("As of"), as_of])
    sheet.append([])
    sheet.append([_("Place"), *_headers()])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet.append([_("Total"), *_values(report["total"])])
    for child, ind in report["breakdown"]:
        sheet.append([child.name, *_values(ind)])
    sheet.append([])
    sheet.append([_("Top categories")])
    for name, count in report["total"].top_categories(10):
        sheet.append([name, count])
    periods = book.create_sheet(_("Over time"))
    periods.append([pgettext("cases", "Period"), *_headers()])
    for cell in periods[1]:
        cell.font = bold
    for label, ind in report["series"]:
        periods.append([label, *_values(ind)])
    for ws in (sheet, periods):
        ws.column_dimensions["A"].width = 24
    return workbook_bytes(book)
