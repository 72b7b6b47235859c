"""The delegate's invitation page /i/<secret>: one delegate, the QR, revoked and unknown codes."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
import zxingcpp
from PIL import Image

from checkin import create_app
from checkin.db import database
from checkin.invitations import new_secret, revoke_invitation
from checkin.models import CheckIn, Delegate
from tests.conftest import csrf_token

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


def test_without_public_url_the_qr_uses_the_served_address_never_the_request(app_config, delegate):
    app = create_app({**app_config, "PUBLIC_URL": "", "SERVED_URL": "http://192.168.1.10:5000/"})
    try:
        response = app.test_client().get(
            f"/i/{delegate.secret}/qr.png", base_url="http://evil.example"
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


# --- link preview, opening, konfirmasi kehadiran ---------------------------------------------

PHONE_UA = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"


def meta(page: str, prop: str) -> str:
    match = re.search(rf'<meta property="{re.escape(prop)}" content="([^"]*)"', page)
    assert match, prop
    return match.group(1)


def test_link_preview_shows_the_name_the_event_and_a_generic_image(client, delegate):
    page = client.get(f"/i/{delegate.secret}").get_data(as_text=True)
    assert meta(page, "og:title") == "Undangan untuk Drs. H. Ahmad Syarifuddin, M.Si."
    description = meta(page, "og:description")
    assert "Rapat Koordinasi Ormas se-Kalimantan Timur 2024" in description
    assert "Selasa, 15 Oktober 2024" in description
    image = meta(page, "og:image")
    assert image == f"{PUBLIC}/static/img/invitation-og.png"
    assert delegate.secret not in image and "qr" not in image
    head = page.split("</head>")[0]
    for private in (delegate.ormas, delegate.phone, "Ketua", delegate.region.name):
        assert private not in head


def test_og_image_is_served(client):
    response = client.get("/static/img/invitation-og.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    response.close()


def test_first_opening_is_recorded_and_later_views_write_nothing(client, db, delegate):
    client.get(f"/i/{delegate.secret}", headers={"User-Agent": PHONE_UA})
    db.expire_all()
    first = db.get(Delegate, delegate.id).opened_at
    assert first is not None
    client.get(f"/i/{delegate.secret}", headers={"User-Agent": PHONE_UA})
    db.expire_all()
    assert db.get(Delegate, delegate.id).opened_at == first


@pytest.mark.parametrize("agent", ["WhatsApp/2.24.1.6 A", "facebookexternalhit/1.1"])
def test_link_preview_fetch_does_not_count_as_opened(client, db, delegate, agent):
    assert client.get(f"/i/{delegate.secret}", headers={"User-Agent": agent}).status_code == 200
    db.expire_all()
    assert db.get(Delegate, delegate.id).opened_at is None


def test_staff_looking_at_an_invitation_does_not_count_as_opened(client, db, login, delegate):
    login("admin")
    client.get(f"/i/{delegate.secret}", headers={"User-Agent": PHONE_UA})
    db.expire_all()
    assert db.get(Delegate, delegate.id).opened_at is None


def test_qr_image_alone_does_not_count_as_opened(client, db, delegate):
    client.get(f"/i/{delegate.secret}/qr.png", headers={"User-Agent": PHONE_UA})
    db.expire_all()
    assert db.get(Delegate, delegate.id).opened_at is None


def test_invitation_page_offers_the_confirmation_form(client, delegate, future_event):
    page = client.get(f"/i/{delegate.secret}").get_data(as_text=True)
    assert f'action="/i/{delegate.secret}/konfirmasi"' in page
    for value in ("akan_hadir", "berhalangan", "diwakilkan"):
        assert f'value="{value}"' in page
    assert 'name="substitute_mandate"' in page
    assert "Simpan QR ke galeri" in page


def test_invitation_page_never_shows_vip(client, db, delegate):
    delegate.is_vip = True
    db.commit()
    page = client.get(f"/i/{delegate.secret}").get_data(as_text=True)
    assert "VIP" not in page and "kehormatan" not in page


def test_privacy_notice_says_who_why_how_long_and_whom_to_ask(client, db, delegate):
    delegate.event.organizer = "Badan Kesbangpol Provinsi Kalimantan Timur"
    delegate.event.contact_name, delegate.event.contact_phone = "Rina", "+628115551234"
    db.commit()
    page = client.get(f"/i/{delegate.secret}").get_data(as_text=True)
    notice = page[page.index('class="invite-privacy"') :]
    for words in (
        "Undang-Undang Nomor 27 Tahun 2022",
        "Badan Kesbangpol Provinsi Kalimantan Timur",
        "Tujuan:",
        "dihapus setelah acara selesai",
        "Rina",
    ):
        assert words in notice


def confirm(client, delegate, **fields):
    return client.post(f"/i/{delegate.secret}/konfirmasi", data=fields)


@pytest.fixture
def future_event(db, delegate):
    # The confirmation closes when the event starts: move the event to next week.
    from checkin.db import utcnow

    delegate.event.starts_at = utcnow() + timedelta(days=7)
    db.commit()
    return delegate.event


def test_delegate_confirms_attendance(client, db, delegate, future_event):
    response = confirm(client, delegate, answer="akan_hadir")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/i/{delegate.secret}#konfirmasi")
    db.expire_all()
    assert db.get(Delegate, delegate.id).confirmation == "akan_hadir"
    page = client.get(f"/i/{delegate.secret}").get_data(as_text=True)
    assert "konfirmasi kehadiran Anda tersimpan" in page
    assert "Ubah konfirmasi" in page


def test_delegate_names_a_substitute_and_the_page_says_so(client, db, delegate, future_event):
    response = confirm(
        client,
        delegate,
        answer="diwakilkan",
        substitute_name="Hj. Nurul Hidayah, S.E.",
        substitute_position="Sekretaris",
        substitute_mandate="045/ST/PP-KT/X/2024",
    )
    assert response.status_code == 303
    page = client.get(f"/i/{delegate.secret}").get_data(as_text=True)
    assert "Hj. Nurul Hidayah, S.E." in page and "045/ST/PP-KT/X/2024" in page
    assert "pengganti yang Anda tunjuk" in page


def test_substitute_without_mandate_gets_readable_errors_and_keeps_the_input(
    client, db, delegate, future_event
):
    response = confirm(
        client,
        delegate,
        answer="diwakilkan",
        substitute_name="Budi Santoso",
        substitute_position="",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tulis jabatan pengganti di ormas." in page
    assert "Tulis nomor surat tugas/mandat untuk pengganti." in page
    assert 'value="Budi Santoso"' in page
    db.expire_all()
    assert db.get(Delegate, delegate.id).confirmation is None


def test_script_in_the_substitute_name_is_shown_as_text(client, delegate, future_event):
    confirm(
        client,
        delegate,
        answer="diwakilkan",
        substitute_name="<script>alert(1)</script> Budi",
        substitute_position="Ketua",
        substitute_mandate="1/ST/2024",
    )
    page = client.get(f"/i/{delegate.secret}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_confirmation_is_closed_once_the_event_started(client, db, delegate):
    # The test event started in 2024.
    page = client.get(f"/i/{delegate.secret}").get_data(as_text=True)
    assert "/konfirmasi" not in page.split("invite-confirm", 1)[1].split("</section>")[0]
    response = confirm(client, delegate, answer="berhalangan")
    assert response.status_code == 303
    db.expire_all()
    assert db.get(Delegate, delegate.id).confirmation is None
    assert "sudah ditutup" in client.get(f"/i/{delegate.secret}").get_data(as_text=True)


def test_confirming_an_unknown_or_revoked_invitation_changes_nothing(client, db, event, delegate):
    assert client.post(f"/i/{new_secret()}/konfirmasi", data={"answer": "hadir"}).status_code == 404
    revoke_invitation(db, event, delegate.secret, reissue=False)
    db.commit()
    assert confirm(client, delegate, answer="akan_hadir").status_code == 410


def test_confirmation_form_works_with_csrf_protection(csrf_client, db, delegate, future_event):
    page = csrf_client.get(f"/i/{delegate.secret}").get_data(as_text=True)
    token = csrf_token(page)
    refused = csrf_client.post(f"/i/{delegate.secret}/konfirmasi", data={"answer": "akan_hadir"})
    assert refused.status_code == 400
    accepted = csrf_client.post(
        f"/i/{delegate.secret}/konfirmasi", data={"answer": "akan_hadir", "csrf_token": token}
    )
    assert accepted.status_code == 303
    db.expire_all()
    assert db.get(Delegate, delegate.id).confirmation == "akan_hadir"
