"""Changing one's own password: every person's account, never a door pass; asks the current
password, keeps this browser signed in and signs the others out; rate-limited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from checkin.accounts import issue_pass
from checkin.models import AuditLog
from tests.conftest import PASSWORD

NEW = "kata-sandi-baru-123"


def _change(client, current=PASSWORD, new=NEW, confirm=None):
    data = {"current_password": current, "new_password": new, "confirm": confirm or new}
    return client.post("/account/password", data=data)


@pytest.mark.parametrize("role", ["admin", "door", "viewer", "liaison"])
def test_every_person_account_has_the_password_page(client, login, event, role):
    extra = {"region_id": event.regions[0].id, "event_id": event.id} if role == "liaison" else {}
    login(role, **extra)
    page = client.get("/account/password")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'name="current_password"' in text and 'name="new_password"' in text


def test_change_keeps_this_browser_and_signs_out_the_others(client, login, app):
    user = login("viewer")
    other = app.test_client()
    assert (
        other.post("/login", data={"username": user.username, "password": PASSWORD}).status_code
        == 302
    )
    response = _change(client)
    assert response.status_code == 302
    assert client.get("/account/password").status_code == 200
    assert other.get("/account/password").status_code == 302  # to the login page
    fresh = app.test_client()
    assert (
        fresh.post("/login", data={"username": user.username, "password": NEW}).status_code == 302
    )
    stale = app.test_client()
    assert (
        stale.post("/login", data={"username": user.username, "password": PASSWORD}).status_code
        == 200
    )


def test_wrong_current_password_changes_nothing(client, login, app, db):
    user = login("admin")
    response = _change(client, current="bukan-kata-sandinya")
    assert response.status_code == 422
    assert "Kata sandi saat ini salah" in response.get_data(as_text=True)
    fresh = app.test_client()
    assert (
        fresh.post("/login", data={"username": user.username, "password": PASSWORD}).status_code
        == 302
    )


def test_short_or_mismatched_new_password_is_refused(client, login):
    login("admin")
    assert _change(client, new="pendek").status_code == 422
    mismatch = _change(client, confirm="lain-sekali-123")
    assert mismatch.status_code == 422 and "tidak sama" in mismatch.get_data(as_text=True)


def test_change_is_audit_logged(client, login, db):
    user = login("admin")
    _change(client)
    actions = db.scalars(select(AuditLog.action).where(AuditLog.user_id == user.id)).all()
    assert "account.password" in actions


def test_door_pass_account_has_no_password_page(client, db, event):
    event.starts_at = datetime.now(UTC) - timedelta(hours=1)
    event.ends_at = datetime.now(UTC) + timedelta(hours=6)
    issued = issue_pass(db, event.doors[0])
    db.commit()
    assert client.post(f"/door/{issued.secret}", data={"pin": issued.pin}).status_code == 302
    assert client.get("/account/password").status_code == 403
    assert _change(client).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get("/account/password")
    assert response.status_code == 302 and "/login" in response.location


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config):
        return {
            **app_config,
            "RATELIMIT_ENABLED": True,
            "PASSWORD_CHANGE_RATE_LIMIT": "3 per minute",
        }

    def test_password_change_posts_are_rate_limited(self, client, login):
        login("admin")
        statuses = [_change(client, current="salah-salah-salah").status_code for _ in range(4)]
        assert statuses == [422, 422, 422, 429]


def test_every_page_links_to_the_password_page_but_not_for_door_passes(client, login, db, event):
    login("viewer")
    assert 'href="/account/password"' in client.get("/").get_data(as_text=True)
    client.post("/logout")
    event.starts_at = datetime.now(UTC) - timedelta(hours=1)
    event.ends_at = datetime.now(UTC) + timedelta(hours=6)
    issued = issue_pass(db, event.doors[0])
    db.commit()
    client.post(f"/door/{issued.secret}", data={"pin": issued.pin})
    page = client.get(f"/e/{event.slug}/scan").get_data(as_text=True)
    assert 'href="/account/password"' not in page
