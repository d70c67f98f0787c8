"""Documents the volunteers app produces: QR codes, the certificate PDF, the Excel report."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.masking import mask_phone
from core.exports import workbook_bytes
from core.pdf import A4Document
from volunteers.models import Certificate


def hours_text(minutes: int) -> str:
    """Minutes as hours with one decimal; a few minutes still show as 0.1, never as 0."""
    if 0 < minutes < 6:
        return "0.1"
    text = f"{minutes / 60:.1f}"
    return text[:-2] if text.endswith(".0") else text


def certificate_pdf(certificate: Certificate, verify_url: str) -> bytes:
    """An A4 certificate with reportlab's built-in Chinese CID font and a verification QR."""
    from reportlab.lib.units import mm

    document = A4Document(f"志愿服务证明 {certificate.number}")
    pdf, font, width, height = document.pdf, document.font, document.width, document.height
    pdf.setFont(font, 24)
    pdf.drawCentredString(width / 2, height - 35 * mm, "志愿服务证明")
    pdf.setFont(font, 11)
    pdf.drawRightString(width - 20 * mm, height - 45 * mm, f"证明编号：{certificate.number}")
    rows = [
        ("姓名", certificate.name),
        ("证件类型及号码", f"居民身份证 {certificate.id_number_masked or '未登记'}"),
        ("志愿者编号", certificate.volunteer_number),
        (
            "服务时段",
            f"{certificate.period_from:%Y年%m月%d日} 至 {certificate.period_to:%Y年%m月%d日}",
        ),
        ("累计志愿服务时长", f"{hours_text(certificate.minutes)} 小时"),
    ]
    y = height - 60 * mm
    pdf.setFont(font, 13)
    for label, value in rows:
        pdf.drawString(25 * mm, y, f"{label}：{value}")
        y -= 9 * mm
    pdf.drawString(25 * mm, y, "服务内容：")
    y -= 8 * mm
    pdf.setFont(font, 11)
    for item in certificate.content[:18]:
        pdf.drawString(32 * mm, y, f"· {item['content']}  {hours_text(item['minutes'])} 小时")
        y -= 7 * mm
    y -= 6 * mm
    pdf.setFont(font, 13)
    pdf.drawString(25 * mm, y, f"出具单位：{certificate.issuer.full_name}")
    y -= 9 * mm
    pdf.drawString(
        25 * mm,
        y,
        f"负责人：{certificate.responsible or '—'}    联系方式：{certificate.contact or '—'}",
    )
    y -= 9 * mm
    pdf.drawString(25 * mm, y, f"出具日期：{certificate.issued_on:%Y年%m月%d日}")
    document.verification_qr(verify_url, "扫码核验本证明真伪")
    return document.finish()


def hours_report_xlsx(rows: list[dict], year: int) -> bytes:
    """Hours by team and month as a workbook (hours with one decimal)."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(year)
    header = [_("Team"), _("Place")] + [f"{m}月" for m in range(1, 13)] + [_("Total hours")]
    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            [row["team"] or _("(no team)"), row["place"]]
            + [round(m / 60, 1) for m in row["by_month"]]
            + [round(row["minutes"] / 60, 1)]
        )
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 16
    return workbook_bytes(book)


def contact_masked(phone: str) -> str:
    return mask_phone(phone)
