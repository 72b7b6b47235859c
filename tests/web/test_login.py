"""Signing in and out, CSRF, rate limiting, cookie flags."""

from __future__ import annotations

import pytest

from checkin import create_app
from tests.conftest import PASSWORD, sign_in


def test_login_page_renders_in_indonesian(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert "Masuk" in response.get_data(as_text=True)


def test_login_with_right_password_lands_on_events(client, make_user, event):
    make_user("panitia", "admin")
    response = client.post("/login", data={"username": "panitia", "password": PASSWORD})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert event.name in page


def test_login_with_wrong_password_is_refused(client, make_user):
    make_user("panitia", "admin")
    response = client.post("/login", data={"username": "panitia", "password": "salah-sekali"})
    assert response.status_code == 200
    assert "salah" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_login_next_does_not_redirect_off_site(client, make_user):
    make_user("panitia", "admin")
    response = client.post(
        "/login?next=https://evil.example/x", data={"username": "panitia", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_logout_requires_post_and_ends_session(client, login):
    login("admin")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/").headers["Location"].startswith("/login")


def test_password_is_stored_hashed(make_user):
    user = make_user("panitia", "admin")
    assert PASSWORD not in user.password_hash
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))


@pytest.fixture
def strict_app(app_config):
    return create_app(
        {
            **app_config,
            "WTF_CSRF_ENABLED": True,
            "RATELIMIT_ENABLED": True,
            "LOGIN_RATE_LIMIT": "3 per minute",
        }
    )


def test_login_without_csrf_token_is_refused(strict_app, make_user):
    make_user("panitia", "admin")
    client = strict_app.test_client()
    response = client.post("/login", data={"username": "panitia", "password": PASSWORD})
    assert response.status_code == 400


def test_login_with_csrf_token_succeeds(strict_app, make_user):
    make_user("panitia", "admin")
    response = sign_in(strict_app.test_client(), "panitia")
    assert response.status_code == 302


def test_login_is_rate_limited(strict_app):
    strict_app.config["WTF_CSRF_ENABLED"] = False
    client = strict_app.test_client()
    codes = [
        client.post("/login", data={"username": "x", "password": "y" * 8}).status_code
        for _ in range(5)
    ]
    assert codes[:3] == [200, 200, 200]
    assert codes[3] == 429


def test_session_cookie_is_httponly_and_samesite(client, make_user):
    make_user("panitia", "admin")
    response = client.post("/login", data={"username": "panitia", "password": PASSWORD})
    cookie = response.headers.get("Set-Cookie")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
