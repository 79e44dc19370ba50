"""The audit log as every app writes it: one entry per staff action, in the same transaction.

The entries live with moderation (`AuditEntry`, the audit log page), the top of the layers;
apps below it write through this hook, which moderation provides (moderation/apps.py).
"""

from __future__ import annotations

from .hooks import Hook

audit_record = Hook(
    "core.audit_record",
    "Append one audit entry: audit_record(*, actor, action, obj, changes=None, reason='').",
)


def diff_fields(before: dict, after: dict) -> dict:
    """Return {field: [before, after]} for the fields whose value changed, as strings."""
    return {
        key: [str(before.get(key)), str(after.get(key))]
        for key in after
        if before.get(key) != after.get(key)
    }
