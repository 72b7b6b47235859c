"""scripts/demo takes its port from PORT or from its arguments, passes the other arguments on
to `checkin serve`, and has `checkin demo` print the login URL of that very address.

Run in a copy of the script whose scripts/setup and .venv/bin/checkin are stand-ins that
record how they were called (tests/integration/test_demo_script.py runs the real thing)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def _executable(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o755)


@pytest.fixture
def demo_script(tmp_path):
    """Run scripts/demo with the given PORT and arguments; the `checkin` calls it made."""
    checkout = tmp_path / "checkout"
    calls = tmp_path / "calls"
    _executable(checkout / "scripts" / "demo", (ROOT / "scripts" / "demo").read_text())
    _executable(checkout / "scripts" / "setup", '#!/bin/sh\necho setup >> "$CALLS"\n')
    _executable(checkout / ".venv" / "bin" / "checkin", '#!/bin/sh\necho "$*" >> "$CALLS"\n')

    def run(*args: str, port: str | None = None) -> list[str]:
        env = {k: v for k, v in os.environ.items() if k != "PORT"}
        env["CALLS"] = str(calls)
        if port is not None:
            env["PORT"] = port
        subprocess.run(
            [shutil.which("bash") or "bash", str(checkout / "scripts" / "demo"), *args],
            env=env, cwd=tmp_path, check=True, timeout=60,
        )  # fmt: skip
        return calls.read_text().splitlines()

    return run


def test_demo_script_serves_port_5000_by_default(demo_script):
    assert demo_script() == [
        "setup",
        "init-db",
        "demo --base-url http://127.0.0.1:5000",
        "serve --port 5000",
    ]


def test_demo_script_honours_port(demo_script):
    calls = demo_script(port="5123")
    assert calls[2:] == ["demo --base-url http://127.0.0.1:5123", "serve --port 5123"]


@pytest.mark.parametrize("args", [["--port", "6001"], ["--port=6001"]])
def test_demo_script_takes_the_port_from_its_arguments_over_port(demo_script, args):
    calls = demo_script(*args, port="5123")
    assert calls[2:] == ["demo --base-url http://127.0.0.1:6001", "serve --port 6001"]


def test_demo_script_passes_its_other_arguments_to_serve(demo_script):
    calls = demo_script("--threads", "8", "--host", "127.0.0.2", port="5123")
    assert calls[2:] == [
        "demo --base-url http://127.0.0.2:5123",
        "serve --port 5123 --threads 8 --host 127.0.0.2",
    ]


def test_demo_script_https_on_every_interface_logs_in_on_this_machine(demo_script):
    calls = demo_script("--https", "--port", "8443")
    assert calls[2:] == ["demo --base-url https://127.0.0.1:8443", "serve --port 8443 --https"]
