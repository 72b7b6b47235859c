"""wsgi.py exposes the app for any WSGI server (PRODUCT.md's public surface)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wsgi_module_exposes_a_working_app(tmp_path):
    script = (
        "import wsgi\nclient = wsgi.app.test_client()\nprint(client.get('/login').status_code)\n"
    )
    env = {"CHECKIN_INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    env["CHECKIN_DATABASE_URL"] = f"sqlite:///{tmp_path / 'x.sqlite'}"
    env["CHECKIN_SECRET_KEY"] = "test"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "200"
