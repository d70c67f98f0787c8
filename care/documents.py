"""The mediation agreement (人民调解协议书) as a PDF, made per request by a checked view.

reportlab's built-in Chinese CID font (STSong-Light), as the volunteer certificates use: no
font file to ship. The parties sign the printed copy; the portal keeps the text, not a scan.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from care.models import Dispute
from core.pdf import A4Document


def _wrap(text: str, width: int) -> list[str]:
    lines = []
    for paragraph in (text or "").splitlines() or [""]:
        while len(paragraph) > width:
            lines.append(paragraph[:width])
            paragraph = paragraph[width:]
        lines.append(paragraph)
    return lines


def agreement_pdf(dispute: Dispute) -> bytes:
    from reportlab.lib.units import mm

    document = A4Document(_("Mediation agreement"))
    pdf, font, width, height = document.pdf, document.font, document.width, document.height
    pdf.setFont(font, 20)
    pdf.drawCentredString(width / 2, height - 30 * mm, _("Mediation agreement"))
    pdf.setFont(font, 11)
    y = height - 45 * mm

    def line(text: str, size: int = 11, gap: float = 7) -> None:
        nonlocal y
        if y < 30 * mm:
            pdf.showPage()
            pdf.setFont(font, size)
            y = height - 25 * mm
        pdf.setFont(font, size)
        pdf.drawString(20 * mm, y, text)
        y -= gap * mm

    line(_("No. %(number)s · %(place)s") % {"number": dispute.pk, "place": dispute.node.full_name})
    for party in dispute.parties.all():
        line(f"{party.get_side_display()}：{party.name}")
    line(_("What the dispute was about:"), 12)
    for text in _wrap(dispute.summary, 40):
        line(text)
    line(_("The parties agree:"), 12)
    for text in _wrap(dispute.agreement_terms, 40):
        line(text)
    line(
        _("Agreed on %(date)s")
        % {"date": dispute.agreed_on.isoformat() if dispute.agreed_on else ""}
    )
    y -= 8 * mm
    for party in dispute.parties.all():
        line(_("Signature of %(name)s: ____________") % {"name": party.name}, gap=12)
    line(_("Mediator: %(name)s") % {"name": dispute.mediator.real_name or ""}, gap=12)
    return document.finish()
