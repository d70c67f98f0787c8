"""A4 documents in Chinese: reportlab's built-in CID font (nothing to ship or install) and a QR
that verifies the document, as the certificates, the party reports and the agreements print."""

from __future__ import annotations

import io

CJK_FONT = "STSong-Light"


class A4Document:
    """One A4 canvas with the CJK font registered; `.pdf` is reportlab's canvas to draw on."""

    def __init__(self, title: str):
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas

        if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
        self.font = CJK_FONT
        self.width, self.height = A4
        self._buffer = io.BytesIO()
        self.pdf = canvas.Canvas(self._buffer, pagesize=A4)
        self.pdf.setTitle(title)

    def verification_qr(self, url: str, caption: str) -> None:
        """A 35 mm QR of `url` in the bottom right corner, the caption under it."""
        from reportlab.graphics import renderPDF
        from reportlab.graphics.barcode.qr import QrCodeWidget
        from reportlab.graphics.shapes import Drawing
        from reportlab.lib.units import mm

        widget = QrCodeWidget(url)
        x0, y0, x1, y1 = widget.getBounds()
        size = 35 * mm
        drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
        drawing.add(widget)
        renderPDF.draw(drawing, self.pdf, self.width - 20 * mm - size, 20 * mm)
        self.pdf.setFont(self.font, 9)
        self.pdf.drawRightString(self.width - 20 * mm, 16 * mm, caption)

    def finish(self) -> bytes:
        self.pdf.showPage()
        self.pdf.save()
        return self._buffer.getvalue()
