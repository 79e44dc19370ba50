"""What the services share: the audit log as the layers below moderation reach it."""

from __future__ import annotations


def audit(*, actor, action: str, obj, changes: dict | None = None, reason: str = "") -> None:
    """Append one audit entry in the caller's transaction (core's hook, once it is on main)."""
    try:
        from marketplace.core.audit import audit_record
    except ImportError:  # before [architecture]'s hook: moderation's own service
        from marketplace.moderation.services import audit_record
    audit_record(actor=actor, action=action, obj=obj, changes=changes or {}, reason=reason)
