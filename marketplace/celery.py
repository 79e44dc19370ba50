"""The Celery application, configured from Django settings (CELERY_* names)."""

import os
import smtplib

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

app = Celery("marketplace")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _transient_errors() -> tuple[type[BaseException], ...]:
    """Errors worth retrying later: the network, the mail server, a lock or connection timeout."""
    from django.db import OperationalError
    from kombu.exceptions import OperationalError as BrokerError

    return (
        ConnectionError,
        TimeoutError,
        smtplib.SMTPServerDisconnected,
        smtplib.SMTPConnectError,
        OperationalError,
        BrokerError,
    )


# Tasks retry these (with exponential back-off) and nothing else: a programming error fails
# at once, visibly, instead of being retried eight times.
TRANSIENT_ERRORS = _transient_errors()


@task_prerun.connect
@task_postrun.connect
def _close_old_connections(sender=None, **kwargs):
    """Drop a broken or expired database connection around each task, as around a request.

    The connection is otherwise kept from task to task (CELERY_DB_REUSE_MAX in settings).
    Not for eager tasks: they run inside the caller's transaction.
    """
    if getattr(getattr(sender, "request", None), "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()
