"""Server-rendered SVG bar charts (workbench figures, survey results): no JavaScript, no CDN.

Horizontal bars with the place name on the left and the value at the end of each bar, so a
chart reads on a phone and prints in black and white; the page also shows the numbers as a
table. Each SVG has role="img" and a <title>.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, LABEL_W, ROW_H, PAD = 340, 110, 26, 6


def bar_chart(title: str, bars: list[tuple[str, float | None]], *, unit: str = "") -> SafeString:
    top = 100.0 if unit == "%" else max([v for _l, v in bars if v is not None] or [1.0]) or 1.0
    plot_w = WIDTH - LABEL_W - 56
    height = PAD * 2 + ROW_H * max(len(bars), 1)
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'class="workbench-chart" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for index, (label, value) in enumerate(bars):
        y = PAD + index * ROW_H
        short = label if len(label) <= 8 else label[:7] + "…"
        parts.append(
            f'<text x="{LABEL_W - 6}" y="{y + 17}" text-anchor="end" font-size="13" '
            f'fill="#1d2a36">{escape(short)}</text>'
        )
        if value is None:
            parts.append(
                f'<text x="{LABEL_W + 4}" y="{y + 17}" font-size="13" fill="#444">–</text>'
            )
            continue
        width = max(plot_w * value / top, 1)
        parts.append(
            f'<rect x="{LABEL_W}" y="{y + 4}" width="{width:.1f}" height="{ROW_H - 8}" '
            f'fill="#0b4f8a" />'
        )
        parts.append(
            f'<text x="{LABEL_W + width + 4:.1f}" y="{y + 17}" font-size="13" fill="#1d2a36">'
            f"{value:g}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
