"""WhatsApp links (checkin/sending/whatsapp.py): who gets one, what it holds, and the same
answer from Python, from SQL and on every surface that offers one."""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from checkin import reports, sending
from checkin.models import Delegate
from checkin.reports.rows import attendance_rows
from checkin.sending.whatsapp import landline_phone_condition, whatsapp_phone_condition

#: As written or as stored -> the digits of the wa.me link (None: no link).
NUMBERS = [
    ("+6281234567890", "6281234567890"),
    ("0812-3456-7890", "6281234567890"),
    ("62 812 3456 7890", "6281234567890"),
    ("812 3456 7890", "6281234567890"),  # a spreadsheet dropped the 0
    ("0811-234-567", "62811234567"),  # the shortest mobiles: 9 digits after 62
    ("+62 812-3456-78901", "62812345678901"),  # the longest: 12
    ("+60 12-345 6789", "60123456789"),  # a Malaysian mobile, written with +
    ("+62 812-3456", None),  # too short for a mobile
    ("+628123456", None),
    ("+6281234567", None),  # 8 digits after 62: a landline's length, not a mobile's
    ("+62812345678901234", None),  # too long
    ("+62541123456", None),  # a Samarinda landline
    ("0541-123456", None),
    ("0541-736123", None),  # an office in Samarinda, as libphonenumber knows it
    ("+62 21 5551 2345", None),  # Jakarta
    ("0800-1234-567", None),  # toll-free: no chat
    ("+6012345678", None),  # too short for Malaysia's plan
    ("-", None),
    ("nomor kantor", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("phone", "number"), NUMBERS)
def test_whatsapp_number_is_digits_of_a_reachable_phone(phone, number):
    assert sending.whatsapp_number(phone) == number
    assert sending.is_whatsapp_phone(phone) is (number is not None)


@pytest.mark.parametrize(("phone", "number"), NUMBERS)
def test_whatsapp_link_exists_exactly_for_a_reachable_phone(phone, number):
    link = sending.whatsapp_link(phone, "Halo")
    assert link == (None if number is None else f"https://wa.me/{number}?text=Halo")


def test_whatsapp_link_without_text_is_the_bare_chat():
    assert sending.whatsapp_link("0812-3456-7890") == "https://wa.me/6281234567890"


def test_whatsapp_link_encodes_every_special_character():
    text = "Yth. Bu Ani/Kutai\n*Rakor* & 50% ?#"
    link = sending.whatsapp_link("+6281234567890", text)
    query = link.partition("?text=")[2]
    assert unquote(query) == text
    assert not set(query) & set(" /\n*&?#")


def test_sql_and_python_agree_on_who_has_whatsapp(db, make_delegate):
    stored = ["+6281234567890", "+62811234567", "+62812345678901", "+60123456789"]
    stored += ["+628123456", "+6281234567", "+62541123456", "+62541736123", None]
    stored += ["+628001234567", "+62841234567890", "+622155512345", "+62891520132736"]
    for phone in stored:
        make_delegate(phone=phone)
    reachable = db.scalars(select(Delegate.phone).where(whatsapp_phone_condition())).all()
    assert sorted(reachable) == sorted(p for p in stored if sending.is_whatsapp_phone(p))


def test_no_show_page_and_xlsx_offer_the_same_chat_as_the_queue(db, event, make_delegate):
    for n, (phone, _number) in enumerate(NUMBERS):
        make_delegate(name=f"Peserta {n:02}", phone=phone)
    xlsx = reports.export_attendance(db, event, "xlsx").content
    sheet = load_workbook(io.BytesIO(xlsx))["Belum Hadir"]
    in_xlsx = {row[1]: row[6] for row in sheet.iter_rows(min_row=2, values_only=True)}
    for row in attendance_rows(db, event, only_missing=True):
        chat = sending.whatsapp_link(row.phone)
        follow_up = reports.follow_up_link(event, row)
        assert in_xlsx[row.name] == chat
        assert (follow_up or "").partition("?")[0] == (chat or "")


def test_sql_and_python_agree_on_office_lines(db, make_delegate):
    stored = ["+62541736123", "+622155512345", "+6281234567890", "+60123456789", None]
    stored += ["+628001234567", "+62711123456"]
    for phone in stored:
        make_delegate(phone=phone)
    landlines = db.scalars(select(Delegate.phone).where(landline_phone_condition())).all()
    assert sorted(landlines) == ["+622155512345", "+62541736123", "+62711123456"]
    assert sorted(landlines) == sorted(p for p in stored if sending.is_landline(p))
