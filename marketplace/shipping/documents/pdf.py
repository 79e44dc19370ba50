"""Lay out the CN22, the CN23 and the commercial invoice with reportlab, in French and English.

Text is drawn in DejaVu Sans, bundled in ../fonts (with its licence): it holds Latin and
Arabic glyphs, so the same file prints on any machine, and it is embedded in the PDF.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .consignment import Consignment, Party
from .script import for_print, has_arabic, transliterate

FONTS = Path(__file__).resolve().parent.parent / "fonts"
REGULAR, BOLD = "SoukDejaVu", "SoukDejaVu-Bold"


def _register_fonts() -> None:
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFontFamily(
            REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
        )


def font_covers(text: str) -> bool:
    """Answer whether the documents' font has a glyph for every character of printed text."""
    _register_fonts()
    face = pdfmetrics.getFont(REGULAR).face
    return all(ord(ch) in face.charToGlyph for ch in text if not ch.isspace())


_STYLES = {}


def _style(name: str) -> ParagraphStyle:
    if not _STYLES:
        _register_fonts()
        _STYLES.update(
            body=ParagraphStyle("body", fontName=REGULAR, fontSize=8, leading=10),
            small=ParagraphStyle("small", fontName=REGULAR, fontSize=6.5, leading=8),
            head=ParagraphStyle("head", fontName=BOLD, fontSize=13, leading=16),
            label=ParagraphStyle("label", fontName=BOLD, fontSize=7, leading=9),
            num=ParagraphStyle("num", fontName=REGULAR, fontSize=8, leading=10, alignment=TA_RIGHT),
        )
    return _STYLES[name]


def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), _style(style))


def _text(text: str) -> str:
    """Return a name or title as printed: Latin as is; Arabic transliterated, then shaped."""
    if not has_arabic(text):
        return text
    return f"{transliterate(text)}\n{for_print(text)}"


def _described(item) -> str:
    """Return a line's description: Latin for customs, and the Arabic title as it was sold."""
    if has_arabic(item.title):
        return f"{item.latin}\n{for_print(item.title)}"
    return item.latin


def _party(label: str, party: Party) -> list:
    lines = [_text(party.name), *(_text(line) for line in party.address_lines if line)]
    lines.append(party.country)
    if party.phone:
        lines.append(f"Tél. / Phone: {party.phone}")
    if party.email:
        lines.append(party.email)
    return [_p(label, "label"), _p("\n".join(lines))]


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}".replace(",", " ")


def _kg(grams: int) -> str:
    return f"{Decimal(grams) / 1000:.3f}"


def _grid(rows, widths, header_rows=1) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=header_rows)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#eeeeee")),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _build(story: list, pagesize, title: str) -> bytes:
    _register_fonts()
    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=10 * mm,
        bottomMargin=10 * mm,
        title=title,
        author="Souk",
        invariant=1,  # the same consignment gives the same bytes
    )
    doc.build(story)
    return out.getvalue()


def _items_table(c: Consignment, width: float) -> Table:
    head = [
        _p("Description détaillée du contenu\nDetailed description of contents", "label"),
        _p("Qté\nQty", "label"),
        _p("Poids net (kg)\nNet weight (kg)", "label"),
        _p(f"Valeur ({c.currency})\nValue ({c.currency})", "label"),
        _p("N° tarifaire SH\nHS tariff number", "label"),
        _p("Pays d'origine\nCountry of origin", "label"),
    ]
    rows = [head]
    for item in c.items:
        described = _described(item)
        rows.append(
            [
                _p(described),
                _p(str(item.quantity), "num"),
                _p(_kg(item.net_weight_total), "num"),
                _p(_money(item.value), "num"),
                _p(item.hs_code),
                _p(item.origin),
            ]
        )
    rows.append(
        [
            _p("Total", "label"),
            _p(str(sum(i.quantity for i in c.items)), "num"),
            _p(_kg(c.net_weight_grams), "num"),
            _p(_money(c.goods_total), "num"),
            _p(""),
            _p(""),
        ]
    )
    fractions = (0.36, 0.07, 0.13, 0.14, 0.15, 0.15)
    return _grid(rows, [width * f for f in fractions])


def customs_declaration_pdf(c: Consignment, *, kind: str) -> bytes:
    """Return a CN23 (or CN22, `kind="cn22"`) customs declaration for a consignment."""
    cn22 = kind == "cn22"
    pagesize = A5 if cn22 else A4
    width = pagesize[0] - 20 * mm
    name = "CN 22" if cn22 else "CN 23"
    story = [
        _grid(
            [
                [
                    _p(f"DÉCLARATION EN DOUANE / CUSTOMS DECLARATION    {name}", "head"),
                    _p(f"N° / No: {c.invoice_number}\nCommande / Order: {c.order_number}"),
                ]
            ],
            [width * 0.65, width * 0.35],
            header_rows=0,
        ),
        Spacer(1, 3 * mm),
        _grid(
            [
                [
                    _party("De / From (expéditeur / sender)", c.sender),
                    _party("À / To (destinataire / addressee)", c.addressee),
                ]
            ],
            [width / 2, width / 2],
            header_rows=0,
        ),
        Spacer(1, 3 * mm),
        _p(
            "Catégorie de l'envoi / Category of item:  [X] Vente de marchandises / Sale of goods"
            "   [ ] Cadeau / Gift   [ ] Échantillon / Commercial sample   [ ] Documents"
            "   [ ] Retour / Returned goods   [ ] Autre / Other"
        ),
        Spacer(1, 2 * mm),
        _items_table(c, width),
        Spacer(1, 3 * mm),
        _grid(
            [
                [
                    _p("Poids brut total (kg)\nTotal gross weight (kg)", "label"),
                    _p(_kg(c.gross_weight_grams), "num"),
                    _p(f"Valeur totale ({c.currency})\nTotal value ({c.currency})", "label"),
                    _p(_money(c.goods_total), "num"),
                ],
                [
                    _p("Frais de port\nPostal charges / Fees", "label"),
                    _p(_money(c.shipping), "num"),
                    _p("Monnaie\nCurrency", "label"),
                    _p(c.currency),
                ],
            ],
            [width * 0.3, width * 0.2, width * 0.3, width * 0.2],
            header_rows=0,
        ),
        Spacer(1, 3 * mm),
        _p(
            "Facture commerciale jointe / Commercial invoice attached: "
            f"{c.invoice_number}. Incoterm: DAP.",
            "small",
        ),
        _p(
            "Je certifie que les renseignements donnés dans la présente déclaration sont exacts "
            "et que cet envoi ne contient aucun objet dangereux ou interdit par la "
            "réglementation postale ou douanière. / I certify that the particulars given in "
            "this customs declaration are correct and that this item does not contain any "
            "dangerous article or articles prohibited by legislation or by postal or customs "
            "regulations.",
            "small",
        ),
        Spacer(1, 4 * mm),
        _p(
            f"Date: {c.issued_on.isoformat()}    Signature de l'expéditeur / Sender's "
            "signature: ______________________"
        ),
    ]
    return _build(story, pagesize, f"{name} {c.invoice_number}")


def commercial_invoice_pdf(c: Consignment) -> bytes:
    """Return the commercial invoice for a consignment (Incoterm DAP)."""
    width = A4[0] - 20 * mm
    head = [
        _p("Description\nDescription", "label"),
        _p("N° SH\nHS code", "label"),
        _p("Origine\nOrigin", "label"),
        _p("Qté\nQty", "label"),
        _p("Poids net (kg)\nNet weight (kg)", "label"),
        _p(f"Prix unitaire\nUnit price ({c.currency})", "label"),
        _p(f"Total ({c.currency})", "label"),
    ]
    rows = [head]
    for item in c.items:
        described = _described(item)
        unit = (item.value / item.quantity).quantize(Decimal("0.01"))
        rows.append(
            [
                _p(described),
                _p(item.hs_code),
                _p(item.origin),
                _p(str(item.quantity), "num"),
                _p(_kg(item.net_weight_total), "num"),
                _p(_money(unit), "num"),
                _p(_money(item.value), "num"),
            ]
        )
    fractions = (0.31, 0.1, 0.08, 0.07, 0.13, 0.15, 0.16)
    totals = [
        [_p("Sous-total marchandises / Goods subtotal", "label"), _p(_money(c.goods_total), "num")],
        [_p("Transport / Freight", "label"), _p(_money(c.shipping), "num")],
        [_p(f"Total facture / Invoice total ({c.currency})", "label"), _p(_money(c.total), "num")],
    ]
    story = [
        _p("FACTURE COMMERCIALE / COMMERCIAL INVOICE", "head"),
        Spacer(1, 2 * mm),
        _grid(
            [
                [
                    _p("N° de facture / Invoice number", "label"),
                    _p(c.invoice_number),
                    _p("Date", "label"),
                    _p(c.issued_on.isoformat()),
                ],
                [
                    _p("Commande / Order", "label"),
                    _p(c.order_number),
                    _p("Incoterm", "label"),
                    _p(f"DAP {c.addressee.country}"),
                ],
                [
                    _p("Monnaie / Currency", "label"),
                    _p(c.currency),
                    _p("Motif de l'export / Reason for export", "label"),
                    _p("Vente / Sale"),
                ],
            ],
            [width * 0.25, width * 0.25, width * 0.25, width * 0.25],
            header_rows=0,
        ),
        Spacer(1, 3 * mm),
        _grid(
            [
                [
                    _party("Vendeur / Seller (exportateur / exporter)", c.sender),
                    _party("Acheteur / Buyer (destinataire / consignee)", c.addressee),
                ]
            ],
            [width / 2, width / 2],
            header_rows=0,
        ),
        Spacer(1, 3 * mm),
        _grid(rows, [width * f for f in fractions]),
        Spacer(1, 2 * mm),
        _grid(totals, [width * 0.75, width * 0.25], header_rows=0),
        Spacer(1, 2 * mm),
        _p(
            f"Poids net total / Total net weight: {_kg(c.net_weight_grams)} kg. "
            f"Poids brut total / Total gross weight: {_kg(c.gross_weight_grams)} kg.",
        ),
        _p(
            "Droits et taxes à l'importation à la charge du destinataire (DAP). / Import duties "
            "and taxes are payable by the consignee (DAP).",
            "small",
        ),
        _p(
            "Nous certifions que cette facture est exacte et que les marchandises sont "
            "d'origine indiquée. / We certify that this invoice is true and correct and that "
            "the goods are of the origin shown.",
            "small",
        ),
        Spacer(1, 4 * mm),
        _p("Signature: ______________________"),
    ]
    return _build(story, A4, f"Invoice {c.invoice_number}")
