"""Make and keep a parcel's customs documents (private storage, one file per kind)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction

from ..documents.consignment import Consignment
from ..documents.pdf import commercial_invoice_pdf, customs_declaration_pdf
from ..models import ShipmentDocument

Kind = ShipmentDocument.Kind


def shipment_documents_store(*, consignment: Consignment) -> list[ShipmentDocument]:
    """Render the CN22 or CN23 and the commercial invoice of a parcel, unless unchanged.

    The PDFs are drawn outside any transaction (they take a moment), then the rows are
    written under a lock on the existing ones; a kind no longer needed (CN22 → CN23 after a
    change) is removed. Answers the parcel's documents.
    """
    declaration = Kind.CN22 if consignment.qualifies_for_cn22 else Kind.CN23
    fingerprint = consignment.fingerprint()
    current = {
        d.kind: d for d in ShipmentDocument.objects.filter(shop_order_id=consignment.shop_order_id)
    }
    wanted = {declaration, Kind.INVOICE}
    if set(current) == wanted and all(d.fingerprint == fingerprint for d in current.values()):
        return sorted(current.values(), key=lambda d: d.kind)
    files = {
        declaration: customs_declaration_pdf(consignment, kind=declaration),
        Kind.INVOICE: commercial_invoice_pdf(consignment),
    }
    stale_files = []
    with transaction.atomic():
        locked = {
            d.kind: d
            for d in ShipmentDocument.objects.select_for_update()
            .filter(shop_order_id=consignment.shop_order_id)
            .order_by("pk")
        }
        for kind, document in locked.items():
            if kind not in wanted:
                stale_files.append(document.file.name)
                document.delete()
        kept = []
        for kind, pdf in files.items():
            document = locked.get(kind) or ShipmentDocument(
                shop_id=consignment.shop_id, shop_order_id=consignment.shop_order_id, kind=kind
            )
            if document.pk and document.fingerprint == fingerprint:
                kept.append(document)
                continue
            if document.file:
                stale_files.append(document.file.name)
            name = f"{kind}-{consignment.order_number}-{consignment.shop_order_id}.pdf"
            document.file.save(name, ContentFile(pdf), save=False)
            document.fingerprint = fingerprint
            document.save()
            kept.append(document)
    storage = ShipmentDocument._meta.get_field("file").storage
    for name in stale_files:
        if name and all(d.file.name != name for d in kept):
            storage.delete(name)
    return sorted(kept, key=lambda d: d.kind)


def shipment_documents_drop(*, shop_order_id: int) -> int:
    """Delete a parcel's documents and their files (its part was cancelled); answer how many."""
    documents = list(ShipmentDocument.objects.filter(shop_order_id=shop_order_id))
    for document in documents:
        document.file.delete(save=False)
        document.delete()
    return len(documents)
