"""Real servers for tests: the app in a thread, or `checkin serve` in a child process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from urllib3.exceptions import InsecureRequestWarning
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def threaded_server(app) -> Iterator[str]:
    """Serve the app from a thread on 127.0.0.1; yields the base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def wait_until_up(url: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with warnings.catch_warnings():
                # `checkin serve --https` has a self-signed certificate.
                warnings.simplefilter("ignore", InsecureRequestWarning)
                requests.get(url, timeout=1, verify=False)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not start")


@contextmanager
def checkin_process(env: dict[str, str], *args: str, port: int | None = None) -> Iterator[
    tuple[str, subprocess.Popen]
]:
    """Run `checkin serve` (the production server) as a child; yields (base URL, process)."""
    port = port or free_port()
    full_env = {**os.environ, **env}
    proc = subprocess.Popen(
        [sys.executable, "-m", "checkin.cli", "serve", "--host", "127.0.0.1",
         "--port", str(port), *args],
        cwd=ROOT, env=full_env, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base = f"{'https' if '--https' in args else 'http'}://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/login")
        yield base, proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        # What the server printed, for assertions after the block; the pipe is closed.
        proc.output = proc.stdout.read().decode(errors="replace")  # type: ignore[attr-defined]
        proc.stdout.close()
