"""The Celery application, configured from Django settings (CELERY_* names)."""

import os
import smtplib

from celery import Celery

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
