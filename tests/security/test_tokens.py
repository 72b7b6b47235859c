"""API tokens: a revoked token, a disabled account or an ended door pass is refused at once
(401), and a request that sends a token is authenticated by it alone, never by its cookie."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from checkin.accounts import create_token, issue_pass, revoke_pass, revoke_token, sign_in_with_pass
from checkin.models import ApiToken, CheckIn, Scan, User
from tests.conftest import sign_in

CHECKINS = "/api/events/rakor-ormas-2024/checkins"


def _scan(client, token: str, code: str):
    return client.post(
        CHECKINS,
        json={"code": code, "gate": "Pintu Utama"},
        headers={"Authorization": f"Bearer {token}"},
    )


def test_revoked_api_token_is_refused_at_once(client, db, event, make_user, make_delegate):
    make_user("pintu-hp", "door")
    token = create_token(db, "pintu-hp")
    db.commit()
    first, second = make_delegate(), make_delegate()
    assert _scan(client, token, first.secret).get_json()["result"] == "admitted"

    token_id = db.scalar(select(ApiToken.id).where(ApiToken.name == "pintu-hp"))
    revoke_token(db, token_id)
    db.commit()
    refused = _scan(client, token, second.secret)
    assert refused.status_code == 401
    assert refused.get_json()["error"] == "invalid_token"


def test_token_of_disabled_account_is_refused(client, db, event, make_user, make_delegate):
    make_user("pintu-hilang", "door")
    token = create_token(db, "pintu-hilang")
    db.commit()
    db.scalar(select(User).where(User.username == "pintu-hilang")).is_active = False
    db.commit()
    assert _scan(client, token, make_delegate().secret).status_code == 401


def test_forged_or_malformed_bearer_is_refused(client, event, make_delegate):
    code = make_delegate().secret
    for token in ("ck_" + "A" * 43, "", "null", "ck_' OR 1=1 --", "x" * 5000):
        assert _scan(client, token, code).status_code == 401


def _session_cookies(client, app) -> list[dict]:
    """Every session the client holds, decoded with the app's own secret."""
    serializer = app.session_interface.get_signing_serializer(app)
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return [serializer.loads(cookie.value)] if cookie else []


def test_new_api_token_is_shown_once_and_never_enters_the_session_cookie(
    client, login, app, make_user
):
    scanner = make_user("pemindai-usb", "door")
    login("admin")
    response = client.post(f"/admin/users/{scanner.id}/tokens", data={"name": "USB Pintu 1"})
    decoded = _session_cookies(client, app)
    assert decoded and all("ck_" not in repr(session) for session in decoded)
    page = response.get_data(as_text=True)
    (token,) = re.findall(r"ck_[A-Za-z0-9_\-]+", page)
    assert page.count(token) == 1
    assert "no-store" in response.headers["Cache-Control"]
    for header in response.headers.getlist("Set-Cookie"):
        assert token not in header
    for _again in range(2):
        assert token not in client.get("/admin/users").get_data(as_text=True)
        assert all(token not in repr(session) for session in _session_cookies(client, app))


# --- a token request is authenticated by its token alone ----------------------------------


def _count(db, model) -> int:
    db.expire_all()
    count = db.scalar(select(func.count()).select_from(model))
    db.commit()
    return count


@pytest.fixture
def cookie_client(csrf_client, make_user, event):
    """A browser signed in as an organiser, on an app that enforces CSRF."""
    make_user("panitia", "admin")
    assert sign_in(csrf_client, "panitia").status_code == 302
    return csrf_client


def test_cookie_with_a_junk_bearer_is_401_and_records_nothing(cookie_client, db, make_delegate):
    code = make_delegate().secret
    for header in ("Bearer junk", "Bearer ", "bearer ck_" + "A" * 43):
        answer = cookie_client.post(
            CHECKINS, json={"code": code, "gate": "Pintu Utama"}, headers={"Authorization": header}
        )
        assert answer.status_code == 401, header
        assert answer.get_json()["error"] == "invalid_token"
        assert "Set-Cookie" not in answer.headers
    assert _count(db, CheckIn) == 0 and _count(db, Scan) == 0
    # The cookie still works as itself, CSRF header required.
    assert cookie_client.get("/admin/users").status_code == 200


def test_cookie_with_a_valid_bearer_acts_as_the_tokens_account(
    cookie_client, db, make_user, make_delegate
):
    door = make_user("pemindai-usb", "door")
    token = create_token(db, "pemindai-usb")
    db.commit()
    headers = {"Authorization": f"Bearer {token}"}
    answer = cookie_client.post(
        CHECKINS, json={"code": make_delegate().secret, "gate": "Pintu Utama"}, headers=headers
    )
    assert answer.status_code == 200 and answer.get_json()["result"] == "admitted"
    assert "Set-Cookie" not in answer.headers
    db.expire_all()
    assert db.scalar(select(CheckIn.by_user_id)) == door.id
    db.commit()
    # The organiser's cookie lends the token nothing.
    assert cookie_client.get("/admin/users", headers=headers).status_code == 403


def test_session_cookie_without_csrf_header_is_refused_whatever_else_it_sends(
    cookie_client, db, make_delegate
):
    code = make_delegate().secret
    for headers in ({}, {"Authorization": "Basic cGFuaXRpYTpzYW5kaQ=="}):
        answer = cookie_client.post(
            CHECKINS, json={"code": code, "gate": "Pintu Utama"}, headers=headers
        )
        assert answer.status_code == 400 and answer.get_json()["error"] == "csrf_failed"
    assert _count(db, CheckIn) == 0


# --- a door-pass account's token follows the pass -----------------------------------------


def _end_revoke(db, door):
    revoke_pass(db, door)


def _end_reissue(db, door):
    issue_pass(db, door)


def _end_expire(db, door):
    door.event.ends_at = datetime.now(UTC) - timedelta(minutes=1)


def _end_deactivate(db, door):
    db.execute(update(User).where(User.door_id == door.id).values(is_active=False))


@pytest.mark.parametrize("end", [_end_revoke, _end_reissue, _end_expire, _end_deactivate])
def test_token_of_a_door_pass_account_stops_with_its_pass(client, db, event, make_delegate, end):
    event.starts_at = datetime.now(UTC) - timedelta(hours=1)
    event.ends_at = datetime.now(UTC) + timedelta(hours=6)
    issued = issue_pass(db, event.doors[0])
    account = sign_in_with_pass(db, issued.secret, issued.pin, address="192.0.2.10")
    token = create_token(db, account.username)  # as `checkin create-token pintu-…` would
    db.commit()
    assert _scan(client, token, make_delegate().secret).get_json()["result"] == "admitted"
    end(db, event.doors[0])
    db.commit()
    refused = _scan(client, token, make_delegate().secret)
    assert refused.status_code == 401 and refused.get_json()["error"] == "invalid_token"
