"""The staff report as an Excel workbook (openpyxl)."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.exports import workbook_bytes
from marketplace.selectors import ReportRow


def report_workbook(rows: list[ReportRow]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Marketplace")[:31]
    headers = [
        _("Month"),
        _("Merchant"),
        _("Coupons issued"),
        _("Redeemed with points"),
        _("Points paid"),
        _("Face value issued (yuan)"),
        _("Coupons verified"),
        _("Face value verified (yuan)"),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            [
                row.month.strftime("%Y-%m"),
                row.merchant,
                row.issued,
                row.redeemed,
                row.points,
                float(row.issued_value),
                row.verified,
                float(row.verified_value),
            ]
        )
    for column, width in zip("ABCDEFGH", [10, 28, 12, 14, 12, 18, 12, 18], strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    return workbook_bytes(workbook)
