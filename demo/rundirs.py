"""The folders the demo's embedded services write to (logs, the file-system Celery broker)."""

from pathlib import Path

from django.conf import settings


def run_dirs_make() -> None:
    """Create run/logs and the broker's folders (tasks queued while seeding wait there)."""
    (Path(settings.RUN_DIR) / "logs").mkdir(parents=True, exist_ok=True)
    for sub in ("queue", "processed", "control"):
        (Path(settings.CELERY_BROKER_DIR) / sub).mkdir(parents=True, exist_ok=True)
