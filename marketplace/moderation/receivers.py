"""Moderation's reactions to lower apps' signals: staff reads of private files are audited."""

from django.dispatch import receiver

from marketplace.core.signals import private_file_read


@receiver(private_file_read, dispatch_uid="moderation.audit_private_file_read")
def audit_private_file_read(sender, user, obj, name, **kwargs):
    """Record who on the staff read which private file."""
    from .models import AuditEntry

    AuditEntry.objects.create(
        actor=user if getattr(user, "is_authenticated", False) else None,
        action="private_file.read",
        object_type=obj._meta.label_lower if obj is not None else "file",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else name[:200],
        changes={"file": name},
    )
