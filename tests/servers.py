"""Real servers for tests: the app in a thread, or `checkin serve` in a child process."""

from __future__ import annotations

import os
import shutil
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


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 10) -> int:
    """Send `sig` to the child's whole process group (a server's master and workers), wait
    for it, and kill the group if it has not exited after `timeout` s; returns its exit code."""
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return proc.returncode


@contextmanager
def checkin_process(
    env: dict[str, str], *args: str, port: int | None = None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run `checkin serve` (the production server) as a child; yields (base URL, process)."""
    port = port or free_port()
    full_env = {**os.environ, **env}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "checkin.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            *args,
        ],
        cwd=ROOT,
        env=full_env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"{'https' if '--https' in args else 'http'}://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/login")
        yield base, proc
    finally:
        stop(proc)
        # What the server printed, for assertions after the block; the pipe is closed.
        proc.output = proc.stdout.read().decode(errors="replace")  # type: ignore[attr-defined]
        proc.stdout.close()


# --- a reverse proxy in front of several `checkin serve` processes -------------------------

#: What the scale-out test runs; docs/deploy/nginx.conf is the operators' (TLS) version of it.
NGINX_CONF = """\
{user}worker_processes 1;
events {{ worker_connections 2048; }}
http {{
    log_format upstreams '$request_method $uri $status $upstream_addr';
    access_log {folder}/access.log upstreams;
    client_body_temp_path {folder}/tmp-body;
    proxy_temp_path {folder}/tmp-proxy;
    fastcgi_temp_path {folder}/tmp-fastcgi;
    uwsgi_temp_path {folder}/tmp-uwsgi;
    scgi_temp_path {folder}/tmp-scgi;

    upstream checkin {{
{servers}
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 10m;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;

        # Live screens: Server-Sent Events must pass through at once, never buffered.
        location ~ ^/api/events/[^/]+/stats/stream$ {{
            proxy_pass http://checkin;
            proxy_buffering off;
            proxy_cache off;
            proxy_read_timeout 1h;
        }}
        location / {{
            proxy_pass http://checkin;
        }}
    }}
}}
"""


def nginx_binary() -> str | None:
    """nginx's path (Debian installs it in /usr/sbin, often not on a user's PATH)."""
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None


@contextmanager
def nginx_proxy(upstreams: list[str], folder: Path, port: int | None = None) -> Iterator[str]:
    """Run nginx as a child, proxying to these base URLs round-robin; yields its base URL.

    Its access log (folder/access.log) names the upstream that served each request.
    """
    nginx = nginx_binary()
    if nginx is None:
        raise RuntimeError("nginx is not installed (scripts/setup-system installs it)")
    port = port or free_port()
    folder.mkdir(parents=True, exist_ok=True)
    servers = "\n".join(f"        server {base.removeprefix('http://')};" for base in upstreams)
    # As root, nginx's workers would switch to `nobody`, who cannot write in a 0700 tmp dir.
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF.format(user=user, folder=folder, servers=servers, port=port))
    proc = subprocess.Popen(
        [nginx, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(conf),
         "-g", f"daemon off; pid {folder / 'nginx.pid'};"],
        start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/login")
        if proc.poll() is not None:
            raise RuntimeError((folder / "error.log").read_text())
        yield base
    finally:
        stop(proc)  # SIGTERM: nginx's fast shutdown


def upstream_log(folder: Path) -> list[tuple[str, str, str, str]]:
    """(method, path, status, upstream address) of each request nginx has logged so far."""
    path = folder / "access.log"
    if not path.exists():
        return []
    return [tuple(line.split(" ", 3)) for line in path.read_text().splitlines() if line]
