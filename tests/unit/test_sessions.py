"""Server-side sessions (checkin.accounts.sessions): what keeps one live and what ends it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from checkin.accounts import (
    end_session,
    end_sessions,
    issue_pass,
    session_is_live,
    session_user,
    set_active,
    set_password,
    sign_in_with_pass,
    start_session,
)
from checkin.models import AuditLog


def test_a_started_session_is_live_until_it_ends(db, make_user):
    user = make_user("panitia", "admin")
    first, second = start_session(db, user), start_session(db, user)
    db.commit()
    assert session_is_live(db, first) and session_is_live(db, second)
    assert session_user(db, first, user_id=user.id) is user
    end_session(db, first)
    db.commit()
    assert not session_is_live(db, first)
    assert session_is_live(db, second)


def test_unknown_empty_or_huge_session_ids_are_not_live(db, make_user):
    user = make_user("panitia", "admin")
    real = start_session(db, user)
    db.commit()
    for session_id in (None, "", "x" * 43, real.upper(), "x" * 10_000):
        assert not session_is_live(db, session_id)
    # A session belongs to its account: another account's id does not open it.
    assert session_user(db, real, user_id=user.id + 1) is None


def test_end_sessions_ends_all_but_the_one_kept_and_is_audit_logged(db, make_user):
    user = make_user("panitia", "admin")
    kept, other, third = (start_session(db, user) for _ in range(3))
    assert end_sessions(db, user, by=user, reason="manual", keep=kept) == 2
    db.commit()
    assert [session_is_live(db, s) for s in (kept, other, third)] == [True, False, False]
    entry = db.scalar(select(AuditLog).where(AuditLog.action == "sessions.end"))
    assert entry.actor == "panitia" and entry.user_id == user.id
    assert "panitia" in entry.detail and "2" in entry.detail


def test_deactivation_ends_the_sessions_and_reactivation_does_not_revive_them(db, make_user):
    admin = make_user("panitia", "admin")
    viewer = make_user("layar", "viewer")
    session_id = start_session(db, viewer)
    set_active(db, viewer.id, False, by=admin)
    set_active(db, viewer.id, True, by=admin)
    db.commit()
    assert not session_is_live(db, session_id)


def test_new_password_ends_the_other_sessions(db, make_user):
    user = make_user("panitia", "admin")
    mine, stolen = start_session(db, user), start_session(db, user)
    set_password(db, user, "sandi-baru-456", by=user, keep_session=mine)
    db.commit()
    assert session_is_live(db, mine) and not session_is_live(db, stolen)


def test_door_pass_session_is_not_live_once_its_pass_is_revoked_or_the_event_ends(db, event):
    event.starts_at = datetime.now(UTC) - timedelta(hours=1)
    event.ends_at = datetime.now(UTC) + timedelta(hours=6)
    issued = issue_pass(db, event.doors[0])
    account = sign_in_with_pass(db, issued.secret, issued.pin, address="192.0.2.10")
    session_id = start_session(db, account)
    db.commit()
    assert session_is_live(db, session_id)
    event.ends_at = datetime.now(UTC) - timedelta(minutes=1)
    db.commit()
    assert not session_is_live(db, session_id)
