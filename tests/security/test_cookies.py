"""Session cookies: HttpOnly and SameSite always, Secure whenever the app runs on HTTPS."""

from __future__ import annotations

import pytest

from checkin import create_app
from checkin.db import database
from tests.conftest import PASSWORD


def _login_cookies(app, make_user) -> list[str]:
    make_user("panitia", "admin")
    response = app.test_client().post(
        "/login", data={"username": "panitia", "password": PASSWORD, "remember": "y"}
    )
    assert response.status_code == 302
    return response.headers.getlist("Set-Cookie")


@pytest.fixture
def https_app(app_config, db):
    app = create_app({**app_config, "SESSION_COOKIE_SECURE": True, "REMEMBER_COOKIE_SECURE": True})
    yield app
    database(app).engine.dispose()


def test_session_cookie_is_httponly_samesite_and_not_readable_by_scripts(app, make_user):
    cookies = _login_cookies(app, make_user)
    session = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session and "SameSite=Lax" in session
    for cookie in cookies:
        assert "HttpOnly" in cookie, cookie


def test_session_cookie_is_secure_when_configured_for_https(https_app, make_user):
    cookies = _login_cookies(https_app, make_user)
    assert cookies
    for cookie in cookies:
        assert "Secure" in cookie and "HttpOnly" in cookie, cookie


def test_logout_ends_the_session(client, login):
    login("admin")
    assert client.get("/admin/").status_code in (200, 302)
    assert client.get("/admin/events").status_code == 200
    client.post("/logout")
    assert client.get("/admin/events").status_code == 302
