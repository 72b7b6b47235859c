"""Door passes through HTTP: the organiser's screen, PIN sign-in, revocation, expiry, scope."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from checkin.accounts import issue_pass
from checkin.events import create_event
from checkin.models import Door


@pytest.fixture
def running_event(db, event):
    """The test event, moved so that it is on now (passes only work until the event ends)."""
    event.starts_at = datetime.now(UTC) - timedelta(hours=1)
    event.ends_at = datetime.now(UTC) + timedelta(hours=6)
    db.commit()
    return event


@pytest.fixture
def door_pass(db, running_event):
    issued = issue_pass(db, running_event.doors[1])
    db.commit()
    return issued


def sign_in(client, issued, pin=None):
    return client.post(f"/door/{issued.secret}", data={"pin": pin or issued.pin})


def test_passes_page_anonymous_is_sent_to_login(client, running_event):
    response = client.get(f"/e/{running_event.slug}/admin/door-passes")
    assert response.status_code == 302 and "/login" in response.location


@pytest.mark.parametrize("role", ["door", "viewer", "liaison"])
def test_passes_page_forbidden_to_non_admins(client, login, running_event, role):
    login(role)
    assert client.get(f"/e/{running_event.slug}/admin/door-passes").status_code == 403


def test_passes_page_lists_every_door_without_a_pass(client, login, running_event):
    login("admin")
    page = client.get(f"/e/{running_event.slug}/admin/door-passes").get_data(as_text=True)
    assert "Pintu Utama" in page and "Pintu Samping" in page
    assert page.count('data-status="none"') == 2


def test_issue_shows_pin_qr_and_link(client, login, db, running_event):
    # Issuing redirects; the PIN stays visible until first use
    # (tests/web/test_door_pass_sheet.py).
    login("admin")
    door = running_event.doors[0]
    base = f"/e/{running_event.slug}/admin/door-passes"
    page = client.post(f"{base}/{door.id}/issue", follow_redirects=True).get_data(as_text=True)
    pin = re.search(rf'id="pin-{door.id}">(\d{{6}})<', page).group(1)
    db.refresh(door)
    assert door.pass_secret and f"/door/{door.pass_secret}" in page
    assert pin not in (door.pass_pin_hash or "")
    qr = client.get(f"{base}/{door.id}/qr.png")
    assert qr.status_code == 200 and qr.mimetype == "image/png"
    assert qr.data.startswith(b"\x89PNG")


def test_issue_for_door_of_another_event_is_404(client, login, db, running_event):
    other = create_event(db, "acara-lain", name="Acara Lain", doors=["Gerbang"])
    db.commit()
    login("admin")
    url = f"/e/{running_event.slug}/admin/door-passes/{other.doors[0].id}/issue"
    assert client.post(url).status_code == 404


def test_pass_link_asks_for_the_pin(client, door_pass):
    page = client.get(f"/door/{door_pass.secret}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Pintu Samping" in text and 'name="pin"' in text


def test_unknown_pass_link_is_404(client, door_pass):
    assert client.get("/door/tidak-ada").status_code == 404


def test_right_pin_signs_in_and_opens_scanner_at_that_door(client, running_event, door_pass):
    response = sign_in(client, door_pass)
    assert response.status_code == 302
    assert response.location.startswith(f"/e/{running_event.slug}/scan")
    assert "door=Pintu+Samping" in response.location or "door=Pintu%20Samping" in response.location
    page = client.get(response.location)
    assert page.status_code == 200
    assert 'data-assigned-door="Pintu Samping"' in page.get_data(as_text=True)


def test_wrong_pin_is_refused_and_signs_nobody_in(client, running_event, door_pass):
    wrong = "000000" if door_pass.pin != "000000" else "111111"
    response = sign_in(client, door_pass, pin=wrong)
    assert response.status_code == 422
    assert "PIN salah" in response.get_data(as_text=True)
    assert client.get(f"/e/{running_event.slug}/scan").status_code == 302


def test_revoked_pass_signs_the_phone_out_at_once(client, login, running_event, door_pass):
    phone = client.application.test_client()
    assert sign_in(phone, door_pass).status_code == 302
    scan_url = f"/e/{running_event.slug}/scan"
    assert phone.get(scan_url).status_code == 200
    login("admin")
    door = running_event.doors[1]
    response = client.post(f"/e/{running_event.slug}/admin/door-passes/{door.id}/revoke")
    assert response.status_code == 302
    assert phone.get(scan_url).status_code == 302
    api = phone.get(f"/api/events/{running_event.slug}/delegates/search?q=Peserta")
    assert api.status_code == 401
    assert sign_in(phone, door_pass).status_code == 404


def test_reissued_pass_signs_out_phones_of_the_old_one(client, db, running_event, door_pass):
    assert sign_in(client, door_pass).status_code == 302
    issue_pass(db, running_event.doors[1])
    db.commit()
    assert client.get(f"/e/{running_event.slug}/scan").status_code == 302


def test_expired_pass_is_refused(client, db, running_event, door_pass):
    running_event.ends_at = datetime.now(UTC) - timedelta(minutes=1)
    db.commit()
    assert client.get(f"/door/{door_pass.secret}").status_code == 403
    assert sign_in(client, door_pass).status_code == 403


def test_pass_session_ends_when_the_event_ends(client, db, running_event, door_pass):
    assert sign_in(client, door_pass).status_code == 302
    running_event.ends_at = datetime.now(UTC) - timedelta(minutes=1)
    db.commit()
    assert client.get(f"/e/{running_event.slug}/scan").status_code == 302


def test_door_pass_account_cannot_open_another_event(client, db, running_event, door_pass):
    other = create_event(db, "acara-lain", name="Acara Lain")
    db.commit()
    assert sign_in(client, door_pass).status_code == 302
    assert client.get(f"/e/{other.slug}/scan").status_code == 404  # as an unknown event
    api = client.get(f"/api/events/{other.slug}/delegates/search?q=Peserta")
    assert api.status_code == 404 and api.get_json()["error"] == "event_not_found"
    assert client.get(f"/e/{running_event.slug}/scan").status_code == 200


def test_door_pass_account_cannot_open_organiser_pages(client, running_event, door_pass):
    assert sign_in(client, door_pass).status_code == 302
    assert client.get(f"/e/{running_event.slug}/admin/door-passes").status_code == 403


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "RATELIMIT_ENABLED": True}

    def test_pin_attempts_are_rate_limited(self, client, door_pass):
        wrong = "000000" if door_pass.pin != "000000" else "111111"
        statuses = [sign_in(client, door_pass, pin=wrong).status_code for _ in range(5)]
        # Three wrong PINs are checked; then this address waits (tests/security/test_door_pin.py).
        assert statuses == [422] * 3 + [429] * 2
        # Even the right PIN waits now: guessing 6 digits stays impractical.
        blocked = sign_in(client, door_pass)
        assert blocked.status_code == 429


def test_removing_a_door_removes_its_pass_account(client, db, running_event, door_pass):
    from checkin.events import set_doors

    assert sign_in(client, door_pass).status_code == 302
    set_doors(db, running_event, ["Pintu Utama"])
    db.commit()
    assert db.get(Door, door_pass.door.id) is None
    assert client.get(f"/e/{running_event.slug}/scan").status_code == 302


def test_revoked_pass_phone_gets_a_distinct_401_code(client, login, running_event, door_pass):
    phone = client.application.test_client()
    assert sign_in(phone, door_pass).status_code == 302
    login("admin")
    door = running_event.doors[1]
    client.post(f"/e/{running_event.slug}/admin/door-passes/{door.id}/revoke")
    api = phone.get(f"/api/events/{running_event.slug}/delegates/search?q=Peserta")
    assert api.status_code == 401
    body = api.get_json()
    assert body["error"] == "door_pass_revoked"
    assert "dicabut panitia" in body["message"] and "QR pass baru" in body["message"]
    page = phone.get(f"/e/{running_event.slug}/scan", follow_redirects=True)
    assert "dicabut panitia" in page.get_data(as_text=True)


def test_reissued_pass_phone_gets_the_revoked_code(client, db, running_event, door_pass):
    assert sign_in(client, door_pass).status_code == 302
    issue_pass(db, running_event.doors[1])
    db.commit()
    api = client.get(f"/api/events/{running_event.slug}/delegates/search?q=Peserta")
    assert api.status_code == 401 and api.get_json()["error"] == "door_pass_revoked"


def test_expired_pass_phone_gets_the_plain_401(client, db, running_event, door_pass):
    assert sign_in(client, door_pass).status_code == 302
    running_event.ends_at = datetime.now(UTC) - timedelta(minutes=1)
    db.commit()
    api = client.get(f"/api/events/{running_event.slug}/delegates/search?q=Peserta")
    assert api.status_code == 401 and api.get_json()["error"] == "unauthorized"


def test_scanner_page_has_the_revoked_text_and_a_sign_in_link(client, running_event, door_pass):
    assert sign_in(client, door_pass).status_code == 302
    page = client.get(f"/e/{running_event.slug}/scan").get_data(as_text=True)
    assert "Pass pintu ini dicabut panitia" in page
    assert 'id="verdict-signin"' in page
