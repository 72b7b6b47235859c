"""The organiser's invitation pages: access, cards, CSV, message editor, e-mail, revoke/reissue."""

from __future__ import annotations

import csv
import email
import email.policy
import io
import zipfile
from datetime import timedelta
from urllib.parse import unquote

import pytest
import zxingcpp
from aiosmtpd.controller import Controller
from PIL import Image
from sqlalchemy import select

from checkin import audit, create_app
from checkin.db import database, utcnow
from checkin.invitations import invitation_url
from checkin.models import AuditLog, Delegate, RevokedSecret
from tests.conftest import PASSWORD, csrf_token, sign_in
from tests.servers import free_port

PUBLIC = "https://checkin.example.id"


@pytest.fixture
def delegate(make_delegate, event):
    return make_delegate(
        name="Hj. Siti Aminah, S.Pd.",
        ormas="Aisyiyah",
        region=event.regions[10],
        phone="+6281234567890",
        email="siti@example.id",
    )


def routes(slug: str, delegate_id: int) -> list[tuple[str, str]]:
    one = f"/e/{slug}/admin/delegates/{delegate_id}/invitation"
    return [
        ("GET", f"/e/{slug}/admin/invitations"),
        ("GET", f"/e/{slug}/admin/invitations/cards.pdf"),
        ("POST", f"/e/{slug}/admin/invitations/export.csv"),
        ("GET", f"/e/{slug}/admin/invitations/message"),
        ("POST", f"/e/{slug}/admin/invitations/message/preview"),
        ("GET", f"/e/{slug}/admin/invitations/email"),
        ("POST", f"/e/{slug}/admin/invitations/email/send"),
        ("GET", one),
        ("GET", f"{one}/qr.png"),
        ("GET", f"{one}/qr.svg"),
        ("GET", f"{one}/card.pdf"),
        ("POST", f"{one}/revoke"),
        ("POST", f"{one}/email"),
        ("POST", f"{one}/sent"),
        ("POST", f"{one}/vip"),
        ("POST", f"{one}/confirmation"),
        ("GET", f"/e/{slug}/admin/invitations/status"),
        ("GET", f"/e/{slug}/admin/invitations/whatsapp"),
        ("POST", f"/e/{slug}/admin/invitations/whatsapp/{delegate_id}/sent"),
        ("POST", f"/e/{slug}/admin/invitations/message/settings"),
        ("POST", f"/e/{slug}/admin/invitations/regions/1/bundle.zip"),
    ]


def test_invitation_pages_send_anonymous_visitors_to_login(client, event, delegate):
    for method, path in routes(event.slug, delegate.id):
        response = client.open(path, method=method)
        assert response.status_code == 302, path
        assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["door", "viewer", "liaison"])
def test_invitation_pages_are_forbidden_to_other_roles(client, login, event, delegate, role):
    login(role)
    for method, path in routes(event.slug, delegate.id):
        assert client.open(path, method=method).status_code == 403, path
    assert delegate.revoked_at is None


def test_invitation_pages_open_for_organisers(client, login, event, delegate):
    login("admin")
    for method, path in routes(event.slug, delegate.id):
        if method == "GET":
            assert client.get(path).status_code == 200, path


def test_delegate_of_another_event_is_not_found(client, login, db, event, delegate):
    from checkin.events import create_event

    other = create_event(db, "rakor-2025", name="Rakor 2025")
    db.commit()
    login("admin")
    response = client.get(f"/e/{other.slug}/admin/delegates/{delegate.id}/invitation")
    assert response.status_code == 404


def test_overview_counts_invitations(client, login, event, delegate, make_delegate):
    make_delegate(phone=None, email=None)
    login("admin")
    page = client.get(f"/e/{event.slug}/admin/invitations").get_data(as_text=True)
    assert 'id="count-invited">2<' in page
    assert "Kota Samarinda" in page


def test_home_page_links_organisers_to_invitations(client, login, event):
    login("admin")
    page = client.get("/").get_data(as_text=True)
    assert f"/e/{event.slug}/admin/invitations" in page


# --- files ---------------------------------------------------------------------------------


def test_cards_pdf_for_everyone_and_one_region(client, login, event, delegate, make_delegate):
    make_delegate(region=event.regions[1])
    login("admin")
    everyone = client.get(f"/e/{event.slug}/admin/invitations/cards.pdf")
    assert everyone.mimetype == "application/pdf" and everyone.data.startswith(b"%PDF")
    region = client.get(
        f"/e/{event.slug}/admin/invitations/cards.pdf?region={event.regions[10].id}"
    )
    assert region.status_code == 200
    assert "kota-samarinda" in region.headers["Content-Disposition"]
    assert (
        client.get(f"/e/{event.slug}/admin/invitations/cards.pdf?region=99999").status_code == 404
    )


def test_csv_export_button_downloads_links_and_is_audited(client, login, db, event, delegate):
    user = login("admin")
    assert client.get(f"/e/{event.slug}/admin/invitations/export.csv").status_code == 405
    response = client.post(f"/e/{event.slug}/admin/invitations/export.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    # The office's form: Excel set to Indonesian opens it as it is.
    assert response.data.startswith(b"\xef\xbb\xbfNama;Ormas;Wilayah;Tingkat;Nomor HP;")
    text = response.data.decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert row["Nama"] == "Hj. Siti Aminah, S.Pd."
    assert row["Nomor HP"] == "0812 3456 7890"
    assert row["Tautan undangan"] == invitation_url(PUBLIC, delegate.secret)
    log = db.scalar(select(AuditLog).where(AuditLog.action == "export_invitations"))
    assert log.user_id == user.id


def test_delegate_qr_downloads_carry_the_invitation_url(client, login, event, delegate):
    login("admin")
    base = f"/e/{event.slug}/admin/delegates/{delegate.id}/invitation"
    png = client.get(f"{base}/qr.png?download=1")
    assert png.headers["Content-Disposition"].startswith("attachment;")
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.data)).convert("L"))
    assert [r.text for r in results] == [invitation_url(PUBLIC, delegate.secret)]
    assert client.get(f"{base}/qr.svg").mimetype == "image/svg+xml"
    assert client.get(f"{base}/qr.gif").status_code == 404
    assert client.get(f"{base}/card.pdf").data.startswith(b"%PDF")


def test_delegate_page_offers_whatsapp_with_the_rendered_message(client, login, event, delegate):
    login("admin")
    page = client.get(f"/e/{event.slug}/admin/delegates/{delegate.id}/invitation")
    html = page.get_data(as_text=True)
    assert "https://wa.me/6281234567890?text=" in html
    link = html.split("https://wa.me/6281234567890?text=")[1].split('"')[0]
    text = unquote(link)
    assert "Yth. Bapak/Ibu Hj. Siti Aminah, S.Pd." in text
    assert invitation_url(PUBLIC, delegate.secret) in text


def test_delegate_page_without_phone_has_no_whatsapp_link(client, login, event, make_delegate):
    person = make_delegate(phone=None)
    login("admin")
    html = client.get(f"/e/{event.slug}/admin/delegates/{person.id}/invitation").get_data(
        as_text=True
    )
    assert "wa.me" not in html


# --- revoke and reissue --------------------------------------------------------------------


def test_revoke_button_revokes(client, login, db, event, delegate):
    login("admin")
    response = client.post(f"/e/{event.slug}/admin/delegates/{delegate.id}/invitation/revoke")
    assert response.status_code == 302
    db.expire_all()
    assert db.get(Delegate, delegate.id).revoked_at is not None
    assert client.get(f"/i/{delegate.secret}").status_code == 410


def test_reissue_button_gives_a_new_secret(client, login, db, event, delegate):
    old = delegate.secret
    login("admin")
    client.post(
        f"/e/{event.slug}/admin/delegates/{delegate.id}/invitation/revoke", data={"reissue": "1"}
    )
    db.expire_all()
    fresh = db.get(Delegate, delegate.id)
    assert fresh.secret != old and fresh.revoked_at is None
    assert db.scalar(select(RevokedSecret).where(RevokedSecret.secret == old)) is not None
    page = client.get(f"/e/{event.slug}/admin/delegates/{delegate.id}/invitation")
    assert fresh.secret in page.get_data(as_text=True)


def test_revoke_without_csrf_token_is_refused(csrf_client, make_user, db, event, delegate):
    make_user("panitia", "admin")
    sign_in(csrf_client, "panitia")
    revoke = f"/e/{event.slug}/admin/delegates/{delegate.id}/invitation/revoke"
    assert csrf_client.post(revoke).status_code == 400
    db.expire_all()
    assert db.get(Delegate, delegate.id).revoked_at is None
    db.rollback()  # end the test's write transaction: the app's next request writes
    page = csrf_client.get(revoke.removesuffix("/revoke")).get_data(as_text=True)
    token = csrf_token(page)
    assert csrf_client.post(revoke, data={"csrf_token": token}).status_code == 302


# --- message template ----------------------------------------------------------------------


def test_message_editor_saves_a_valid_template(client, login, db, event, delegate):
    login("admin")
    response = client.post(
        f"/e/{event.slug}/admin/invitations/message",
        data={"action": "save", "message": "Halo {nama} ({ormas})\n{tautan_undangan}"},
    )
    assert response.status_code == 302
    db.expire_all()
    assert db.get(type(event), event.id).invitation_message.startswith("Halo {nama}")
    page = client.get(f"/e/{event.slug}/admin/delegates/{delegate.id}/invitation")
    assert "Halo Hj. Siti Aminah, S.Pd. (Aisyiyah)" in page.get_data(as_text=True)


def test_message_editor_refuses_unknown_placeholder_and_saves_nothing(
    client, login, db, event, delegate
):
    login("admin")
    response = client.post(
        f"/e/{event.slug}/admin/invitations/message",
        data={"action": "save", "message": "Halo {nama_lengkap}\n{tautan_undangan}"},
    )
    assert response.status_code == 422
    assert "{nama_lengkap}" in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(type(event), event.id).invitation_message is None


def test_message_preview_renders_for_a_real_delegate(client, login, event, delegate):
    login("admin")
    response = client.post(
        f"/e/{event.slug}/admin/invitations/message/preview",
        json={"message": "Yth. {nama} – {wilayah}\n{tautan_undangan}", "delegate": delegate.id},
    )
    assert response.status_code == 200
    data = response.get_json()
    assert data["text"].startswith("Yth. Hj. Siti Aminah, S.Pd. – Kota Samarinda\n")
    assert data["whatsapp_url"].startswith("https://wa.me/6281234567890?text=Yth.")


def test_message_preview_of_a_bad_template_is_a_json_error(client, login, event, delegate):
    login("admin")
    response = client.post(
        f"/e/{event.slug}/admin/invitations/message/preview",
        json={"message": "Yth. {siapa}"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 422
    assert "{siapa}" in response.get_json()["message"]


def test_message_reset_returns_to_the_default(client, login, db, event, delegate):
    login("admin")
    client.post(
        f"/e/{event.slug}/admin/invitations/message",
        data={"action": "save", "message": "Halo {nama}\n{tautan_undangan}"},
    )
    client.post(f"/e/{event.slug}/admin/invitations/message", data={"action": "reset"})
    db.expire_all()
    assert db.get(type(event), event.id).invitation_message is None


# --- e-mail --------------------------------------------------------------------------------


class Collector:
    def __init__(self) -> None:
        self.recipients: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.recipients.extend(envelope.rcpt_tos)
        return "250 OK"


@pytest.fixture
def smtp_app(app, app_config):
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    mail_app = create_app(
        {
            **app_config,
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": controller.port,
            "SMTP_FROM": "panitia@example.id",
            "SMTP_STARTTLS": False,
        }
    )
    yield mail_app, handler
    controller.stop()
    database(mail_app).engine.dispose()


def test_email_page_without_smtp_explains_the_settings(client, login, event, delegate):
    login("admin")
    page = client.get(f"/e/{event.slug}/admin/invitations/email").get_data(as_text=True)
    assert "CHECKIN_SMTP_HOST" in page
    response = client.post(f"/e/{event.slug}/admin/invitations/email/send")
    assert response.status_code == 422


def test_bulk_email_sends_once_and_reports_progress(
    smtp_app, make_user, event, delegate, make_delegate
):
    mail_app, handler = smtp_app
    make_delegate(email=None, name="Tanpa Surel")
    make_user("panitia", "admin")
    client = mail_app.test_client()
    client.post("/login", data={"username": "panitia", "password": PASSWORD})
    page = client.get(f"/e/{event.slug}/admin/invitations/email").get_data(as_text=True)
    assert "Tanpa Surel" in page
    url = f"/e/{event.slug}/admin/invitations/email/send"
    first = client.post(url, json={"after_id": 0}, headers={"Accept": "application/json"})
    assert first.get_json() == {
        "sent": 1,
        "failed": [],
        "last_id": delegate.id,
        "remaining": 0,
        "done": True,
    }
    again = client.post(url, json={"after_id": 0}, headers={"Accept": "application/json"})
    assert again.get_json()["sent"] == 0
    assert handler.recipients == ["siti@example.id"]
    resend = client.post(url, data={"resend": "1"})
    assert resend.status_code == 200
    assert "1 terkirim" in resend.get_data(as_text=True)
    assert handler.recipients == ["siti@example.id", "siti@example.id"]


def test_delegate_email_button_sends_one(smtp_app, make_user, db, event, delegate):
    mail_app, handler = smtp_app
    make_user("panitia", "admin")
    client = mail_app.test_client()
    client.post("/login", data={"username": "panitia", "password": PASSWORD})
    response = client.post(f"/e/{event.slug}/admin/delegates/{delegate.id}/invitation/email")
    assert response.status_code == 302
    assert handler.recipients == ["siti@example.id"]
    db.expire_all()
    assert db.get(Delegate, delegate.id).emailed_at is not None


# --- delivery status, VIP, bundle, message settings ------------------------------------------


def test_status_page_counts_and_lists_who_to_chase(client, db, login, event, make_delegate):
    smd = event.regions[10]
    sent = make_delegate(name="Sudah Terkirim", region=smd, ormas="KNPI")
    make_delegate(name="Belum Terkirim", region=smd, ormas="KNPI")
    sent.sent_at, sent.sent_via = utcnow(), "dicetak"
    db.commit()
    login("admin")
    page = client.get(f"/e/{event.slug}/admin/invitations/status?status=belum_dikirim")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    listing = text[text.index('id="daftar"') :]
    assert "Belum Terkirim" in listing and "Sudah Terkirim" not in listing
    assert "Belum dikirim (1)" in text and "Belum dibuka (1)" in text
    unopened = client.get(f"/e/{event.slug}/admin/invitations/status?status=terkirim")
    listing = unopened.get_data(as_text=True).split('id="daftar"')[1]
    assert "Sudah Terkirim" in listing and "Dicetak" in listing


def test_status_page_per_ormas_with_search(client, login, event, make_delegate):
    make_delegate(ormas="Gerakan Pemuda Ansor")
    make_delegate(ormas="KNPI")
    login("admin")
    page = client.get(f"/e/{event.slug}/admin/invitations/status?by=ormas&q=ansor")
    text = page.get_data(as_text=True)
    assert "Per ormas (1)" in text and "Gerakan Pemuda Ansor" in text
    table = text[text.index("Per ormas") : text.index('id="daftar"')]
    assert "KNPI" not in table


def test_status_page_shows_expected_attendance(client, db, login, event, make_delegate):
    a, b, _ = make_delegate(), make_delegate(), make_delegate()
    a.confirmation, b.confirmation = "akan_hadir", "diwakilkan"
    b.substitute_name = "Budi Pengganti"
    db.commit()
    login("admin")
    text = client.get(f"/e/{event.slug}/admin/invitations/status").get_data(as_text=True)
    assert "<strong>2</strong> dari 3 diundang akan hadir" in text
    assert "Budi Pengganti" in text


def test_status_page_region_of_another_event_is_not_found(client, login, event):
    login("admin")
    assert client.get(f"/e/{event.slug}/admin/invitations/status?region=99999").status_code == 404


@pytest.mark.parametrize("channel", ["whatsapp", "email", "dicetak", "liaison"])
def test_organiser_records_how_an_invitation_was_sent(client, db, login, event, delegate, channel):
    user = login("admin")
    url = f"/e/{event.slug}/admin/delegates/{delegate.id}/invitation/sent"
    assert client.post(url, data={"channel": channel}).status_code == 302
    db.expire_all()
    got = db.get(Delegate, delegate.id)
    assert (got.sent_via, got.sent_by_id) == (channel, user.id)


def test_unknown_channel_is_refused(client, db, login, event, delegate):
    login("admin")
    url = f"/e/{event.slug}/admin/delegates/{delegate.id}/invitation/sent"
    assert client.post(url, data={"channel": "merpati"}).status_code == 422
    db.expire_all()
    assert db.get(Delegate, delegate.id).sent_at is None


def test_organiser_marks_and_unmarks_vip(client, db, login, event, delegate):
    login("admin")
    page_url = f"/e/{event.slug}/admin/delegates/{delegate.id}/invitation"
    client.post(f"{page_url}/vip", data={"is_vip": "1"})
    assert "Hapus tanda VIP" in client.get(page_url).get_data(as_text=True)
    db.expire_all()
    assert db.get(Delegate, delegate.id).is_vip is True
    db.commit()  # end the test session's transaction: a later read must see the next change
    client.post(f"{page_url}/vip", data={"is_vip": "0"})
    db.expire_all()
    assert db.get(Delegate, delegate.id).is_vip is False


def test_organiser_records_a_confirmation_given_by_phone(client, db, login, event, delegate):
    event.starts_at = utcnow() + timedelta(days=3)
    db.commit()
    login("admin")
    url = f"/e/{event.slug}/admin/delegates/{delegate.id}/invitation/confirmation"
    client.post(url, data={"answer": "berhalangan"})
    db.expire_all()
    assert db.get(Delegate, delegate.id).confirmation == "berhalangan"
    db.commit()  # end the read, so the next one sees what the app wrote since
    response = client.post(url, data={"answer": "diwakilkan"}, follow_redirects=True)
    assert "Tulis nama lengkap pengganti." in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(Delegate, delegate.id).confirmation == "berhalangan"


def test_delegate_page_shows_the_delivery_status(client, db, login, event, delegate):
    delegate.sent_at, delegate.sent_via, delegate.opened_at = utcnow(), "whatsapp", utcnow()
    db.commit()
    login("admin")
    page = client.get(f"/e/{event.slug}/admin/delegates/{delegate.id}/invitation")
    text = page.get_data(as_text=True)
    assert "inv-status--dibuka" in text and "WhatsApp" in text


def test_region_bundle_has_cards_links_and_a_note_and_is_audited(
    client, db, login, event, delegate, make_delegate
):
    make_delegate(name="Di Balikpapan", region=event.regions[8])
    user = login("admin")
    region = delegate.region
    response = client.post(f"/e/{event.slug}/admin/invitations/regions/{region.id}/bundle.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "kota-samarinda" in response.headers["Content-Disposition"]
    bundle = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(bundle.namelist()) == [
        "PETUNJUK.txt",
        "kartu-undangan.pdf",
        "tautan-undangan.csv",
    ]
    assert bundle.read("kartu-undangan.pdf").startswith(b"%PDF")
    links = bundle.read("tautan-undangan.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(links), delimiter=";"))
    assert [r["Nama"] for r in rows] == [delegate.name]
    assert rows[0]["Tautan WhatsApp"].startswith("https://wa.me/6281234567890?text=")
    assert "Kota Samarinda" in bundle.read("PETUNJUK.txt").decode("utf-8")
    entry = db.scalar(select(AuditLog).where(AuditLog.action == "export_region_bundle"))
    assert entry.user_id == user.id
    assert audit.entry_fields(entry) == {"region": "Kota Samarinda", "rows": 1}


def test_region_bundle_of_another_event_is_not_found(client, login, event):
    login("admin")
    response = client.post(f"/e/{event.slug}/admin/invitations/regions/99999/bundle.zip")
    assert response.status_code == 404


def test_message_settings_are_saved_and_used_in_the_preview(client, db, login, event, delegate):
    login("admin")
    response = client.post(
        f"/e/{event.slug}/admin/invitations/message/settings",
        data={
            "letter_number": "005/77/Kesbangpol",
            "letter_date": "2024-10-01",
            "letter_signatory": "Kepala Badan Kesbangpol Provinsi Kalimantan Timur",
            "registration_time": "07.30",
            "greeting": "inklusif",
        },
    )
    assert response.status_code == 302
    db.expire_all()
    saved = db.get(type(event), event.id)
    assert saved.letter_number == "005/77/Kesbangpol" and saved.greeting_opening
    page = client.get(f"/e/{event.slug}/admin/invitations/message?delegate={delegate.id}")
    text = page.get_data(as_text=True)
    assert "Nomor 005/77/Kesbangpol tanggal 1 Oktober 2024" in text
    assert "Om Swastiastu" in text and 'value="07:30"' in text


def test_bad_message_settings_flash_a_reason_and_change_nothing(client, db, login, event):
    login("admin")
    response = client.post(
        f"/e/{event.slug}/admin/invitations/message/settings",
        data={"letter_number": "005/77", "letter_date": "", "greeting": "netral"},
        follow_redirects=True,
    )
    assert "Isi nomor dan tanggal surat bersama-sama" in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(type(event), event.id).letter_number is None


def test_reminder_template_is_edited_on_its_own_tab(client, db, login, event, delegate):
    login("admin")
    page = client.get(f"/e/{event.slug}/admin/invitations/message?kind=pengingat")
    assert "mengingatkan" in page.get_data(as_text=True)
    client.post(
        f"/e/{event.slug}/admin/invitations/message?kind=pengingat",
        data={"kind": "pengingat", "action": "save", "message": "Besok {nama}\n{tautan_undangan}"},
    )
    db.expire_all()
    saved = db.get(type(event), event.id)
    assert saved.reminder_message == "Besok {nama}\n{tautan_undangan}"
    assert saved.invitation_message is None
