"""Charts drawn on the server as inline SVG (no chart library, nothing from a CDN)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#b5472b", "#1f3a5f", "#d99a29", "#2f7a5d", "#8a3219", "#6b5d53"]


def _n(value) -> float:
    return float(value or 0)


def _dir(rtl: bool) -> str:
    # Set on the chart itself, so text anchors never depend on the page around it.
    return "rtl" if rtl else "ltr"


def bar_chart(rows: list[tuple[str, Decimal, str]], *, title: str, rtl: bool = False) -> SafeString:
    """Horizontal bars: one row per (label, value, text shown at the bar's end).

    `rtl` mirrors the chart for right-to-left pages: labels on the right, bars growing left.
    """
    if not rows:
        return mark_safe("")
    peak = max(_n(v) for _l, v, _t in rows) or 1.0
    row_h, label_w, bar_w, width = 30, 150, 300, 520
    height = row_h * len(rows) + 8
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" direction="{_dir(rtl)}" '
        f'preserveAspectRatio="xMinYMin meet" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value, text) in enumerate(rows):
        y = 4 + i * row_h
        w = max(2.0, bar_w * _n(value) / peak)
        colour = PALETTE[i % len(PALETTE)]
        if rtl:  # anchors in the right-to-left sense: "start" is a text's right edge
            label_x, label_anchor = width - label_w + 8, "end"
            bar_x, value_x, value_anchor = width - label_w - w, width - label_w - w - 6, "start"
        else:
            label_x, label_anchor = label_w - 8, "end"
            bar_x, value_x, value_anchor = label_w, label_w + w + 6, "start"
        parts.append(
            f'<text x="{label_x}" y="{y + 19}" text-anchor="{label_anchor}" class="chart-label">'
            f"{escape(label[:22])}</text>"
            f'<rect x="{bar_x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 10}" rx="4" '
            f'fill="{colour}"/>'
            f'<text x="{value_x:.1f}" y="{y + 19}" text-anchor="{value_anchor}" '
            f'class="chart-value">{escape(text)}</text>'
        )
    parts.append("</svg>")
    # Every piece of text above went through escape(); the rest is our own markup.
    return mark_safe("".join(parts))  # noqa: S308


def column_chart(
    rows: list[tuple[str, Decimal, str]], *, title: str, rtl: bool = False
) -> SafeString:
    """Vertical columns, e.g. sales per month: (short label, value, tooltip text).

    `rtl` runs the columns from right to left, as time reads on a right-to-left page.
    """
    if not rows:
        return mark_safe("")
    if rtl:
        rows = list(reversed(rows))
    peak = max(_n(v) for _l, v, _t in rows) or 1.0
    col_w, gap, plot_h, top, bottom = 36, 12, 180, 10, 28
    width = len(rows) * (col_w + gap) + gap
    height = top + plot_h + bottom
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" direction="{_dir(rtl)}" '
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
