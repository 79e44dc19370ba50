"""Import a courier's remittance file: each row credited, flagged or refused, and why.

The format (docs/cod-remittance.md, sample in demo/samples/): UTF-8 CSV, comma or semicolon
separated, a header row naming `tracking_number`, `amount` (MAD, "450.00" or "450,00") and
`date` (YYYY-MM-DD or DD/MM/YYYY). Each row stands alone: a bad row (unreadable bytes,
unknown or repeated tracking number, a negative or unreadable amount, a parcel not out with
the courier) is refused with its reason and changes nothing; an amount that differs from
what the buyer owed is flagged for a person and credits nothing; the other rows credit their
shop. Whole-file problems (empty, too big, no header) refuse the file before anything.
"""

from __future__ import annotations

import csv
import datetime as dt
import re

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.orders.models import ShopOrder

from ..errors import CodError, CodErrorCode
from ..models import CodCashReceipt, CodRemittance, CodRemittanceRow
from .cod_cash import cod_amount_parse, cod_cash_receive

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
_HEADERS = {
    "tracking_number": {"tracking_number", "tracking", "tracking number", "numero", "n° suivi"},
    "amount": {"amount", "amount_mad", "montant", "cod_amount"},
    "date": {"date", "collected_on", "date_encaissement", "collected"},
}
Outcome = CodRemittanceRow.Outcome


def _header(cells: list[str]) -> dict[str, int]:
    names = [c.strip().lower().lstrip("\ufeff") for c in cells]
    found = {}
    for key, aliases in _HEADERS.items():
        for i, name in enumerate(names):
            if name in aliases:
                found[key] = i
                break
    missing = sorted(set(_HEADERS) - set(found))
    if missing:
        raise CodError(CodErrorCode.BAD_FILE, detail=_("missing columns: %s") % ", ".join(missing))
    return found


def _date(text: str) -> dt.date | None:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _lines(data: bytes) -> list[tuple[int, bytes]]:
    raw = data.split(b"\n")
    return [(n, line.rstrip(b"\r")) for n, line in enumerate(raw, start=1) if line.strip()]


def cod_remittance_import(
    *, data: bytes, courier: str, actor, file_name: str = ""
) -> CodRemittance:
    """Import one remittance file row by row; answer the remittance with its report rows."""
    courier = (courier or "").strip()[:60]
    if not courier:
        raise CodError(CodErrorCode.BAD_FILE, detail=_("name the courier"))
    if not data or not data.strip():
        raise CodError(CodErrorCode.BAD_FILE, detail=_("the file is empty"))
    if len(data) > MAX_BYTES:
        raise CodError(CodErrorCode.BAD_FILE, detail=_("the file is over 2 MB"))
    lines = _lines(data)
    if len(lines) > MAX_ROWS + 1:
        raise CodError(CodErrorCode.BAD_FILE, detail=_("more than %s rows") % MAX_ROWS)
    try:
        header_text = lines[0][1].decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CodError(CodErrorCode.BAD_FILE, detail=_("the header is not UTF-8 text")) from None
    delimiter = ";" if header_text.count(";") > header_text.count(",") else ","
    columns = _header(next(csv.reader([header_text], delimiter=delimiter)))
    remittance = CodRemittance.objects.create(
        courier=courier,
        file_name=(file_name or "")[:200],
        imported_by=actor if getattr(actor, "pk", None) else None,
    )
    seen: set[str] = set()
    rows = []
    for line_no, raw in lines[1:]:
        rows.append(_row(remittance, line_no, raw, columns, delimiter, seen, actor))
    remittance.rows_total = len(rows)
    remittance.rows_credited = sum(r.outcome == Outcome.CREDITED for r in rows)
    remittance.rows_flagged = sum(r.outcome == Outcome.FLAGGED for r in rows)
    remittance.rows_refused = sum(r.outcome == Outcome.REFUSED for r in rows)
    remittance.amount_credited_mad = sum(
        (r.amount_mad for r in rows if r.outcome == Outcome.CREDITED), start=0
    )
    remittance.save()
    return remittance


def _row(remittance, line_no, raw, columns, delimiter, seen, actor) -> CodRemittanceRow:
    row = CodRemittanceRow(remittance=remittance, line_no=line_no)

    def done(outcome, reason, message=""):
        row.outcome, row.reason, row.message = outcome, reason, str(message)[:300]
        row.save()
        return row

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return done(Outcome.REFUSED, "bad_encoding", _("This row is not UTF-8 text."))
    cells = next(csv.reader([text], delimiter=delimiter), [])
    need = max(columns.values())
    if len(cells) <= need:
        return done(Outcome.REFUSED, "missing_fields", _("This row has too few columns."))
    # As the carriers print it and shop_order_ship stores it: no spaces or dashes, upper case.
    row.tracking_number = re.sub(r"[\s-]+", "", cells[columns["tracking_number"]]).upper()[:80]
    row.amount_text = cells[columns["amount"]].strip()[:40]
    row.collected_on = _date(cells[columns["date"]])
    if not row.tracking_number:
        return done(Outcome.REFUSED, "missing_fields", _("No tracking number."))
    if row.collected_on is None:
        return done(Outcome.REFUSED, "bad_date", _("The date is not YYYY-MM-DD or DD/MM/YYYY."))
    if row.amount_text.lstrip().startswith("-"):
        return done(Outcome.REFUSED, "negative_amount", _("The amount is negative."))
    try:
        row.amount_mad = cod_amount_parse(row.amount_text)
    except CodError as exc:
        return done(Outcome.REFUSED, "bad_amount", exc.message)
    if row.tracking_number in seen:
        return done(Outcome.REFUSED, "duplicate", _("This tracking number is twice in the file."))
    seen.add(row.tracking_number)
    matches = list(
        ShopOrder.objects.filter(
            tracking_number=row.tracking_number, order__payment_method="cod"
        ).values_list("pk", "total_mad")[:2]
    )
    if len(matches) != 1:
        reason = "unknown_tracking" if not matches else "ambiguous_tracking"
        return done(Outcome.REFUSED, reason, _("No cash-on-delivery parcel has this number."))
    row.shop_order_id, row.expected_mad = matches[0]
    if CodCashReceipt.objects.filter(shop_order_id=row.shop_order_id).exists():
        return done(
            Outcome.REFUSED, "duplicate", _("The cash for this parcel was already received.")
        )
    try:
        with transaction.atomic():
            cod_cash_receive(
                shop_order_id=row.shop_order_id,
                amount=row.amount_mad,
                collected_on=row.collected_on,
                remittance=remittance,
                actor=actor,
            )
    except CodError as exc:
        if exc.code == CodErrorCode.AMOUNT_MISMATCH:
            return done(Outcome.FLAGGED, "amount_mismatch", exc.message)
        return done(Outcome.REFUSED, exc.code, exc.message)
    return done(Outcome.CREDITED, "", "")
