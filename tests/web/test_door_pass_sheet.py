"""Door passes as staff use them: issuing is POST-redirect-GET, the PIN can be seen again
until the pass is first used, and each door has a printable sheet."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest


@pytest.fixture
def running_event(db, event):
    event.starts_at = datetime.now(UTC) - timedelta(hours=1)
    event.ends_at = datetime.now(UTC) + timedelta(hours=6)
    db.commit()
    return event


def _base(event) -> str:
    return f"/e/{event.slug}/admin/door-passes"


def _pin(page: str, door_id: int) -> str | None:
    found = re.search(rf'id="pin-{door_id}">(\d{{6}})<', page)
    return found.group(1) if found else None


def test_issue_redirects_so_a_refresh_never_reissues(client, login, db, running_event):
    login("admin")
    door = running_event.doors[0]
    response = client.post(f"{_base(running_event)}/{door.id}/issue")
    assert response.status_code == 303
    assert response.location.startswith(_base(running_event))
    db.refresh(door)
    secret = door.pass_secret
    page = client.get(response.location)
    assert page.headers["Cache-Control"] == "no-store"
    text = page.get_data(as_text=True)
    pin = _pin(text, door.id)
    assert pin and pin not in (door.pass_pin_hash or "") and pin not in door.pass_pin_sealed
    assert f"{_base(running_event)}/{door.id}/sheet" in text
    # Refreshing the page after the redirect is a GET: same pass, same PIN.
    again = client.get(response.location).get_data(as_text=True)
    db.refresh(door)
    assert door.pass_secret == secret and _pin(again, door.id) == pin


def test_pin_shown_again_until_the_pass_is_first_used(client, login, db, running_event):
    login("admin")
    door = running_event.doors[0]
    client.post(f"{_base(running_event)}/{door.id}/issue")
    pin = _pin(client.get(_base(running_event)).get_data(as_text=True), door.id)
    db.refresh(door)
    phone = client.application.test_client()
    assert phone.post(f"/door/{door.pass_secret}", data={"pin": pin}).status_code == 302
    page = client.get(_base(running_event)).get_data(as_text=True)
    assert _pin(page, door.id) is None
    assert "sudah dipakai" in page


def test_sheet_has_event_door_qr_pin_and_validity(client, login, db, running_event):
    login("admin")
    door = running_event.doors[1]
    client.post(f"{_base(running_event)}/{door.id}/issue")
    pin = _pin(client.get(_base(running_event)).get_data(as_text=True), door.id)
    sheet = client.get(f"{_base(running_event)}/{door.id}/sheet")
    assert sheet.status_code == 200 and sheet.headers["Cache-Control"] == "no-store"
    text = sheet.get_data(as_text=True)
    assert running_event.name in text and door.name in text
    assert f"{_base(running_event)}/{door.id}/qr.png" in text
    assert f'id="sheet-pin">{pin}<' in text
    assert "Berlaku sampai" in text
    assert "pass-sheet.css" in text and 'data-size="a4"' in text
    a5 = client.get(f"{_base(running_event)}/{door.id}/sheet?size=a5").get_data(as_text=True)
    assert 'data-size="a5"' in a5


def test_sheet_after_first_use_has_no_pin(client, login, db, running_event):
    login("admin")
    door = running_event.doors[1]
    client.post(f"{_base(running_event)}/{door.id}/issue")
    pin = _pin(client.get(_base(running_event)).get_data(as_text=True), door.id)
    db.refresh(door)
    client.application.test_client().post(f"/door/{door.pass_secret}", data={"pin": pin})
    text = client.get(f"{_base(running_event)}/{door.id}/sheet").get_data(as_text=True)
    assert 'id="sheet-pin"' not in text and pin not in text


def test_sheet_of_a_door_without_an_active_pass_is_404(client, login, running_event):
    login("admin")
    door = running_event.doors[0]
    assert client.get(f"{_base(running_event)}/{door.id}/sheet").status_code == 404
    client.post(f"{_base(running_event)}/{door.id}/issue")
    client.post(f"{_base(running_event)}/{door.id}/revoke")
    assert client.get(f"{_base(running_event)}/{door.id}/sheet").status_code == 404
