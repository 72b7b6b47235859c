"""The live page, the welcome screen and the organiser's share links: access and content."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from checkin.accounts import revoke_share_link
from checkin.models import AuditLog, ShareLink
from tests.conftest import open_share_link

LIVE = "/e/rakor-ormas-2024/live"
WELCOME = "/e/rakor-ormas-2024/welcome"
LINKS = "/e/rakor-ormas-2024/live/links"


def share_token(db, event, *, revoked: bool = False) -> str:
    link, token = open_share_link(db, event)
    if revoked:
        revoke_share_link(db, event, link.id, by=None)
    db.commit()
    return token


@pytest.mark.parametrize("url", [LIVE, WELCOME])
def test_screen_redirects_anonymous_to_login(client, event, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("url", [LIVE, WELCOME])
@pytest.mark.parametrize("role", ["door", "liaison"])
def test_screen_forbidden_for_other_roles(client, event, login, url, role):
    login(role)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", ["admin", "viewer"])
def test_live_page_renders_for_admin_and_viewer(client, event, login, role):
    login(role)

    response = client.get(LIVE)

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-stream-url="/api/events/rakor-ormas-2024/stats/stream"' in html
    assert 'data-stats-url="/api/events/rakor-ormas-2024/stats"' in html
    assert "js/live.js" in html
    assert "Belum hadir" in html
    assert "Terputus — menyambung ulang…" in html


def test_live_page_has_no_inline_script_or_style(client, event, login):
    login("viewer")
    html = client.get(LIVE).get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html


def test_live_page_share_button_only_for_admin(client, event, login):
    login("viewer")
    assert LINKS not in client.get(LIVE).get_data(as_text=True)


def test_live_page_with_share_token_works_without_login(client, db, event):
    token = share_token(db, event)

    response = client.get(LIVE, query_string={"share": token})

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # The page's own requests carry the token.
    assert f"/api/events/rakor-ormas-2024/stats/stream?share={token}" in html
    assert f"/api/events/rakor-ormas-2024/stats?share={token}" in html


def test_welcome_page_with_share_token_works_without_login(client, db, event):
    token = share_token(db, event)

    response = client.get(WELCOME, query_string={"share": token})

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "js/welcome.js" in html
    assert "Selamat datang" in html
    assert f"stats/stream?share={token}" in html


@pytest.mark.parametrize("url", [LIVE, WELCOME])
def test_screen_with_revoked_share_token_is_refused(client, db, event, url):
    token = share_token(db, event, revoked=True)

    response = client.get(url, query_string={"share": token})

    assert response.status_code == 403
    assert "dicabut" in response.get_data(as_text=True)


def test_home_lists_live_and_welcome_for_viewer(client, event, login):
    login("viewer")
    html = client.get("/").get_data(as_text=True)
    assert LIVE in html
    assert WELCOME in html


# --- share links (organisers) -------------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "door"])
def test_share_links_page_is_for_organisers_only(client, event, login, role):
    login(role)
    assert client.get(LINKS).status_code == 403
    assert client.post(LINKS, data={"label": "x"}).status_code == 403


def test_share_links_page_lists_links(client, db, event, login):
    share_token(db, event)
    login("admin")

    response = client.get(LINKS)

    assert response.status_code == 200
    assert "Proyektor" in response.get_data(as_text=True)


def test_create_share_link_shows_a_working_url_once(client, db, event, login):
    event.ends_at = datetime.now(UTC) + timedelta(days=1)  # links end with their event
    db.commit()
    login("admin")

    response = client.post(LINKS, data={"label": "Proyektor ballroom"})

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    match = re.search(
        r'value="(https://checkin\.example\.id/e/rakor-ormas-2024/live\?share=([^"]+))"', html
    )
    assert match, html
    token = match.group(2)
    assert "Proyektor ballroom" in html
    # The token is not stored, only its hash; the list page does not show it again.
    link = db.scalar(select(ShareLink))
    assert token not in link.token_hash
    assert db.scalar(select(AuditLog.action).where(AuditLog.action == "share_link.create"))
    db.rollback()  # end the read, so the next one sees what the app wrote since
    assert token not in client.get(LINKS).get_data(as_text=True)

    client.post("/logout")
    assert client.get(LIVE, query_string={"share": token}).status_code == 200


def test_create_share_link_requires_a_label(client, db, event, login):
    login("admin")

    response = client.post(LINKS, data={"label": "  "})

    assert response.status_code == 422
    assert "Beri nama tautan" in response.get_data(as_text=True)
    assert db.scalar(select(ShareLink)) is None


def test_revoke_share_link_refuses_its_screens(client, db, event, login):
    token = share_token(db, event)
    link_id = db.scalar(select(ShareLink.id))
    db.rollback()
    login("admin")

    response = client.post(f"{LINKS}/{link_id}/revoke")

    assert response.status_code == 302
    client.post("/logout")
    assert client.get(LIVE, query_string={"share": token}).status_code == 403
    assert (
        client.get("/api/events/rakor-ormas-2024/stats", query_string={"share": token}).status_code
        == 403
    )


def test_revoke_share_link_of_another_event_is_404(client, db, event, login):
    from checkin.events import create_event

    other = create_event(db, "acara-lain", name="Acara lain")
    db.commit()
    share_token(db, other)
    link_id = db.scalar(select(ShareLink.id))
    login("admin")

    assert client.post(f"{LINKS}/{link_id}/revoke").status_code == 404
    assert db.scalar(select(ShareLink.revoked_at)) is None
