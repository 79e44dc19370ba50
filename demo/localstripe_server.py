"""Run localstripe (the offline Stripe stand-in, GPL, dev/demo only) the way we need it.

Its stock command listens on every interface and keeps its state in /tmp/localstripe.pickle;
this launcher binds 127.0.0.1 only and keeps the state file in our run folder:

    python -m demo.localstripe_server --port 8420 [--state run/localstripe.pickle]
"""

from __future__ import annotations

import argparse
import logging
import os
import pickle
import socket
import sys
from pathlib import Path


def _state_path(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    run_dir = os.environ.get("SOUK_RUN_DIR") or str(Path(__file__).resolve().parent.parent / "run")
    return Path(run_dir) / "localstripe.pickle"


def _patch_store(path: Path) -> None:
    """Point localstripe's store at our state file instead of the shared temp folder."""
    from localstripe import resources

    def try_load_from_disk(self):
        try:
            with open(path, "rb") as f:
                old = pickle.load(f)  # noqa: S301 - our own file, written by this launcher
        except (FileNotFoundError, EOFError, pickle.UnpicklingError):
            return
        self.clear()
        self.update(old)

    def dump_to_disk(self):
        tmp = path.with_suffix(".tmp")
        with open(tmp, "wb") as f:
            pickle.dump(dict(self), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)

    resources.Store.try_load_from_disk = try_load_from_disk
    resources.Store.dump_to_disk = dump_to_disk


def main(argv: list[str] | None = None) -> None:
    """Start localstripe on 127.0.0.1:<port> until killed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8420)
    parser.add_argument(
        "--state", default=None, help="state file (default: run/localstripe.pickle)"
    )
    parser.add_argument("--from-scratch", action="store_true", help="ignore the saved state")
    args = parser.parse_args(argv)

    path = _state_path(args.state)
    path.parent.mkdir(parents=True, exist_ok=True)
    _patch_store(path)

    from aiohttp import web
    from localstripe.resources import store
    from localstripe.server import app

    if not args.from_scratch:
        store.try_load_from_disk()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    print(f"localstripe on http://{args.host}:{args.port} (state: {path})", flush=True)
    web.run_app(app, sock=sock, print=None, access_log=logging.getLogger("aiohttp.access"))


if __name__ == "__main__":
    main()
