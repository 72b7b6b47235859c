"""CLI: init-db, create-user, create-token, end-sessions, create-event."""

from __future__ import annotations

from sqlalchemy import select

from checkin.accounts import user_for_token
from checkin.events import create_event
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


def test_create_user_with_events_limits_the_account_to_them(runner, db, event):
    other = create_event(db, "musda", name="Musda")
    db.commit()
    result = runner.invoke(
        args=["create-user", "layar", "--role", "viewer", "--password", "sandi-123"]
        + ["--event", event.slug, "--event", "musda"]
    )
    assert result.exit_code == 0, result.output
    assert f"limited to {event.slug}, musda" in result.output
    db.expire_all()
    user = db.scalar(select(User).where(User.username == "layar"))
    assert user.scoped_event_ids == {event.id, other.id}


def test_create_user_with_an_unknown_event_is_a_clear_error_and_creates_nothing(runner, db, event):
    result = runner.invoke(
        args=["create-user", "layar", "--role", "viewer", "--password", "sandi-123"]
        + ["--event", event.slug, "--event", "tidak-ada"]
    )
    assert result.exit_code != 0
    assert "Acara tidak-ada tidak ditemukan" in result.output
    db.expire_all()
    assert db.scalar(select(User)) is None


def test_create_user_without_events_may_work_on_every_event(runner, db, event):
    result = runner.invoke(
        args=["create-user", "panitia", "--role", "admin", "--password", "sandi-123"]
    )
    assert "every event" in result.output
    db.expire_all()
    assert db.scalar(select(User).where(User.username == "panitia")).scoped_event_ids == set()


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
