"""The yearly 双报到 service report as a PDF (with a verification QR) and as Excel."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from core.exports import escape_row, workbook_bytes
from core.pdf import A4Document
from party.models import ServiceReport
from volunteers.documents import hours_text


def _subject(report: ServiceReport) -> str:
    if report.unit_id:
        return report.unit.name
    return report.rows[0]["name"] if report.rows else ""


def report_pdf(report: ServiceReport, verify_url: str) -> bytes:
    """A4, reportlab's built-in Chinese CID font (as the volunteers' certificates)."""
    from reportlab.lib.units import mm

    document = A4Document(f"在职党员双报到服务报告 {report.number}")
    pdf, font, width, height = document.pdf, document.font, document.width, document.height
    pdf.setFont(font, 20)
    pdf.drawCentredString(width / 2, height - 30 * mm, f"{report.year}年度在职党员双报到服务报告")
    pdf.setFont(font, 11)
    pdf.drawRightString(width - 20 * mm, height - 40 * mm, f"报告编号：{report.number}")
    pdf.setFont(font, 13)
    y = height - 55 * mm
    for label, value in [
        ("对象", _subject(report)),
        ("党员人数", str(len(report.rows))),
        ("经核实的志愿服务时长", f"{hours_text(report.minutes)} 小时"),
        ("完成微心愿", f"{report.wishes} 个"),
    ]:
        pdf.drawString(25 * mm, y, f"{label}：{value}")
        y -= 9 * mm
    pdf.setFont(font, 11)
    y -= 3 * mm
    for row in report.rows[:30]:
        pdf.drawString(
            32 * mm,
            y,
            f"· {row['name']}  {hours_text(row['minutes'])} 小时  微心愿 {row['wishes']} 个",
        )
        y -= 7 * mm
    pdf.drawString(25 * mm, 30 * mm, f"出具日期：{report.issued_at:%Y年%m月%d日}")
    document.verification_qr(verify_url, "扫码核验本报告真伪")
    return document.finish()


def report_xlsx(report: ServiceReport) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = str(report.year)
    sheet.append(
        [str(pgettext("party", "Member")), str(_("Verified hours")), str(_("Wishes fulfilled"))]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in report.rows:
        sheet.append(escape_row([row["name"], round(row["minutes"] / 60, 1), row["wishes"]]))
    sheet.append([str(_("Total")), round(report.minutes / 60, 1), report.wishes])
    sheet.column_dimensions["A"].width = 20
    return workbook_bytes(book)
