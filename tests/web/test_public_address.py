"""Links are never built from the Host header a client sends (security issue 11 item 15).

Invitation URLs, door passes, share links, cards and QR codes use the event's public address
(Pengaturan), else CHECKIN_PUBLIC_URL, else the address `checkin serve` announced; with none
of them there are no links, and the pages say so with a link to the setting.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import zxingcpp
from PIL import Image

from checkin.accounts import issue_pass
from checkin.models import Event
from tests.conftest import PASSWORD

HOSTILE = "http://evil.example/"
EVENT_URL = "https://undangan.kaltim.example"
SERVED = "http://192.168.1.10:5000/"
SETTING_LINK = 'href="/e/rakor-ormas-2024/admin/settings#public_url"'


def fresh(db, event) -> Event:
    """The event as the app left it: end the test's read and forget what it loaded."""
    db.rollback()
    db.expire_all()
    return db.get(Event, event.id)


def qr_text(data: bytes) -> str:
    [found] = zxingcpp.read_barcodes(Image.open(io.BytesIO(data)).convert("L"))
    return found.text


@pytest.fixture
def hostile_login(client, make_user):
    """Sign in on the hostile host, so the session cookie goes with each request there."""

    def do(role: str, **fields):
        user = make_user(f"{role}-user", role, **fields)
        form = {"username": user.username, "password": PASSWORD}
        assert client.post("/login", data=form, base_url=HOSTILE).status_code == 302
        return user

    return do


@pytest.fixture
def unset(app):
    """Neither CHECKIN_PUBLIC_URL nor a served address: only the request's Host is left."""
    app.config["PUBLIC_URL"] = ""
    app.config["SERVED_URL"] = ""
    return app


@pytest.fixture
def running(db, event, make_delegate):
    """The event on now, a delegate with a phone, and an active pass for the first door."""
    event.starts_at = datetime.now(UTC) - timedelta(hours=1)
    event.ends_at = datetime.now(UTC) + timedelta(hours=6)
    db.commit()
    delegate = make_delegate(name="Siti Rahma", phone="+6281311112222", email="siti@example.id")
    issue_pass(db, event.doors[0])
    db.commit()
    return event, delegate


def pages(event, delegate) -> list[str]:
    admin = f"/e/{event.slug}/admin"
    return [
        f"{admin}/invitations",
        f"{admin}/delegates/{delegate.id}/invitation",
        f"{admin}/invitations/whatsapp",
        f"{admin}/invitations/message",
        f"{admin}/door-passes",
    ]


def downloads(event, delegate) -> list[tuple[str, str]]:
    admin = f"/e/{event.slug}/admin"
    invitation = f"{admin}/delegates/{delegate.id}/invitation"
    return [
        ("GET", f"{admin}/invitations/cards.pdf"),
        ("POST", f"{admin}/invitations/export.csv"),
        ("GET", f"{invitation}/qr.png"),
        ("GET", f"{invitation}/qr.svg"),
        ("GET", f"{invitation}/card.pdf"),
        ("GET", f"{admin}/door-passes/{event.doors[0].id}/qr.png"),
        ("POST", f"{admin}/invitations/regions/{delegate.region_id}/bundle.zip"),
    ]


def test_no_organiser_page_shows_a_link_on_the_host_a_client_sent(
    client, unset, hostile_login, running
):
    event, delegate = running
    hostile_login("admin")
    for path in pages(event, delegate):
        response = client.get(path, base_url=HOSTILE)
        assert response.status_code == 200, path
        body = response.get_data(as_text=True)
        assert "evil.example" not in body, path
        assert SETTING_LINK in body, path
    response = client.post(
        f"/e/{event.slug}/live/links", data={"label": "Proyektor"}, base_url=HOSTILE
    )
    body = response.get_data(as_text=True)
    assert "evil.example" not in body
    assert SETTING_LINK in body


def test_no_download_carries_a_link_on_the_host_a_client_sent(
    client, unset, hostile_login, running
):
    event, delegate = running
    hostile_login("admin")
    for method, path in downloads(event, delegate):
        response = client.open(path, method=method, base_url=HOSTILE)
        assert response.status_code == 409, path
        body = response.get_data(as_text=True)
        assert "evil.example" not in body, path
        assert "Alamat publik" in body and SETTING_LINK in body, path


def test_the_liaisons_pages_carry_no_link_on_the_host(client, unset, hostile_login, running):
    event, delegate = running
    hostile_login("liaison", region_id=delegate.region_id)
    page = client.get(f"/e/{event.slug}/liaison/whatsapp", base_url=HOSTILE)
    assert page.status_code == 200
    assert "evil.example" not in page.get_data(as_text=True)
    for method, path in [("GET", "cards.pdf"), ("POST", "links.csv")]:
        response = client.open(f"/e/{event.slug}/liaison/{path}", method=method, base_url=HOSTILE)
        assert response.status_code == 409, path
        body = response.get_data(as_text=True)
        assert "evil.example" not in body and "panitia" in body


def test_the_delegates_own_page_and_qr_carry_no_host(client, unset, running):
    _event, delegate = running
    page = client.get(f"/i/{delegate.secret}", base_url=HOSTILE).get_data(as_text=True)
    assert "evil.example" not in page
    qr = client.get(f"/i/{delegate.secret}/qr.png", base_url=HOSTILE)
    # No address known: the QR carries the bare secret, which every door reads.
    assert qr_text(qr.data) == delegate.secret


def test_a_walkin_gets_no_link_on_the_host(client, unset, hostile_login, running):
    event, _delegate = running
    hostile_login("admin")
    walkin = {"name": "Yohanes Ngau", "ormas": "GAMKI", "region_id": event.regions[2].id}
    response = client.post(
        f"/api/events/{event.slug}/walkins", json={**walkin, "gate": "Pintu Utama"},
        base_url=HOSTILE,
    )  # fmt: skip
    assert response.status_code == 201
    assert response.get_json()["invitation_url"] is None


def test_the_warning_links_to_the_field_in_pengaturan(client, unset, login, running):
    event, _delegate = running
    login("admin")
    overview = client.get(f"/e/{event.slug}/admin/invitations").get_data(as_text=True)
    assert SETTING_LINK in overview
    settings = client.get(f"/e/{event.slug}/admin/settings").get_data(as_text=True)
    assert 'id="public_url"' in settings and 'name="public_url"' in settings


def test_the_events_public_address_wins_everywhere(client, db, hostile_login, running):
    event, delegate = running
    event.public_url = EVENT_URL
    db.commit()
    hostile_login("admin")
    admin = f"/e/{event.slug}/admin"
    overview = client.get(f"{admin}/invitations", base_url=HOSTILE).get_data(as_text=True)
    assert SETTING_LINK not in overview
    page = client.get(f"{admin}/delegates/{delegate.id}/invitation", base_url=HOSTILE)
    assert f"{EVENT_URL}/i/{delegate.secret}" in page.get_data(as_text=True)
    passes = client.get(f"{admin}/door-passes", base_url=HOSTILE).get_data(as_text=True)
    assert f"{EVENT_URL}/door/{event.doors[0].pass_secret}" in passes
    qr = client.get(f"{admin}/delegates/{delegate.id}/invitation/qr.png", base_url=HOSTILE)
    assert qr_text(qr.data) == f"{EVENT_URL}/i/{delegate.secret}"
    own = client.get(f"/i/{delegate.secret}/qr.png", base_url=HOSTILE)
    assert qr_text(own.data) == f"{EVENT_URL}/i/{delegate.secret}"
    exported = client.post(f"{admin}/invitations/export.csv", base_url=HOSTILE)
    text = exported.data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert rows[0]["Tautan undangan"] == f"{EVENT_URL}/i/{delegate.secret}"
    share = client.post(
        f"/e/{event.slug}/live/links", data={"label": "Proyektor"}, base_url=HOSTILE
    )
    assert f'value="{EVENT_URL}/e/{event.slug}/live?share=' in share.get_data(as_text=True)
    assert client.get(f"{admin}/invitations/cards.pdf", base_url=HOSTILE).status_code == 200


def test_the_served_address_gives_links_when_nothing_is_configured(
    client, unset, hostile_login, running
):
    unset.config["SERVED_URL"] = SERVED
    event, delegate = running
    hostile_login("admin")
    passes = client.get(f"/e/{event.slug}/admin/door-passes", base_url=HOSTILE)
    assert f"{SERVED}door/{event.doors[0].pass_secret}" in passes.get_data(as_text=True)
    qr = client.get(f"/i/{delegate.secret}/qr.png", base_url=HOSTILE)
    assert qr_text(qr.data) == f"{SERVED}i/{delegate.secret}"


def test_pengaturan_shows_what_the_door_phones_will_open(client, login, running):
    event, _delegate = running
    login("admin")
    page = client.get(f"/e/{event.slug}/admin/settings").get_data(as_text=True)
    assert "https://checkin.example.id/door/" in page  # CHECKIN_PUBLIC_URL, the default
    assert "CHECKIN_PUBLIC_URL" in page


def _settings(**changes) -> dict:
    data = {
        "name": "Rakor Ormas 2024",
        "timezone": "Asia/Makassar",
        "doors": "Pintu Utama\nPintu Samping",
    }
    return data | changes


def test_pengaturan_saves_the_public_address(client, db, login, event):
    login("admin")
    settings = f"/e/{event.slug}/admin/settings"
    response = client.post(settings, data=_settings(public_url=f" {EVENT_URL}/ "))
    assert response.status_code == 302
    assert fresh(db, event).public_url == EVENT_URL
    page = client.get(settings).get_data(as_text=True)
    assert f'value="{EVENT_URL}"' in page and f"{EVENT_URL}/door/" in page
    # Emptied: back to the deployment's default.
    assert client.post(settings, data=_settings(public_url="")).status_code == 302
    assert fresh(db, event).public_url is None


@pytest.mark.parametrize(
    "value",
    [
        "undangan.kaltim.example",
        "ftp://undangan.kaltim.example",
        "javascript:alert(1)",
        "https://",
        "https://undangan.kaltim.example/?a=1",
        "https://undangan.kaltim.example/#x",
        "https://user:pw@undangan.kaltim.example",
        "https://undangan.kaltim.example:99999",
        "https://undangan kaltim.example",
        "https://undangan.kaltim.example/" + "a" * 300,
    ],
)
def test_pengaturan_refuses_a_bad_public_address(client, db, login, event, value):
    login("admin")
    response = client.post(f"/e/{event.slug}/admin/settings", data=_settings(public_url=value))
    assert response.status_code == 422
    assert "Alamat publik" in response.get_data(as_text=True)
    assert fresh(db, event).public_url is None
