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
