"""API tokens: a revoked token or a disabled account is refused at once (401)."""

from __future__ import annotations

import re

from sqlalchemy import select

from checkin.accounts import create_token, revoke_token
from checkin.models import ApiToken, User

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
    assert refused.get_json()["error"] == "unauthorized"


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
