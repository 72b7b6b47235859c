"""A real install: the wheel built from this checkout, installed into a fresh virtualenv, runs
`checkin init-db`, `checkin demo` and `checkin serve` from another folder, with templates,
static files (vendor included), migrations and catalogues from the package and the instance
folder in `<venv>/var/checkin-instance`.

The fresh venv gets the wheel alone (--no-deps, no index); its dependencies come from the
project's venv through a path file, as --system-site-packages would give them. Path files in
that folder are not run, so the project's editable install of checkin stays out of sight
(the test checks that the package imported is the wheel's).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
import requests

from tests.conftest import csrf_token
from tests.servers import free_port, stop, wait_until_up

ROOT = Path(__file__).resolve().parent.parent.parent
#: What the checkout holds besides the sources: the build reads none of it.
NOT_SOURCES = (".git", ".venv", "node_modules", "build", "dist", "instance", "*.egg-info",
               "__pycache__", ".*_cache", ".hypothesis", "bench", "tests", "docs")  # fmt: skip
TIMEOUT = 240
VENDOR_FILE = "vendor/zxing-wasm/zxing_reader.wasm"
CATALOGUE = "checkin/translations/en/LC_MESSAGES/messages.mo"


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, timeout=TIMEOUT,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built by `python -m build --wheel` from a copy of the checkout.

    A copy, because setuptools reuses build/ in the source folder, where files of an earlier
    build (a template since removed) would slip into the wheel.
    """
    made_by_setup = [ROOT / "static" / VENDOR_FILE, ROOT / CATALOGUE]
    assert all(p.exists() for p in made_by_setup), "run scripts/setup first"
    source = tmp_path_factory.mktemp("source") / "checkin"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCES), symlinks=True)
    out = source.parent / "dist"
    _run(sys.executable, "-m", "build", "--wheel", "--outdir", out, source, cwd=source)
    (found,) = out.glob("checkin-*.whl")
    return found


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv holding the wheel, with the project venv's packages beside it."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=venv.parent)
    where = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    purelib = _run(venv / "bin" / "python", "-c", where, cwd=venv.parent).strip()
    Path(purelib, "project-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install",
         "--no-deps", "--no-index", "--quiet", wheel, cwd=venv.parent)  # fmt: skip
    return venv


@pytest.fixture
def elsewhere(tmp_path) -> tuple[Path, dict[str, str]]:
    """A folder outside the checkout and an environment without any CHECKIN_ setting."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHECKIN_")}
    env.pop("PYTHONPATH", None)
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder, env


def test_wheel_carries_templates_static_migrations_and_catalogues(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "checkin/templates/base.html" in names
    assert "checkin/static/css/app.css" in names
    assert f"checkin/static/{VENDOR_FILE}" in names
    assert "checkin/migrations/env.py" in names
    revisions = {f"checkin/{p.relative_to(ROOT)}" for p in ROOT.glob("migrations/versions/*.py")}
    assert revisions and revisions <= names
    assert CATALOGUE in names
    assert not any(n.startswith(("templates/", "static/", "migrations/", "tests/")) for n in names)
    assert not any("__pycache__" in n for n in names)


def test_installed_package_is_the_wheel_not_the_checkout(venv, elsewhere):
    folder, env = elsewhere
    code = "import checkin; print(checkin.__file__)"
    where = _run(venv / "bin" / "python", "-c", code, cwd=folder, env=env).strip()
    assert Path(where).is_relative_to(venv)


def test_wheel_runs_init_db_demo_and_serve_outside_a_checkout(venv, elsewhere):
    folder, env = elsewhere
    checkin = venv / "bin" / "checkin"
    assert "Database is up to date." in _run(checkin, "init-db", cwd=folder, env=env)
    output = _run(checkin, "demo", cwd=folder, env=env)
    instance = venv / "var" / "checkin-instance"
    assert (instance / "checkin.sqlite").is_file()
    assert (instance / "secret_key").stat().st_mode & 0o077 == 0
    assert (instance / "demo-logins.json").stat().st_mode & 0o077 == 0
    assert f"Passwords are kept in {instance / 'demo-logins.json'}." in output
    assert not list(venv.glob("lib/python*/site-packages/instance"))
    assert not list(folder.iterdir())
    password = re.search(r"^\s+admin\s+role admin\s+password (\S+)", output, re.M)[1]

    port = free_port()
    server = subprocess.Popen(
        [checkin, "serve", "--port", str(port)], cwd=folder, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/login", timeout=60)
        assert server.poll() is None
        session = requests.Session()
        login = session.get(f"{base}/login", timeout=10)
        assert login.status_code == 200 and "Masuk" in login.text
        assert "Sign in" in session.get(f"{base}/login?lang=en", timeout=10).text  # the .mo
        css = session.get(f"{base}/static/css/app.css", timeout=10)
        assert css.status_code == 200 and css.headers["Content-Type"].startswith("text/css")
        assert css.content == (ROOT / "static/css/app.css").read_bytes()
        wasm = session.get(f"{base}/static/{VENDOR_FILE}", timeout=10)
        assert wasm.status_code == 200
        assert wasm.content == (ROOT / "static" / VENDOR_FILE).read_bytes()
        token = csrf_token(login.text)
        fields = {"username": "admin", "password": password, "csrf_token": token}
        signed_in = session.post(f"{base}/login", data=fields, timeout=10)
        assert signed_in.status_code == 200 and "/login" not in signed_in.url
        passes = session.get(f"{base}/e/rakor-ormas-2024/admin/door-passes", timeout=10)
        assert passes.status_code == 200 and "Pintu Ballroom" in passes.text
    finally:
        assert stop(server, signal.SIGTERM, timeout=15) == 0


def test_wheel_instance_path_setting_moves_the_instance_folder(venv, elsewhere, tmp_path):
    folder, env = elsewhere
    env["CHECKIN_INSTANCE_PATH"] = str(tmp_path / "kept-here")
    _run(venv / "bin" / "checkin", "init-db", cwd=folder, env=env)
    assert (tmp_path / "kept-here" / "checkin.sqlite").is_file()
