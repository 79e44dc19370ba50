"""Charts drawn on the server as inline SVG (no chart library, nothing from a CDN)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#b5472b", "#1f3a5f", "#d99a29", "#2f7a5d", "#8a3219", "#6b5d53"]


def _n(value) -> float:
    return float(value or 0)


def bar_chart(rows: list[tuple[str, Decimal, str]], *, title: str) -> SafeString:
    """Horizontal bars: one row per (label, value, text shown at the bar's end)."""
    if not rows:
        return mark_safe("")
    peak = max(_n(v) for _l, v, _t in rows) or 1.0
    row_h, label_w, bar_w, width = 30, 150, 300, 520
    height = row_h * len(rows) + 8
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'preserveAspectRatio="xMinYMin meet" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value, text) in enumerate(rows):
        y = 4 + i * row_h
        w = max(2.0, bar_w * _n(value) / peak)
        colour = PALETTE[i % len(PALETTE)]
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 19}" text-anchor="end" class="chart-label">'
            f"{escape(label[:22])}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 10}" rx="4" '
            f'fill="{colour}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 19}" class="chart-value">'
            f"{escape(text)}</text>"
        )
    parts.append("</svg>")
    # Every piece of text above went through escape(); the rest is our own markup.
    return mark_safe("".join(parts))  # noqa: S308


def column_chart(rows: list[tuple[str, Decimal, str]], *, title: str) -> SafeString:
    """Vertical columns, e.g. sales per month: (short label, value, tooltip text)."""
    if not rows:
        return mark_safe("")
    peak = max(_n(v) for _l, v, _t in rows) or 1.0
    col_w, gap, plot_h, top, bottom = 36, 12, 180, 10, 28
    width = len(rows) * (col_w + gap) + gap
    height = top + plot_h + bottom
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'preserveAspectRatio="xMinYMin meet" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="0" y1="{top + plot_h}" x2="{width}" y2="{top + plot_h}" class="chart-axis"/>',
    ]
    for i, (label, value, text) in enumerate(rows):
        x = gap + i * (col_w + gap)
        h = plot_h * _n(value) / peak
        parts.append(
            f"<g><title>{escape(text)}</title>"
            f'<rect x="{x}" y="{top + plot_h - h:.1f}" width="{col_w}" height="{h:.1f}" rx="3" '
            f'fill="{PALETTE[0]}"/></g>'
            f'<text x="{x + col_w / 2}" y="{top + plot_h + 18}" text-anchor="middle" '
            f'class="chart-label">{escape(label)}</text>'
        )
    parts.append("</svg>")
    # Every piece of text above went through escape(); the rest is our own markup.
    return mark_safe("".join(parts))  # noqa: S308
