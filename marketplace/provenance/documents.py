"""The certificate's QR code (segno) and the small card slipped into the parcel (reportlab).

The card is 85 × 55 mm (a business card), one per piece, in the buyer's language when its
script prints without shaping (French, English, Spanish; an Arabic order gets English).
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import segno
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

CARD = (85 * mm, 55 * mm)
_FONT_FILES = {
    "Souk": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "Souk-Bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
}
INK = HexColor("#3b2a20")
ACCENT = HexColor("#b4532a")


def qr_svg(url: str) -> str:
    """Return the QR code of `url` as inline SVG (no XML declaration), 4 px per module."""
    return segno.make(url, error="m").svg_inline(scale=4, dark="#3b2a20", light="#ffffff")


@lru_cache(maxsize=1)
def _fonts() -> tuple[str, str]:
    """Register an embedded Unicode font when the system has one; else the PDF base fonts."""
    try:
        for name, path in _FONT_FILES.items():
            if not Path(path).exists():
                raise FileNotFoundError(path)
            pdfmetrics.registerFont(TTFont(name, path))
    except (FileNotFoundError, OSError):
        return "Helvetica", "Helvetica-Bold"
    return "Souk", "Souk-Bold"


def _draw_qr(pdf: canvas.Canvas, url: str, x: float, y: float, size: float) -> None:
    """Draw the QR code's modules as filled squares (vector: sharp at any printer)."""
    code = segno.make(url, error="m")
    matrix = list(code.matrix)
    border = 2
    count = len(matrix) + 2 * border
    module = size / count
    pdf.setFillColor(HexColor("#ffffff"))
    pdf.rect(x, y, size, size, stroke=0, fill=1)
    pdf.setFillColor(INK)
    for row_index, row in enumerate(matrix):
        for col_index, dark in enumerate(row):
            if dark:
                pdf.rect(
                    x + (col_index + border) * module,
                    y + size - (row_index + border + 1) * module,
                    module,
                    module,
                    stroke=0,
                    fill=1,
                )


def _fit(pdf, text: str, font: str, size: float, width: float) -> str:
    while text and pdf.stringWidth(text, font, size) > width:
        text = text[:-2] + "…" if len(text) > 2 else ""
    return text


def cards_pdf(cards: list[dict], *, language: str = "en") -> bytes:
    """Return a PDF with one card per certificate: {"payload": dict, "url": str} each."""
    regular, bold = _fonts()
    language = language if language in ("fr", "en", "es") else "en"
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=CARD, pageCompression=1)
    pdf.setTitle("Souk — provenance")
    width, height = CARD
    with translation.override(language):
        for card in cards:
            payload, url = card["payload"], card["url"]
            qr = 30 * mm
            _draw_qr(pdf, url, width - qr - 4 * mm, 9 * mm, qr)
            text_width = width - qr - 12 * mm
            x, y = 5 * mm, height - 9 * mm
            pdf.setFillColor(ACCENT)
            pdf.setFont(bold, 7)
            pdf.drawString(x, y, _fit(pdf, _("Certificate of provenance"), bold, 7, text_width))
            pdf.setFillColor(INK)
            y -= 6 * mm
            pdf.setFont(bold, 9)
            title = payload["piece"]["title"]
            pdf.drawString(x, y, _fit(pdf, title, bold, 9, text_width))
            pdf.setFont(regular, 7)
            makers = ", ".join(m["name"] for m in payload.get("makers", []))
            shop = payload["shop"]
            rows = [
                _("Made by %(makers)s") % {"makers": makers} if makers else "",
                (shop["cooperative"] or {}).get("name") or shop["name"],
                payload["region"]["name"],
                ", ".join(label["name"].get(language, "") for label in payload.get("labels", [])),
            ]
            for row in rows:
                if row:
                    y -= 4.2 * mm
                    pdf.drawString(x, y, _fit(pdf, row, regular, 7, text_width))
            pdf.setFont(regular, 6)
            pdf.drawString(
                x, 9 * mm, _fit(pdf, _("Scan, or type the code at"), regular, 6, 45 * mm)
            )
            pdf.drawString(x, 6 * mm, _fit(pdf, url.split("/v/")[0] + "/v/", regular, 6, 45 * mm))
            pdf.setFont(bold, 9)
            pdf.drawString(width - qr - 4 * mm, 5 * mm, payload["code"])
            pdf.showPage()
    pdf.save()
    return out.getvalue()
