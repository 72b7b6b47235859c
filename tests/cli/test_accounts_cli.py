"""CLI: init-db, create-user, create-token, end-sessions, create-event."""

from __future__ import annotations

from sqlalchemy import select

from checkin.accounts import user_for_token
from checkin.models import AuditLog, Event, User
from tests.conftest import PASSWORD


def test_create_user_with_role(runner, db):
    result = runner.invoke(
        args=["create-user", "budi", "--role", "door", "--password", "sandi-123"]
    )
    assert result.exit_code == 0, result.output
    assert db.scalar(select(User).where(User.username == "budi")).role == "door"


def test_create_user_twice_is_a_clear_error(runner):
    runner.invoke(args=["create-user", "budi", "--role", "door", "--password", "sandi-123"])
    result = runner.invoke(
        args=["create-user", "budi", "--role", "door", "--password", "sandi-123"]
    )
    assert result.exit_code != 0
    assert "sudah ada" in result.output


def test_create_user_short_password_refused(runner, db):
    result = runner.invoke(args=["create-user", "budi", "--role", "admin", "--password", "123"])
    assert result.exit_code != 0
    assert db.scalar(select(User)) is None


def test_create_token_prints_token_alone_on_last_line(runner, db):
    runner.invoke(args=["create-user", "pintu1", "--role", "door", "--password", "sandi-123"])
    result = runner.invoke(args=["create-token", "pintu1"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert " " not in token and len(token) > 40
    assert user_for_token(db, token).username == "pintu1"


def test_create_event_with_doors_and_default_regions(runner, db):
    result = runner.invoke(
        args=[
            "create-event",
            "rakor",
            "--name",
            "Rakor Ormas",
            "--doors",
            "Pintu Utama, Pintu Samping",
        ]
    )
    assert result.exit_code == 0, result.output
    event = db.scalar(select(Event).where(Event.slug == "rakor"))
    assert [d.name for d in event.doors] == ["Pintu Utama", "Pintu Samping"]
    assert len(event.regions) == 11
    assert event.timezone == "Asia/Makassar"


def test_create_event_bad_slug_refused(runner, db):
    result = runner.invoke(args=["create-event", "Rakor Ormas!", "--name", "x"])
    assert result.exit_code != 0
    assert db.scalar(select(Event)) is None


def test_end_sessions_signs_the_account_out_everywhere(runner, app, db, make_user, event):
    make_user("pintu1", "door")
    phones = [app.test_client() for _ in range(2)]
    for phone in phones:
        phone.post("/login", data={"username": "pintu1", "password": PASSWORD})
        assert phone.get("/").status_code == 200
    result = runner.invoke(args=["end-sessions", "pintu1"])
    assert result.exit_code == 0, result.output
    assert "2" in result.output
    assert all(phone.get("/").status_code == 302 for phone in phones)
    db.expire_all()
    entry = db.scalar(select(AuditLog).where(AuditLog.action == "sessions.end"))
    assert entry.actor == "cli" and "pintu1" in entry.detail


def test_end_sessions_of_an_unknown_account_is_a_clear_error(runner):
    result = runner.invoke(args=["end-sessions", "tidak-ada"])
    assert result.exit_code != 0
    assert "tidak ditemukan" in result.output
