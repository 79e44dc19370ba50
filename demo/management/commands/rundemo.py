"""Run the whole demo: web server, Celery worker and beat (and localstripe); Ctrl-C stops all."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from ... import data as demo_data
from ...rundirs import run_dirs_make


def demo_processes(host: str, port: int) -> list[tuple[str, list[str]]]:
    """Return (name, argv) of every process the embedded demo needs."""
    py = sys.executable
    return [
        ("web", [py, "manage.py", "runserver", f"{host}:{port}", "--noreload"]),
        (
            "worker",
            [
                py,
                "-m",
                "celery",
                "-A",
                "marketplace",
                "worker",
                "-Q",
                "default,email,heavy",
                "--concurrency=2",
                "--loglevel=INFO",
                "-n",
                "demo@%h",
            ],
        ),
        (
            "beat",
            [
                py,
                "-m",
                "celery",
                "-A",
                "marketplace",
                "beat",
                "--loglevel=INFO",
                "--schedule",
                str(settings.RUN_DIR / "celerybeat-schedule"),
            ],
        ),
        *localstripe_processes(),
    ]


def localstripe_processes() -> list[tuple[str, list[str]]]:
    """Return our localstripe launcher when payments point at a local stand-in."""
    from urllib.parse import urlsplit

    from payments.stripe_client import is_localstripe

    api = urlsplit(settings.STRIPE_API_BASE)
    if not is_localstripe() or api.hostname not in ("127.0.0.1", "localhost"):
        return []
    state = str(settings.RUN_DIR / "localstripe.pickle")
    return [
        (
            "localstripe",
            [sys.executable, "-m", "demo.localstripe_server",
             "--port", str(api.port or 8420), "--state", state],
        )
    ]  # fmt: skip


def localstripe_register(host: str, port: int) -> str:
    """Tell the demo's localstripe where our webhook is (it forgets on restart)."""
    from payments import stripe_client

    if not stripe_client.is_localstripe():
        return ""
    url = f"http://{host}:{port}/payments/stripe/webhook/"
    for _attempt in range(20):
        try:
            stripe_client.localstripe_register_webhook(
                url=url, secret=settings.STRIPE_WEBHOOK_SECRET, name="souk-demo"
            )
            return url
        except OSError:  # not listening yet (requests errors are OSErrors)
            time.sleep(0.5)
    return ""


class Command(BaseCommand):
    help = "Start the demo (web, worker, beat, payment stand-in) until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, host, port, **options):
        run_dir = Path(settings.RUN_DIR)
        run_dirs_make()
        children: list[tuple[str, subprocess.Popen]] = []

        def stop(*_args):
            for _name, proc in children:
                if proc.poll() is None:
                    proc.terminate()
            deadline = time.monotonic() + 10
            for _name, proc in children:
                try:
                    proc.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    proc.kill()
            self.stdout.write("Souk stopped.")
            sys.exit(0)

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        env = dict(os.environ)
        for name, argv in demo_processes(host, port):
            log = open(run_dir / "logs" / f"{name}.log", "ab")  # noqa: SIM115
            out = None if name == "web" else log
            children.append((name, subprocess.Popen(argv, env=env, stdout=out, stderr=out)))
        time.sleep(1.5)
        webhook = localstripe_register(host, port)
        if webhook:
            self.stdout.write(
                f"Payments: localstripe at {settings.STRIPE_API_BASE}, events to {webhook}"
            )
        url = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"\nSouk is running at {url}"))
        self.stdout.write(f"  Arabic: {url}ar/   admin: {url}admin/")
        self.stdout.write(f"Demo logins (password: {demo_data.DEMO_PASSWORD}):")
        for email, _name, role in demo_data.DEMO_ACCOUNTS:
            self.stdout.write(f"  {email:<22} {role}")
        self.stdout.write(
            f"Logs of the worker and beat: {run_dir / 'logs'}. Press Ctrl-C to stop.\n"
        )
        while True:
            for name, proc in children:
                if proc.poll() is not None:
                    self.stderr.write(f"{name} exited with {proc.returncode}; stopping.")
                    stop()
            time.sleep(1)
