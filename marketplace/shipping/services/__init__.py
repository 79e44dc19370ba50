"""Writes for shipping, one module per subject, re-exported here."""

from .customs import customs_bulk_set_hs, product_customs_set, variant_customs_set
from .documents import shipment_documents_drop, shipment_documents_store
from .profiles import shipping_profile_set
from .tracking import tracking_number_check

__all__ = [
    "customs_bulk_set_hs",
    "product_customs_set",
    "shipment_documents_drop",
    "shipment_documents_store",
    "shipping_profile_set",
    "tracking_number_check",
    "variant_customs_set",
]
