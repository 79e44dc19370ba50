"""The audit log: one append-only entry per staff action, in the same transaction."""

from django.db import models

from marketplace.core.audit import diff_fields

from ..models import AuditEntry

__all__ = ["audit_record", "diff_fields"]


def audit_record(
    *, actor, action: str, obj: models.Model, changes: dict | None = None, reason: str = ""
) -> AuditEntry:
    """Append one audit entry; call inside the transaction that makes the change."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes=changes or {},
        reason=reason,
    )
