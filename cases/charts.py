"""Server-rendered SVG line charts of the indicators over time (no JavaScript, no CDN)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT, PAD_LEFT, PAD_RIGHT, PAD_BOTTOM, PAD_TOP = 340, 170, 40, 34, 34, 12


def line_chart(title: str, points: list[tuple[str, float | None]], *, unit: str) -> SafeString:
    """A line over the labelled values (gaps where a value is missing), with its axis labels.

    The figure has role="img" and a <title>; the page also shows the numbers as a table.
    """
    values = [v for _label, v in points if v is not None]
    top = 100.0 if unit == "%" else max(values or [1.0]) * 1.15 or 1.0
    plot_w, plot_h = WIDTH - PAD_LEFT - PAD_RIGHT, HEIGHT - PAD_TOP - PAD_BOTTOM
    step = plot_w / max(len(points) - 1, 1)
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'class="case-chart" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<line x1="{PAD_LEFT}" y1="{PAD_TOP + plot_h}" x2="{WIDTH - 8}" '
        f'y2="{PAD_TOP + plot_h}" stroke="#555" />',
        f'<text x="{PAD_LEFT - 4}" y="{PAD_TOP + 5}" text-anchor="end" font-size="11">'
        f"{top:.0f}{escape(unit)}</text>",
        f'<text x="{PAD_LEFT - 4}" y="{PAD_TOP + plot_h}" text-anchor="end" font-size="11">0</text>',
    ]
    segment: list[str] = []
    segments: list[list[str]] = []
    for index, (_label, value) in enumerate(points):
        x = PAD_LEFT + index * step
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        y = PAD_TOP + plot_h - (value / top) * plot_h if top else PAD_TOP + plot_h
        segment.append(f"{x:.1f},{y:.1f}")
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#b3261e" />')
    if segment:
        segments.append(segment)
    for seg in segments:
        parts.append(
            f'<polyline fill="none" stroke="#b3261e" stroke-width="2" points="{" ".join(seg)}" />'
        )
    # At most 6 axis labels so they stay readable on a phone.
    every = max(1, round(len(points) / 6))
    for index, (label, _value) in enumerate(points):
        if index % every == 0 or index == len(points) - 1:
            x = PAD_LEFT + index * step
            short = label[5:] if len(label) == 10 else label
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - 12}" text-anchor="middle" font-size="11">'
                f"{escape(short)}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def indicator_charts(series) -> list[dict]:
    """One chart per indicator over the report's periods."""
    specs = [
        (_("Cases"), "cases", ""),
        (_("Response rate"), "response_rate", "%"),
        (_("On-time closing rate"), "on_time_closing_rate", "%"),
        (_("Closing rate"), "closing_rate", "%"),
        (_("Satisfaction rate"), "satisfaction_rate", "%"),
        (_("Average hours to respond"), "avg_response_hours", "h"),
        (_("Average hours to close"), "avg_close_hours", "h"),
    ]
    charts = []
    for title, attribute, unit in specs:
        points = [(label, getattr(ind, attribute)) for label, ind in series]
        charts.append(
            {"title": title, "svg": line_chart(title, points, unit=unit), "points": points}
        )
    return charts
