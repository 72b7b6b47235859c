"""CSV files for the office: Excel set to Indonesian opens them as they are (";", UTF-8 with a
BOM, Indonesian headers, phones that stay text), and dates read the same as in the XLSX."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from checkin import invitations, reports
from checkin.formatting import SHEET_DATETIME_EXCEL, sheet_datetime
from checkin.invitations import invitation_url, revoke_invitation
from checkin.models import CheckIn
from checkin.sending import region_links_text
from checkin.tabular import FORMULA_STARTS, office_csv, phone_text

BASE = "https://checkin.example.id"
BOM = b"\xef\xbb\xbf"


def office_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(BOM)
    text = content.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


@pytest.mark.parametrize(
    ("phone", "shown"),
    [
        ("+6281234567890", "0812 3456 7890"),
        ("+62812345678901", "0812 3456 7890 1"),
        ("+62541123456", "0541 1234 56"),
        ("+60123456789", "0060 1234 5678 9"),  # abroad: 00 instead of +
        (None, ""),
        ("", ""),
        ("=1+1", "'=1+1"),  # never normalised: still neutralised
    ],
)
def test_phone_text_keeps_the_leading_zero_and_never_starts_like_a_formula(phone, shown):
    assert phone_text(phone) == shown
    assert not phone_text(phone).startswith(FORMULA_STARTS)


def test_office_csv_is_bom_semicolon_crlf_and_neutralises_formulas():
    content = office_csv(("Nama", "Nomor HP"), [("=HYPERLINK(1)", "0812 3456 7890"), ("a;b", "")])
    assert content.startswith(BOM + b"Nama;Nomor HP\r\n")
    assert office_rows(content) == [
        ["Nama", "Nomor HP"], ["'=HYPERLINK(1)", "0812 3456 7890"], ["a;b", ""]
    ]  # fmt: skip


def test_invitation_links_for_excel_have_indonesian_headers_and_text_phones(
    db, event, make_delegate
):
    first = make_delegate(name="Andi", ormas="GP Ansor", phone="+6281234567890")
    gone = make_delegate(name="Zaki", ormas="KNPI")
    make_delegate(name="=cmd|' /C calc'!A0", ormas="+SUM(1)", phone="+6285000000003")
    revoke_invitation(db, event, gone.secret, reissue=False)
    rows = office_rows(invitations.export_invitations_excel(db, event, BASE, actor="cli"))
    assert rows[0] == [
        "Nama", "Ormas", "Wilayah", "Tingkat", "Nomor HP", "Tautan undangan", "Keterangan"
    ]  # fmt: skip
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Andi"] == [
        "Andi", "GP Ansor", "Kabupaten Berau", "Kabupaten/Kota", "0812 3456 7890",
        invitation_url(BASE, first.secret), "",
    ]  # fmt: skip
    assert by_name["Zaki"][5:] == ["", "undangan dicabut"]
    assert by_name["'=cmd|' /C calc'!A0"][1] == "'+SUM(1)"
    assert not [c for r in rows for c in r if c.startswith(FORMULA_STARTS)]


def test_invitation_links_for_scripts_keep_their_header_and_plus62(db, event, make_delegate):
    make_delegate(name="Andi", phone="+6281234567890")
    text = invitations.export_invitations_csv(db, event, BASE, actor="cli")
    assert text.splitlines()[0] == "name,ormas,region,level,phone,invitation_url"
    assert ",+6281234567890," in text


def test_region_links_csv_is_excel_ready(db, event, make_delegate):
    region = event.regions[1]
    make_delegate(name="Andi", region=region, phone="+6281234567890")
    text, count = region_links_text(db, event, region, BASE)
    rows = office_rows(text.encode("utf-8"))
    assert count == 1 and rows[0][:5] == ["Nama", "Jabatan", "Ormas", "Wilayah", "Nomor HP"]
    assert rows[1][4] == "0812 3456 7890"
    assert rows[1][6].startswith("https://wa.me/6281234567890")


def test_attendance_csv_and_xlsx_write_the_arrival_alike(db, event, make_delegate):
    ani = make_delegate(name="Ani")
    at = datetime(2024, 10, 15, 0, 5, tzinfo=UTC)  # 08:05 WITA
    db.add(CheckIn(event_id=event.id, delegate_id=ani.id, checked_in_at=at, gate="Pintu Utama"))
    db.commit()
    rows = office_rows(reports.export_attendance(db, event, "csv").content)
    ws = load_workbook(io.BytesIO(reports.export_attendance(db, event, "xlsx").content))[
        "Daftar Hadir"
    ]
    cell = ws.cell(row=2, column=7)
    assert rows[1][6] == "15-10-2024 08:05"
    assert cell.number_format == SHEET_DATETIME_EXCEL == "dd-mm-yyyy hh:mm"
    assert cell.value.strftime("%d-%m-%Y %H:%M") == rows[1][6]


@pytest.mark.parametrize(
    "value", [datetime(2024, 1, 2, 3, 4), datetime(2024, 12, 31, 23, 59), datetime(2025, 7, 9)]
)
def test_sheet_datetime_matches_the_xlsx_number_format(value):
    # dd-mm-yyyy hh:mm, as Excel renders it, is strftime's %d-%m-%Y %H:%M.
    assert SHEET_DATETIME_EXCEL == "dd-mm-yyyy hh:mm"
    assert sheet_datetime(value) == value.strftime("%d-%m-%Y %H:%M")
