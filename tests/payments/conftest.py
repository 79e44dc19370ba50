"""A private localstripe for the payments tests: started once on a free port, emptied per test."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe_base(tmp_path_factory):
    """Start our localstripe launcher on 127.0.0.1:<free port>; stop it after the session."""
    port = _free_port()
    state = tmp_path_factory.mktemp("localstripe") / "state.pickle"
    proc = subprocess.Popen(
        [sys.executable, "-m", "demo.localstripe_server", "--port", str(port),
         "--state", str(state), "--from-scratch"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            requests.get(f"{base}/js.stripe.com/v3/", timeout=1)
            break
        except requests.ConnectionError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("localstripe did not start")
            time.sleep(0.2)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def localstripe(localstripe_base, settings):
    """Point the app at the session's localstripe, emptied for this test."""
    settings.STRIPE_API_BASE = localstripe_base
    settings.STRIPE_JS_URL = f"{localstripe_base}/js.stripe.com/v3/"
    requests.delete(f"{localstripe_base}/_config/data", timeout=5)
    yield localstripe_base
    # localstripe keeps webhook registrations across flushes and posts events 1 s late: point
    # ours at a closed port so a late event cannot land in the next test's database.
    requests.post(
        f"{localstripe_base}/_config/webhooks/souk-tests",
        json={"url": f"http://127.0.0.1:{_free_port()}/", "secret": "whsec_closed"},
        timeout=5,
    )


@pytest.fixture
def dead_stripe(settings):
    """Point the app at a port where nothing listens (Stripe unreachable)."""
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{_free_port()}"
