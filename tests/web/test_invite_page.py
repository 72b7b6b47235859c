"""The delegate's invitation page /i/<secret>: one delegate, the QR, revoked and unknown codes."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
import zxingcpp
from PIL import Image

from checkin import create_app
from checkin.db import database
from checkin.invitations import new_secret, revoke_invitation
from checkin.models import CheckIn

PUBLIC = "https://checkin.example.id"


@pytest.fixture
def delegate(make_delegate, event):
    return make_delegate(
        name="Drs. H. Ahmad Syarifuddin, M.Si.",
        ormas="Pemuda Pancasila",
        position="Ketua",
        region=event.regions[3],
        phone="+6281234567890",
        email="ahmad@example.id",
    )


def test_invitation_page_shows_the_delegate_and_the_event(client, delegate):
    response = client.get(f"/i/{delegate.secret}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for text in (
        "Drs. H. Ahmad Syarifuddin, M.Si.",
        "Pemuda Pancasila",
        "Kabupaten Kutai Kartanegara",
        "Rapat Koordinasi Ormas se-Kalimantan Timur 2024",
        "Selasa, 15 Oktober 2024",
        "08:00 WITA",
        "Hotel Mercure Samarinda",
    ):
        assert text in page
    assert f"/i/{delegate.secret}/qr.svg" in page
    assert "Simpan QR" in page


def test_invitation_page_shows_nothing_of_other_delegates_or_private_data(
    client, delegate, make_delegate
):
    other = make_delegate(name="Orang Lain", ormas="Ormas Lain")
    page = client.get(f"/i/{delegate.secret}").get_data(as_text=True)
    assert other.name not in page and other.secret not in page
    assert delegate.phone not in page and delegate.email not in page
    assert "/logout" not in page


def test_invitation_page_never_leaks_its_url_as_referer(client, delegate):
    for path in ("", "/qr.png", "/qr.svg"):
        response = client.get(f"/i/{delegate.secret}{path}")
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "noindex" in response.headers["X-Robots-Tag"]


def test_invitation_page_has_a_privacy_notice(client, delegate):
    page = client.get(f"/i/{delegate.secret}").get_data(as_text=True)
    assert "Nomor 27 Tahun 2022" in page
    assert "Tujuan" in page and "Masa simpan" in page and "Kontak" in page


def test_invitation_page_shows_arrival_time_after_check_in(client, db, event, delegate):
    assert "Hadir pukul" not in client.get(f"/i/{delegate.secret}").get_data(as_text=True)
    db.add(
        CheckIn(
            event_id=event.id,
            delegate_id=delegate.id,
            checked_in_at=datetime(2024, 10, 15, 0, 12, tzinfo=UTC),
            gate="Pintu Utama",
        )
    )
    db.commit()
    page = client.get(f"/i/{delegate.secret}").get_data(as_text=True)
    assert "Hadir pukul 08:12 WITA" in page


def test_revoked_invitation_answers_410_with_a_clear_page(client, db, event, delegate):
    revoke_invitation(db, event, delegate.secret, reissue=False)
    db.commit()
    response = client.get(f"/i/{delegate.secret}")
    page = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "undangan ini sudah tidak berlaku" in page.lower()
    assert delegate.name not in page
    assert client.get(f"/i/{delegate.secret}/qr.png").status_code == 410


def test_replaced_invitation_answers_410_and_the_new_one_works(client, db, event, delegate):
    old = delegate.secret
    revoke_invitation(db, event, old, reissue=True)
    db.commit()
    assert client.get(f"/i/{old}").status_code == 410
    assert client.get(f"/i/{delegate.secret}").status_code == 200


@pytest.mark.parametrize("code", [new_secret(), "short", "a" * 200])
def test_unknown_invitation_answers_404_revealing_nothing(client, delegate, code):
    response = client.get(f"/i/{code}")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Rapat Koordinasi" not in page and delegate.name not in page


def test_qr_png_decodes_to_the_public_invitation_url(client, delegate):
    response = client.get(f"/i/{delegate.secret}/qr.png")
    assert response.mimetype == "image/png"
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.data)).convert("L"))
    assert [r.text for r in results] == [f"{PUBLIC}/i/{delegate.secret}"]


def test_qr_png_download_is_an_attachment(client, delegate):
    response = client.get(f"/i/{delegate.secret}/qr.png?download=1")
    assert response.headers["Content-Disposition"].startswith("attachment;")


def test_qr_svg_is_valid_xml(client, delegate):
    response = client.get(f"/i/{delegate.secret}/qr.svg")
    assert response.mimetype == "image/svg+xml"
    assert ET.fromstring(response.data).tag.endswith("svg")


def test_without_public_url_the_qr_uses_the_request_address(app_config, delegate):
    app = create_app({**app_config, "PUBLIC_URL": ""})
    try:
        response = app.test_client().get(
            f"/i/{delegate.secret}/qr.png", base_url="http://192.168.1.10:5000"
        )
        results = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.data)).convert("L"))
        assert [r.text for r in results] == [f"http://192.168.1.10:5000/i/{delegate.secret}"]
    finally:
        database(app).engine.dispose()


@pytest.fixture
def limited_client(app, app_config):
    # After `app`: the limiter is one object, and the app initialised last sets it on or off.
    app = create_app({**app_config, "RATELIMIT_ENABLED": True})
    yield app.test_client()
    database(app).engine.dispose()


def test_guessing_secrets_is_rate_limited(limited_client, delegate):
    statuses = [limited_client.get(f"/i/{new_secret()}").status_code for _ in range(61)]
    assert statuses[:60] == [404] * 60
    assert statuses[60] == 429
    # Once limited, the address gets no answers at all for a while, not even for real codes.
    assert limited_client.get(f"/i/{delegate.secret}").status_code == 429


def test_real_invitations_are_not_limited_like_guesses(limited_client, delegate):
    # A hall of delegates behind one hotel address opens real invitations many times.
    for _ in range(40):
        assert limited_client.get(f"/i/{delegate.secret}").status_code == 200
        assert limited_client.get(f"/i/{delegate.secret}/qr.svg").status_code == 200
