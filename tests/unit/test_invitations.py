"""Invitation secrets, URLs, QR images, the message template, WhatsApp links, revoking, export."""

from __future__ import annotations

import base64
import csv
import io
import re
import secrets
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from urllib.parse import unquote

import pytest
import zxingcpp
from PIL import Image, ImageDraw
from sqlalchemy import select

from checkin import invitations, sending
from checkin.errors import InvalidInput, InvitationRevoked, UnknownCode
from checkin.invitations import (
    MAX_QR_VERSION,
    invitation_url,
    new_secret,
    qr_png,
    qr_svg,
    revoke_invitation,
)
from checkin.models import AuditLog, RevokedSecret
from checkin.sending import DEFAULT_MESSAGE, check_template, render_message, whatsapp_link

BASE = "https://checkin.example.id"


def decode(image: Image.Image) -> list:
    return zxingcpp.read_barcodes(image.convert("L"))


# --- secrets and URLs ----------------------------------------------------------------------


def test_new_secret_has_at_least_128_random_bits_and_is_urlsafe():
    secret = new_secret()
    assert re.fullmatch(r"[A-Za-z0-9_-]+", secret)
    raw = base64.urlsafe_b64decode(secret + "=" * (-len(secret) % 4))
    assert len(raw) * 8 >= 128


def test_new_secret_is_distinct_every_time():
    secrets = {new_secret() for _ in range(5000)}
    assert len(secrets) == 5000


def test_delegate_secrets_are_not_derived_from_ids_or_names(make_delegate):
    # Two people of one name, ormas and region: their ids (the organiser's) tell them apart.
    first = make_delegate(name="Budi", ormas="Pemuda Pancasila", external_id="P-1")
    second = make_delegate(name="Budi", ormas="Pemuda Pancasila", external_id="P-2")
    assert first.secret != second.secret
    assert "budi" not in first.secret.lower()


def test_new_secret_comes_from_the_os_random_source(monkeypatch):
    calls = []

    def fake_token(nbytes):
        calls.append(nbytes)
        return "from-secrets-module"

    monkeypatch.setattr(secrets, "token_urlsafe", fake_token)
    assert new_secret() == "from-secrets-module"
    assert calls[0] >= 16


def test_invitation_url_is_base_slash_i_slash_secret():
    assert invitation_url(BASE + "/", "abc") == f"{BASE}/i/abc"
    assert invitation_url(BASE, "abc") == f"{BASE}/i/abc"


@pytest.mark.parametrize(
    "text",
    [
        "SECRET_abcdefghijklmnopqrstuvwxy",
        f"{BASE}/i/SECRET_abcdefghijklmnopqrstuvwxy",
        f"{BASE}/i/SECRET_abcdefghijklmnopqrstuvwxy?utm=wa",
        f"  {BASE}/i/SECRET_abcdefghijklmnopqrstuvwxy/  ",
    ],
)
def test_parse_code_takes_url_or_bare_secret(text):
    assert invitations.parse_code(text) == "SECRET_abcdefghijklmnopqrstuvwxy"


# --- QR images ----------------------------------------------------------------------------


def test_qr_png_decodes_to_exactly_the_invitation_url():
    url = invitation_url(BASE, new_secret())
    results = decode(Image.open(io.BytesIO(qr_png(url))))
    assert [r.text for r in results] == [url]


def test_qr_png_is_small_version_with_error_correction_m():
    url = invitation_url(BASE, new_secret())
    (result,) = decode(Image.open(io.BytesIO(qr_png(url))))
    assert int(result.extra["Version"]) <= MAX_QR_VERSION
    assert result.extra["ECLevel"] in ("M", "Q", "H")


def test_qr_version_stays_at_most_5_for_a_long_government_address():
    url = invitation_url("https://undangan.kesbangpol.kaltimprov.go.id", new_secret())
    assert invitations.qr_version(url) <= MAX_QR_VERSION


def test_qr_png_is_black_on_white_with_quiet_zone():
    image = Image.open(io.BytesIO(qr_png(invitation_url(BASE, new_secret()), scale=10)))
    image = image.convert("L")
    # The quiet zone: four white modules (40 px) all around.
    for x in range(0, image.width, 7):
        assert image.getpixel((x, 5)) == 255
        assert image.getpixel((x, image.height - 5)) == 255
    assert image.getpixel((45, 45)) == 0  # the finder pattern's corner


def svg_to_image(svg: str, scale: int = 10) -> Image.Image:
    """Rasterise our own SVG (a white rect and one path of unit-height runs)."""
    root = ET.fromstring(svg)
    size = int(root.attrib["viewBox"].split()[2])
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    path = root.find("{http://www.w3.org/2000/svg}path").attrib["d"]
    for x, y, length in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", path):
        x, y, length = int(x), int(y), int(length)
        draw.rectangle(
            [x * scale, y * scale, (x + length) * scale - 1, (y + 1) * scale - 1], fill=0
        )
    return image


def test_qr_svg_is_valid_xml_that_decodes_to_the_url():
    url = invitation_url(BASE, new_secret())
    svg = qr_svg(url)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert [r.text for r in decode(svg_to_image(svg))] == [url]


# --- the message ---------------------------------------------------------------------------


@pytest.fixture
def delegate(make_delegate):
    return make_delegate(
        name="Drs. H. Ahmad Syarifuddin, M.Si.",
        ormas="Pemuda Pancasila",
        position="Ketua",
        phone="+6281234567890",
    )


def test_default_message_names_delegate_event_and_link_alone_on_its_line(db, event, delegate):
    text = sending.invitation_message(event, delegate, BASE)
    url = invitation_url(BASE, delegate.secret)
    assert "Yth. Bapak/Ibu Drs. H. Ahmad Syarifuddin, M.Si." in text
    assert "*Pemuda Pancasila*" in text
    assert "Kabupaten Berau" in text
    assert "Selasa, 15 Oktober 2024" in text
    assert "08:00 WITA" in text
    assert "Hotel Mercure Samarinda" in text
    assert url in text.splitlines()


def test_message_leaves_out_lines_whose_values_are_all_missing(db, event, delegate):
    assert event.map_url is None and event.contact_name is None
    text = sending.invitation_message(event, delegate, BASE)
    assert "Lokasi:" not in text
    assert "Narahubung:" not in text
    assert "{" not in text
    assert "\n\n\n" not in text


def test_message_shows_optional_lines_once_the_event_has_them(db, event, delegate):
    event.map_url = "https://maps.app.goo.gl/xyz"
    event.contact_name, event.contact_phone = "Rina", "+628115551234"
    text = sending.invitation_message(event, delegate, BASE)
    assert "Lokasi: https://maps.app.goo.gl/xyz" in text
    assert "Narahubung: Rina (+628115551234)" in text


def test_render_message_missing_value_renders_empty():
    out = render_message("Halo {nama} dari {ormas}\n{tautan_undangan}", {"nama": "Budi"})
    assert out.splitlines()[0] == "Halo Budi dari"


def test_template_with_unknown_placeholder_is_a_readable_error():
    with pytest.raises(InvalidInput) as info:
        check_template("Halo {nama_lengkap}, {tautan_undangan}")
    assert "{nama_lengkap}" in info.value.message
    assert "tidak dikenal" in info.value.message


def test_template_with_unbalanced_brace_is_refused():
    with pytest.raises(InvalidInput, match="pasangan"):
        check_template("Halo {nama, {tautan_undangan}")


def test_template_without_the_link_is_refused():
    with pytest.raises(InvalidInput, match="tautan_undangan"):
        check_template("Halo {nama}")


def test_template_attribute_access_is_not_a_placeholder():
    with pytest.raises(InvalidInput):
        check_template("{nama.__class__} {tautan_undangan}")


def test_set_invitation_message_stores_custom_text_and_default_as_none(db, event, delegate):
    sending.set_invitation_message(db, event, "Halo {nama}\r\n{tautan_undangan}")
    db.commit()
    assert event.invitation_message == "Halo {nama}\n{tautan_undangan}"
    text = sending.invitation_message(event, delegate, BASE)
    assert text == f"Halo {delegate.name}\n{invitation_url(BASE, delegate.secret)}"
    sending.set_invitation_message(db, event, DEFAULT_MESSAGE)
    assert event.invitation_message is None


# --- WhatsApp ------------------------------------------------------------------------------


def test_whatsapp_link_uses_62_number_and_encodes_the_message():
    text = "Yth. Bapak/Ibu Budi\n*Rakor* & makan siang?\nhttps://x.id/i/abc"
    link = whatsapp_link("+6281234567890", text)
    number, _, query = link.removeprefix("https://wa.me/").partition("?text=")
    assert number == "6281234567890"
    assert "%0A" in query and " " not in query and "&" not in query
    assert unquote(query) == text


@pytest.mark.parametrize("phone", ["0812-3456-7890", "+62 812 3456 7890", "6281234567890"])
def test_whatsapp_link_accepts_phones_as_written(phone):
    assert whatsapp_link(phone, "x").startswith("https://wa.me/6281234567890?")


@pytest.mark.parametrize("phone", [None, "", "-"])
def test_whatsapp_link_without_phone_is_none(phone):
    assert whatsapp_link(phone, "x") is None


# --- revoking and reissuing ----------------------------------------------------------------


def test_revoke_without_reissue_marks_the_delegate_revoked(db, event, delegate):
    now = datetime(2024, 10, 14, 3, 0, tzinfo=UTC)
    secret = delegate.secret
    revoked = revoke_invitation(db, event, secret, reissue=False, now=now)
    db.commit()
    assert revoked.id == delegate.id
    assert delegate.revoked_at == now
    assert delegate.secret == secret
    with pytest.raises(InvitationRevoked):
        invitations.open_invitation(db, secret)


def test_reissue_moves_old_secret_to_revoked_and_gives_a_new_one(db, event, delegate):
    old = delegate.secret
    delegate.emailed_at = datetime(2024, 10, 1, tzinfo=UTC)
    revoke_invitation(db, event, invitation_url(BASE, old), reissue=True)
    db.commit()
    assert delegate.secret != old and len(delegate.secret) >= 22
    assert delegate.revoked_at is None
    assert delegate.emailed_at is None  # the new link has not been sent yet
    row = db.scalar(select(RevokedSecret).where(RevokedSecret.secret == old))
    assert row.delegate_id == delegate.id and row.event_id == event.id
    assert invitations.open_invitation(db, delegate.secret).id == delegate.id
    with pytest.raises(InvitationRevoked):
        invitations.open_invitation(db, old)


def test_reissue_after_revoke_restores_the_invitation(db, event, delegate):
    revoke_invitation(db, event, delegate.secret, reissue=False)
    revoke_invitation(db, event, delegate.secret, reissue=True)
    db.commit()
    assert delegate.revoked_at is None
    assert invitations.open_invitation(db, delegate.secret).id == delegate.id


def test_revoke_unknown_code_is_a_clear_error(db, event, delegate):
    with pytest.raises(UnknownCode) as info:
        revoke_invitation(db, event, new_secret(), reissue=False)
    assert "tidak dikenal" in info.value.message


def test_revoke_a_replaced_code_says_it_was_revoked(db, event, delegate):
    old = delegate.secret
    revoke_invitation(db, event, old, reissue=True)
    with pytest.raises(InvitationRevoked, match="sudah dicabut"):
        revoke_invitation(db, event, old, reissue=True)


@pytest.mark.parametrize(
    "template",
    ["{base}/i/{secret}/extra", "ftp://checkin.example.id/i/{secret}", "{secret}x", "{secret}\x00"],
)
def test_revoke_refuses_a_code_that_only_contains_the_secret(db, event, delegate, template):
    code = template.format(base=BASE, secret=delegate.secret)
    with pytest.raises(UnknownCode):
        revoke_invitation(db, event, code, reissue=True)
    assert delegate.revoked_at is None
    assert db.scalar(select(RevokedSecret)) is None


def test_open_invitation_takes_the_url_too(db, delegate):
    assert invitations.open_invitation(db, invitation_url(BASE, delegate.secret)) == delegate


def test_open_invitation_unknown_or_junk_is_unknown(db, delegate):
    for code in (new_secret(), "x", "../../etc/passwd", ""):
        with pytest.raises(UnknownCode):
            invitations.open_invitation(db, code)


# --- counts and export ---------------------------------------------------------------------


def test_invitation_counts(db, event, make_delegate):
    make_delegate(phone="+628111", email="a@example.id")
    make_delegate(phone="+628112", email="b@example.id", emailed_at=datetime.now(UTC))
    make_delegate()
    gone = make_delegate(phone="+628113")
    revoke_invitation(db, event, gone.secret, reissue=False)
    counts = invitations.invitation_counts(db, event)
    assert (counts.invited, counts.revoked, counts.with_phone) == (3, 1, 2)
    assert (counts.with_email, counts.emailed, counts.checked_in) == (2, 1, 0)
    by_region = dict((r.name, c) for r, c in invitations.invitation_counts_by_region(db, event))
    assert by_region["Kabupaten Berau"].invited == 3
    assert by_region["Kota Samarinda"].invited == 0


def test_export_csv_has_exact_header_rows_and_is_audit_logged(db, event, make_delegate):
    first = make_delegate(name="Andi", ormas="GP Ansor", phone="+628111")
    gone = make_delegate(name="Zaki", ormas="KNPI")
    revoke_invitation(db, event, gone.secret, reissue=False)
    text = invitations.export_invitations_csv(db, event, BASE, actor="cli")
    db.commit()
    assert text.splitlines()[0] == "name,ormas,region,level,phone,invitation_url"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0] == {
        "name": "Andi",
        "ormas": "GP Ansor",
        "region": "Kabupaten Berau",
        "level": "kabupaten_kota",
        "phone": "+628111",
        "invitation_url": invitation_url(BASE, first.secret),
    }
    assert rows[1]["invitation_url"] == ""
    log = db.scalar(select(AuditLog).where(AuditLog.action == "export_invitations"))
    assert log.actor == "cli" and log.event_id == event.id
