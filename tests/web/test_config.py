"""Configuration: environment variables, safe defaults, security headers."""

from __future__ import annotations

from sqlalchemy import text

from checkin import create_app
from checkin.db import database


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
