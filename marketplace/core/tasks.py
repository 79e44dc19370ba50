"""Infrastructure tasks."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "core:celery-heartbeat"


@shared_task(name="core.heartbeat")
def heartbeat(token: str = "") -> str:
    """Record that a worker ran a task, with the caller's token (proves the broker round trip)."""
    value = {"token": token, "at": timezone.now().isoformat()}
    cache.set(HEARTBEAT_KEY, value, 3600)
    return token


@shared_task(
    name="core.send_outbox_email",
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_outbox_email(outbox_id: int) -> bool:
    """Send one recorded e-mail unless it was already sent; answer whether it sent now."""
    from django.core.mail import EmailMultiAlternatives
    from django.db import transaction

    from .models import OutboxEmail

    with transaction.atomic():
        email = OutboxEmail.objects.select_for_update().filter(pk=outbox_id).first()
        if email is None or email.sent_at is not None:
            return False
        message = EmailMultiAlternatives(email.subject, email.body_text, to=[email.to_email])
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        email.attempts += 1
        message.send()
        email.sent_at = timezone.now()
        email.save(update_fields=["sent_at", "attempts"])
    return True
