"""scripts/demo for real: started with PORT on a free port, it serves the demo where the login
URL it printed says, and that URL signs in with the printed password.

The script runs from a copy of scripts/ beside this checkout's .venv, with a stand-in for
scripts/setup (the real one reinstalls .venv and node_modules: minutes, and the suite's own
environment); tests/cli/test_demo_script.py checks its argument handling.
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import threading
from pathlib import Path

import requests

from tests.conftest import csrf_token
from tests.servers import free_port, stop, wait_until_up

ROOT = Path(__file__).resolve().parent.parent.parent
LOGIN_URL = re.compile(r"^Log in at (\S+)$")
ADMIN = re.compile(r"^\s+admin\s+role admin\s+password (\S+)")


def _executable(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o755)


def _lines(stream) -> tuple[queue.Queue, threading.Thread]:
    """The stream's lines as they come (None at its end), and the thread reading them."""
    lines: queue.Queue = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return lines, reader


def test_demo_script_serves_the_printed_login_url_on_port(db_url, tmp_path):
    checkout = tmp_path / "checkout"
    _executable(checkout / "scripts" / "demo", (ROOT / "scripts" / "demo").read_text())
    _executable(checkout / "scripts" / "setup", "#!/bin/sh\nexit 0\n")
    (checkout / ".venv").symlink_to(ROOT / ".venv")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHECKIN_")}
    env.update(
        PORT=str(port),
        CHECKIN_DATABASE_URL=db_url,
        CHECKIN_INSTANCE_PATH=str(tmp_path / "instance"),
    )
    proc = subprocess.Popen(
        ["bash", str(checkout / "scripts" / "demo")], cwd=tmp_path, env=env,
        start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    printed, url, password = [], None, None
    lines, reader = _lines(proc.stdout)
    try:
        while url is None or password is None:
            line = lines.get(timeout=120)
            assert line is not None, "\n".join(printed)
            printed.append(line)
            url = url or (LOGIN_URL.match(line) and LOGIN_URL.match(line)[1])
            password = password or (ADMIN.match(line) and ADMIN.match(line)[1])
        assert url == f"http://127.0.0.1:{port}/login"
        wait_until_up(url, timeout=60)
        session = requests.Session()
        page = session.get(url, timeout=10)
        assert page.status_code == 200
        fields = {"username": "admin", "password": password, "csrf_token": csrf_token(page.text)}
        assert "/login" not in session.post(url, data=fields, timeout=10).url
        assert (tmp_path / "instance" / "demo-logins.json").is_file()
    finally:
        stop(proc)  # the script became `checkin serve` (exec): the same process id
        reader.join(timeout=10)
        proc.stdout.close()
