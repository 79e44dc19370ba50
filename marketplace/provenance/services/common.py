"""What the services share: the audit log, written through core's hook (moderation keeps it)."""

from __future__ import annotations

from marketplace.core.audit import audit_record


def audit(*, actor, action: str, obj, changes: dict | None = None, reason: str = "") -> None:
    """Append one audit entry in the caller's transaction."""
    audit_record(actor=actor, action=action, obj=obj, changes=changes or {}, reason=reason)
