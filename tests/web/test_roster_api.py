"""GET /api/events/<slug>/roster: who may read it, what it holds (nothing readable without
the QR), its cursor, and the pieces of the installable scanner (service worker, manifest)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from checkin.accounts import create_token, issue_pass
from checkin.events import create_event
from checkin.invitations import revoke_invitation
from checkin.scanning import event_salt, lookup_key, open_entry
from checkin.scanning import roster as roster_module

SLUG = "rakor-ormas-2024"
ROSTER = f"/api/events/{SLUG}/roster"


@pytest.fixture(autouse=True)
def _fresh_cache():
    roster_module.clear_cache()
    yield
    roster_module.clear_cache()


def opened(body, secret, event):
    salt = event_salt(event)
    assert body["salt"] == roster_module.b64url(salt)
    k = lookup_key(secret, salt)
    entries = [e for e in body["entries"] if e["k"] == k]
    return open_entry(secret, salt, entries[0]) if entries else None


@pytest.mark.parametrize("role", ["admin", "door"])
def test_roster_for_door_roles(client, login, event, make_delegate, role):
    delegate = make_delegate(name="Hj. Siti Aminah", phone="+6281234567890", email="s@x.id")
    login(role)
    response = client.get(ROSTER)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["full"] is True and body["count"] == 1 and body["format"] == 1
    text = response.get_data(as_text=True)
    for private in (delegate.secret, "Siti", "Aminah", "81234567890", "s@x.id", "Ormas"):
        assert private not in text
    assert opened(body, delegate.secret, event)["name"] == "Hj. Siti Aminah"


@pytest.mark.parametrize("role", ["viewer", "liaison"])
def test_roster_refused_to_other_roles(client, login, event, role):
    login(role)
    assert client.get(ROSTER).status_code == 403


def test_roster_anonymous_is_401(client, event):
    response = client.get(ROSTER)
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"


def test_roster_door_pass_only_for_its_event(client, db, event):
    other = create_event(db, "acara-lain", name="Acara Lain", doors=["Pintu A"])
    event.ends_at = datetime.now(UTC) + timedelta(hours=6)
    db.commit()
    issued = issue_pass(db, event.doors[0])
    db.commit()
    response = client.post(f"/door/{issued.secret}", data={"pin": issued.pin})
    assert response.status_code == 302
    assert client.get(ROSTER).status_code == 200
    assert client.get(f"/api/events/{other.slug}/roster").status_code == 404


def test_roster_bearer_token_gets_no_form_token(client, db, event, make_user):
    make_user("alat-pintu", "door")
    token = create_token(db, "alat-pintu")
    db.commit()
    response = client.get(ROSTER, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert "csrf_token" not in response.get_json()


def test_roster_session_gets_fresh_form_token(client, login, event):
    login("door")
    assert client.get(ROSTER).get_json()["csrf_token"]


def test_roster_wrong_secret_opens_nothing(client, login, event, make_delegate):
    delegate = make_delegate()
    login("door")
    body = client.get(ROSTER).get_json()
    salt = event_salt(event)
    guess = "A" * 32
    assert all(open_entry(guess, salt, entry) is None for entry in body["entries"])
    assert opened(body, guess, event) is None
    assert opened(body, delegate.secret, event) is not None


def test_roster_cursor_returns_only_changes(client, login, event, make_delegate, monkeypatch):
    quiet, arrives = make_delegate(), make_delegate()
    login("door")
    first = client.get(ROSTER).get_json()
    # Without the overlap, everything so far is older than the cursor: nothing comes back.
    monkeypatch.setattr(roster_module, "CURSOR_OVERLAP", timedelta(0))
    unchanged = client.get(ROSTER, query_string={"since": first["cursor"]}).get_json()
    assert unchanged["full"] is False and unchanged["entries"] == []
    response = client.post(
        f"/api/events/{SLUG}/checkins", json={"code": arrives.secret, "gate": "Pintu Utama"}
    )
    assert response.get_json()["result"] == "admitted"
    changed = client.get(ROSTER, query_string={"since": first["cursor"]}).get_json()
    assert [e["k"] for e in changed["entries"]] == [lookup_key(arrives.secret, event_salt(event))]
    details = opened(changed, arrives.secret, event)
    assert details["status"] == "checked_in" and details["gate"] == "Pintu Utama"
    assert opened(changed, quiet.secret, event) is None
    assert changed["cursor"] > first["cursor"]


def test_roster_lists_revoked_secrets_without_the_delegate(client, login, db, event, make_delegate):
    delegate = make_delegate(name="Sudah Dicabut")
    old_secret = delegate.secret
    revoke_invitation(db, event, old_secret, reissue=True)
    db.commit()
    login("door")
    response = client.get(ROSTER)
    body = response.get_json()
    assert opened(body, old_secret, event) == {"revoked": True}
    assert opened(body, delegate.secret, event)["name"] == "Sudah Dicabut"
    assert "Dicabut" not in response.get_data(as_text=True)
    assert body["count"] == 2


@pytest.mark.parametrize("since", ["kemarin", "2024-10-15T08:00:00"])
def test_roster_bad_cursor_is_422(client, login, event, since):
    login("door")
    response = client.get(ROSTER, query_string={"since": since})
    assert response.status_code == 422
    assert response.get_json()["error"] == "invalid_input"


def test_roster_unknown_event_is_404(client, login, event):
    login("door")
    assert client.get("/api/events/tidak-ada/roster").status_code == 404


# --- the installable scanner ----------------------------------------------------------------


def test_service_worker_served_from_root_scope(client):
    with client.get("/sw.js") as response:
        response.direct_passthrough = False
        body = response.data
    assert response.status_code == 200
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.mimetype == "text/javascript"
    assert b"zxing_reader.wasm" in body


def test_manifest_starts_at_the_events_scanner(client, login, event):
    login("door")
    response = client.get(f"/e/{SLUG}/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    assert manifest["start_url"] == f"/e/{SLUG}/scan"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512", "any"} <= sizes
    for icon in manifest["icons"]:
        with client.get(icon["src"]) as image:
            assert image.status_code == 200


def test_png_icon_has_its_size(client):
    from io import BytesIO

    from PIL import Image

    response = client.get("/icon-192.png")
    assert response.mimetype == "image/png"
    assert Image.open(BytesIO(response.data)).size == (192, 192)
    assert client.get("/icon-7.png").status_code == 404


def test_scan_page_links_manifest_and_offline_urls(client, login, event):
    login("door")
    html = client.get(f"/e/{SLUG}/scan").get_data(as_text=True)
    assert f'rel="manifest" href="/e/{SLUG}/manifest.webmanifest"' in html
    assert f'data-roster-url="/api/events/{SLUG}/roster"' in html
    assert f'data-batch-url="/api/events/{SLUG}/checkins/batch"' in html
    assert 'data-sw-url="/sw.js"' in html
    assert 'id="offline-banner"' in html


def test_invitation_page_loads_offline_script(client, event, make_delegate):
    delegate = make_delegate()
    html = client.get(f"/i/{delegate.secret}").get_data(as_text=True)
    assert "/static/js/invite-offline.js" in html


def test_roster_time_is_recent(client, login, event):
    login("door")
    cursor = datetime.fromisoformat(client.get(ROSTER).get_json()["cursor"])
    assert abs((datetime.now(UTC) - cursor).total_seconds()) < 60
