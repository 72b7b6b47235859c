"""Message templates: the invitation and the H-1 reminder, letter, registration time, greetings."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from checkin import sending
from checkin.errors import InvalidInput
from checkin.invitations import invitation_url

BASE = "https://checkin.example.id"


@pytest.fixture
def delegate(make_delegate, event):
    return make_delegate(
        name="Drs. H. Ahmad Syarifuddin, M.Si.",
        ormas="Pemuda Pancasila",
        position="Ketua",
        region=event.regions[10],
        phone="+6281234567890",
    )


def settings(db, event, **changes):
    values = {
        "letter_number": None,
        "letter_date": None,
        "letter_signatory": None,
        "registration_time": None,
        "greeting": sending.GREETING_NEUTRAL,
        **changes,
    }
    sending.set_message_settings(db, event, **values)
    db.commit()


def test_default_message_is_neutral_without_greetings(db, event, delegate):
    text = sending.invitation_message(event, delegate, BASE)
    assert "Assalamu" not in text and "Shalom" not in text
    assert text.startswith(
        "Yth. Bapak/Ibu Drs. H. Ahmad Syarifuddin, M.Si.\nKetua Pemuda Pancasila"
    )


def test_inclusive_greetings_open_and_close_the_message(db, event, delegate):
    settings(db, event, greeting=sending.GREETING_INCLUSIVE)
    lines = sending.invitation_message(event, delegate, BASE).splitlines()
    assert sending.INCLUSIVE_OPENING in lines
    assert sending.INCLUSIVE_CLOSING in lines
    assert lines.index(sending.INCLUSIVE_OPENING) < lines.index("Dengan hormat,")
    assert sending.greeting_style(event) == sending.GREETING_INCLUSIVE


def test_custom_greetings_are_kept_and_neutral_clears_them(db, event, delegate):
    settings(db, event, greeting="sendiri", opening="Salam sejahtera,", closing="Salam.")
    assert "Salam sejahtera," in sending.invitation_message(event, delegate, BASE)
    settings(db, event, greeting="netral", opening="ignored", closing="ignored")
    assert event.greeting_opening is None and event.greeting_closing is None


def test_letter_and_registration_time_appear_in_the_message(db, event, delegate):
    settings(
        db,
        event,
        letter_number="005/1234/Kesbangpol-III/X/2024",
        letter_date=date(2024, 10, 1),
        letter_signatory="Kepala Badan Kesbangpol Provinsi Kalimantan Timur",
        registration_time="07.30",
    )
    text = sending.invitation_message(event, delegate, BASE)
    assert (
        "Dasar        : surat Kepala Badan Kesbangpol Provinsi Kalimantan Timur Nomor "
        "005/1234/Kesbangpol-III/X/2024 tanggal 1 Oktober 2024"
    ) in text
    assert "Registrasi   : mulai pukul 07:30 WITA" in text
    assert event.registration_opens_at == datetime(2024, 10, 14, 23, 30, tzinfo=UTC)


def test_letter_lines_are_left_out_until_the_letter_is_set(db, event, delegate):
    text = sending.invitation_message(event, delegate, BASE)
    assert "Dasar" not in text and "Nomor" not in text and "Registrasi   :" not in text


def test_letter_without_signatory_names_the_organiser(db, event, delegate):
    event.organizer = "Badan Kesbangpol Provinsi Kalimantan Timur"
    settings(db, event, letter_number="005/1", letter_date=date(2024, 10, 1))
    text = sending.invitation_message(event, delegate, BASE)
    assert "surat Badan Kesbangpol Provinsi Kalimantan Timur Nomor 005/1" in text


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"letter_number": "005/1"}, "bersama-sama"),
        ({"letter_date": date(2024, 10, 1)}, "bersama-sama"),
        ({"registration_time": "jam 7"}, "07.30"),
        ({"registration_time": "09.00"}, "sebelum acara"),
        ({"greeting": "lain"}, "salam"),
        ({"greeting": "sendiri", "opening": "Halo {nama}"}, "{"),
    ],
)
def test_bad_message_settings_are_refused_readably(db, event, changes, words):
    with pytest.raises(InvalidInput) as info:
        settings(db, event, **changes)
    assert words in info.value.message


def test_reminder_has_its_own_default_with_the_link_on_its_own_line(db, event, delegate):
    text = sending.message_for(event, delegate, BASE, sending.KIND_REMINDER)
    assert text.startswith("Yth. Bapak/Ibu Drs. H. Ahmad Syarifuddin, M.Si. (Pemuda Pancasila),")
    assert "besok, Selasa, 15 Oktober 2024, pukul 08:00 WITA di Hotel Mercure Samarinda" in text
    assert invitation_url(BASE, delegate.secret) in text.splitlines()
    assert "Registrasi dibuka" not in text  # no registration time set


def test_reminder_template_is_saved_apart_from_the_invitation(db, event, delegate):
    sending.set_message(db, event, "Besok ya {nama}\n{tautan_undangan}", sending.KIND_REMINDER)
    db.commit()
    assert event.reminder_message.startswith("Besok ya")
    assert event.invitation_message is None
    reminder = sending.message_for(event, delegate, BASE, sending.KIND_REMINDER)
    assert reminder.startswith(f"Besok ya {delegate.name}")
    sending.set_message(db, event, sending.DEFAULT_REMINDER, sending.KIND_REMINDER)
    assert event.reminder_message is None


def test_reminder_without_the_link_is_refused(db, event):
    with pytest.raises(InvalidInput, match="tautan_undangan"):
        sending.set_message(db, event, "Besok ya {nama}", sending.KIND_REMINDER)


@pytest.mark.parametrize(
    "phone, usable",
    [
        ("+6281234567890", True),
        ("081234567890", True),
        ("+62541123456", False),  # a Samarinda landline has no WhatsApp
        ("+60123456789", True),  # a Malaysian mobile, written with +
        ("+6012345678", False),  # too short for Malaysia's plan
        (None, False),
        ("", False),
    ],
)
def test_whatsapp_phone_tells_mobiles_from_landlines(phone, usable):
    assert sending.is_whatsapp_phone(phone) is usable
