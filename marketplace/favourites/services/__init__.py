"""Every write of the favourites app, one module per subject, re-exported here."""

from .alerts import (
    alert_settings_for,
    alert_settings_update,
    follow_digests_send,
    stock_alert_cancel,
    stock_alert_create,
    stock_alerts_send,
    unsubscribe,
    unsubscribe_describe,
)
from .favourites import (
    favourite_add,
    favourite_remove,
    favourites_merge,
    follow_add,
    follow_remove,
    follow_set_digest,
)
from .links import unsubscribe_token, unsubscribe_url
from .reminders import cart_reminders_send

__all__ = [
    "alert_settings_for",
    "alert_settings_update",
    "cart_reminders_send",
    "favourite_add",
    "favourite_remove",
    "favourites_merge",
    "follow_add",
    "follow_digests_send",
    "follow_remove",
    "follow_set_digest",
    "stock_alert_cancel",
    "stock_alert_create",
    "stock_alerts_send",
    "unsubscribe",
    "unsubscribe_describe",
    "unsubscribe_token",
    "unsubscribe_url",
]
