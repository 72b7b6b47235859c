"""Configuration: environment variables, safe defaults, security headers."""

from __future__ import annotations

import ast
from pathlib import Path

from sqlalchemy import text

from checkin import create_app
from checkin.config import DEFAULTS
from checkin.db import database

CHECKIN = Path(__file__).resolve().parent.parent.parent / "checkin"


def test_secret_key_generated_once_and_kept_in_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("CHECKIN_SECRET_KEY", raising=False)
    first = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/a.sqlite"})
    first.instance_path = str(tmp_path)
    from checkin.config import instance_secret_key

    key = instance_secret_key(str(tmp_path))
    assert len(key) >= 64
    assert instance_secret_key(str(tmp_path)) == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_config_read_from_prefixed_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CHECKIN_DATABASE_URL", f"sqlite:///{tmp_path}/env.sqlite")
    monkeypatch.setenv("CHECKIN_PUBLIC_URL", "https://undangan.example.id")
    monkeypatch.setenv("CHECKIN_SECRET_KEY", "from-env")
    app = create_app()
    assert app.config["DATABASE_URL"].endswith("env.sqlite")
    assert app.config["PUBLIC_URL"] == "https://undangan.example.id"
    assert app.config["SECRET_KEY"] == "from-env"


def test_default_database_is_sqlite_in_instance_folder(monkeypatch):
    monkeypatch.delenv("CHECKIN_DATABASE_URL", raising=False)
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["DATABASE_URL"] == f"sqlite:///{app.instance_path}/checkin.sqlite"
    assert not app.debug


def test_pages_carry_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_sqlite_runs_in_wal_mode_with_busy_timeout(app):
    with database(app).engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_default_upload_folder_is_in_instance_folder(monkeypatch):
    monkeypatch.delenv("CHECKIN_UPLOAD_FOLDER", raising=False)
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": "sqlite:///unused.sqlite"})
    assert app.config["UPLOAD_FOLDER"] == str(Path(app.instance_path) / "imports")


def _config_reads(tree: ast.AST) -> list[tuple[int, str, int]]:
    """(line, key, number of arguments) of each `….config[KEY]` / `….config.get(KEY, …)`."""
    reads = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            target, args = node.value, [node.slice]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr != "get":
                continue
            target, args = node.func.value, [*node.args, *node.keywords]
        else:
            continue
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        key = args[0] if args else None
        if name == "config" and isinstance(key, ast.Constant) and isinstance(key.value, str):
            reads.append((node.lineno, key.value, len(args)))
    return reads


def test_code_reads_only_table_keys_and_no_fallback_of_its_own():
    problems = []
    for path in sorted(CHECKIN.rglob("*.py")):
        where = path.relative_to(CHECKIN.parent)
        for line, key, arguments in _config_reads(ast.parse(path.read_text())):
            if key not in DEFAULTS:
                problems.append(f"{where}:{line}: {key} is not in checkin/config.py DEFAULTS")
            if arguments > 1:
                problems.append(f"{where}:{line}: a fallback for {key}; put it in DEFAULTS")
    assert problems == []


def test_languages_and_default_locale_come_from_config(app_config):
    app = create_app({**app_config, "LANGUAGES": ["id"]})
    client = app.test_client()
    assert '<html lang="id">' in client.get("/login?lang=en").get_data(as_text=True)
    client.post("/lang/en")
    assert '<html lang="id">' in client.get("/login").get_data(as_text=True)
    database(app).engine.dispose()
