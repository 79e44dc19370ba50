"""Words for the keys the audit log and the queues store: actions, object types, statuses.

The audit log keeps stable keys (`report.dismiss`, `artisans.shop`) so filters and exports
never change with the language; moderators read them through these labels, in their language.
A key with no label yet is shown humanised ("payout settle"), never raw.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "product.approve": _("Product approved"),
    "product.reject": _("Product rejected"),
    "shop.verify": _("Shop verified"),
    "shop.reject": _("Shop application rejected"),
    "shop.suspend": _("Shop suspended"),
    "shop.reinstate": _("Shop reinstated"),
    "shop.commission_set": _("Commission rate changed"),
    "shop.payout_details_changed": _("Payout details changed"),
    "report.dismiss": _("Report dismissed"),
    "report.hide": _("Reported item hidden"),
    "report.suspend": _("Shop suspended after a report"),
    "report.warn": _("Sender warned after a report"),
    "review.hide": _("Review hidden"),
    "review.check": _("Review checked"),
    "conversation.read": _("Conversation read by staff"),
    "message.hide": _("Message hidden"),
    "messaging.suspend": _("Messaging suspended"),
    "commission.decide": _("Commission decided"),
    "private_file.read": _("Private document opened"),
    "refund_create": _("Refund made"),
    "payout_settle": _("Payout settled"),
    "payout_hold": _("Payout held"),
    "payout_release": _("Payout released"),
}
ADMIN_SHOP_ORDER = _("Shop order changed by staff: %(verb)s")


def _humanise(key: str) -> str:
    return key.replace(".", " ").replace("_", " ").strip()


def action_label(action: str) -> str:
    """Return the audit action in words, in the active language."""
    if action in ACTIONS:
        return str(ACTIONS[action])
    if action.startswith("admin.shop_order."):
        return str(ADMIN_SHOP_ORDER) % {"verb": _humanise(action.rsplit(".", 1)[1])}
    return _humanise(action)


def object_type_label(object_type: str) -> str:
    """Return an audited object's kind ("artisans.shop") as its model's name ("shop")."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return _humanise(object_type)
    return str(model._meta.verbose_name)


def product_status_label(status: str) -> str:
    """Return a product status key ("pending_review") in words."""
    from marketplace.catalogue.models import Product

    try:
        return str(Product.Status(status).label)
    except ValueError:
        return _humanise(status)
