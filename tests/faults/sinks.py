"""Real servers a fault test starts for itself: a slow SMTP sink and a private redis-server.

Both bind 127.0.0.1 on a free port and are stopped by the test; the shared Redis on 6379 is
never touched.
"""

from __future__ import annotations

import email
import os
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import redis


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout=90.0, step=0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


class SmtpSink:
    """A minimal SMTP server that takes `delay` seconds to accept each message.

    A message counts as delivered when the sink answers 250 to its DATA, as a real server
    accepts it; the outbox key of each (X-Souk-Outbox-Key) is counted.
    """

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.keys: Counter = Counter()
        self.lock = threading.Lock()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def _reply(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")
                self.wfile.flush()

            def handle(self):
                try:
                    self._converse()
                except OSError:  # the client was killed mid-conversation
                    return

            def _converse(self):
                self._reply("220 sink ESMTP")
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    verb = line.decode(errors="replace").strip().split(" ")[0].upper()
                    if verb == "EHLO":
                        self.wfile.write(b"250-sink\r\n250 8BITMIME\r\n")
                        self.wfile.flush()
                    elif verb == "DATA":
                        self._reply("354 end with <CRLF>.<CRLF>")
                        data = []
                        while True:
                            chunk = self.rfile.readline()
                            if not chunk:
                                return
                            if chunk in (b".\r\n", b".\n"):
                                break
                            data.append(chunk)
                        time.sleep(sink.delay)
                        message = email.message_from_bytes(b"".join(data))
                        with sink.lock:
                            sink.keys[message["X-Souk-Outbox-Key"]] += 1
                        self._reply("250 queued")
                    elif verb == "QUIT":
                        self._reply("221 bye")
                        return
                    else:  # HELO, MAIL, RCPT, RSET, NOOP
                        self._reply("250 ok")

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def delivered(self) -> Counter:
        with self.lock:
            return Counter(self.keys)


class PrivateRedis:
    """A redis-server of our own on a free port (no persistence), stopped and restarted."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen | None = None
        self.binary = shutil.which("redis-server")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        assert wait_until(self._answers(client), timeout=10), "redis-server did not start"

    @staticmethod
    def _answers(client):
        def ping():
            try:
                return client.ping()
            except redis.RedisError:
                return False

        return ping

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None


class Workers:
    """Celery worker (and beat) processes sharing the test database, killed at teardown."""

    def __init__(self, env: dict):
        self.env = env
        self.procs: list[subprocess.Popen] = []

    def start(self, *, queues="default,email", concurrency=2, beat=False, name="fault"):
        n = len(self.procs)
        run = Path(self.env["SOUK_RUN_DIR"])
        args = [sys.executable, "-m", "celery", "-A", "marketplace", "worker", "-Q", queues,
                f"--concurrency={concurrency}", "--loglevel=WARNING", "--without-heartbeat",
                "--without-gossip", "--without-mingle", "-n", f"{name}-{n}@%h"]  # fmt: skip
        if beat:
            args += ["-B", "--scheduler", "celery.beat:PersistentScheduler",
                     "-s", str(run / f"beat-{n}")]  # fmt: skip
        log = open(run / f"worker-{n}.log", "ab")  # noqa: SIM115  (kept open for the child)
        proc = subprocess.Popen(
            args, env=self.env, start_new_session=True, stdout=log, stderr=subprocess.STDOUT
        )
        self.procs.append(proc)
        return proc

    @staticmethod
    def kill(proc: subprocess.Popen) -> None:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=20)

    def stop_all(self) -> None:
        for proc in self.procs:
            self.kill(proc)
