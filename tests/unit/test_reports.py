"""Attendance reports: the list, the summaries, XLSX, CSV, the Daftar Hadir PDF, the audit log."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from checkin import audit, reports
from checkin.errors import InvalidInput
from checkin.models import AuditLog, CheckIn
from checkin.reports import write_pdf

#: 08:05 WITA on the event day.
ARRIVAL = datetime(2024, 10, 15, 0, 5, tzinfo=UTC)
NOW = datetime(2024, 10, 15, 4, 0, tzinfo=UTC)
FORMULAS = ['=HYPERLINK("http://evil.example","klik")', "+1", "-2", "@SUM(A1)", "\tTab", "\rCR"]


def arrive(db, delegate, *, at=ARRIVAL, gate="Pintu Utama", substitute=None):
    db.add(
        CheckIn(
            event_id=delegate.event_id,
            delegate_id=delegate.id,
            checked_in_at=at,
            gate=gate,
            substitute_name=substitute,
        )
    )
    db.commit()


@pytest.fixture
def people(db, event, make_delegate):
    """Province: two arrived (one by substitute); Berau: one arrived, one not; Samarinda: none."""
    province, berau, samarinda = event.regions[0], event.regions[1], event.regions[10]
    p = {
        "ani": make_delegate(name="Ani", ormas="KNPI", region=province, phone="+6281200000001"),
        "budi": make_delegate(
            name="Budi", ormas="Pemuda Pancasila", region=province, position="Sekretaris"
        ),
        "citra": make_delegate(name="Citra", ormas="Ansor", region=berau),
        "dedi": make_delegate(name="Dedi", ormas="ansor ", region=berau, phone="+6281311112222"),
        "eko": make_delegate(name="Eko", ormas="LDII", region=samarinda, phone="+6285000000003"),
    }
    arrive(db, p["ani"], at=ARRIVAL)
    arrive(db, p["budi"], at=ARRIVAL + timedelta(minutes=10), substitute="Bambang Wijaya")
    arrive(db, p["citra"], at=ARRIVAL + timedelta(minutes=20), gate="Pintu Samping")
    event.theme = "Mewujudkan Kondusifitas Daerah"
    event.letterhead = (
        "PEMERINTAH PROVINSI KALIMANTAN TIMUR\nBADAN KESATUAN BANGSA DAN POLITIK\n"
        "Jalan Jenderal Sudirman No. 1, Samarinda"
    )
    event.official_name = "Drs. H. Sufian Agus, M.Si."
    event.official_position = "Kepala Badan Kesbangpol\nProvinsi Kalimantan Timur"
    event.official_nip = "19700101 199003 1 001"
    db.commit()
    return p


def workbook(db, event):
    content = reports.export_attendance(db, event, "xlsx", now=NOW).content
    return load_workbook(io.BytesIO(content))


def sheet_rows(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def csv_rows(db, event) -> list[list[str]]:
    content = reports.export_attendance(db, event, "csv", now=NOW).content
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def pdf_text(content: bytes, tmp_path: Path, *options: str) -> str:
    path = tmp_path / "daftar-hadir.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", *options, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


# --- the data ---------------------------------------------------------------------------


def test_attendance_rows_ordered_by_region_then_ormas_then_name(db, event, people):
    rows = reports.attendance_rows(db, event)
    assert [r.name for r in rows] == ["Ani", "Budi", "Citra", "Dedi", "Eko"]
    assert [r.region for r in rows][::2] == [
        "Provinsi Kalimantan Timur",
        "Kabupaten Berau",
        "Kota Samarinda",
    ]


def test_attendance_rows_show_arrival_in_event_zone(db, event, people):
    ani = reports.attendance_rows(db, event)[0]
    assert (ani.arrived_at.hour, ani.arrived_at.minute) == (8, 5)
    assert ani.arrived_at.utcoffset() == timedelta(hours=8)
    assert ani.gate == "Pintu Utama"


def test_attendance_rows_leave_out_revoked_who_never_came(db, event, people):
    people["eko"].revoked_at = NOW
    people["ani"].revoked_at = NOW  # admitted before the revocation: the attendance stands
    db.commit()
    names = [r.name for r in reports.attendance_rows(db, event)]
    assert "Eko" not in names and "Ani" in names


def test_attendance_rows_only_missing_filters_by_region(db, event, people):
    rows = reports.attendance_rows(db, event, only_missing=True, region_id=event.regions[1].id)
    assert [r.name for r in rows] == ["Dedi"]


def test_attendance_rows_write_the_ormas_shown_spelling(db, event, people):
    # Citra wrote "Ansor", Dedi "ansor ": one vote each, the tie goes to code-point order.
    rows = {r.name: r.ormas for r in reports.attendance_rows(db, event)}
    assert (rows["Citra"], rows["Dedi"]) == ("Ansor", "Ansor")


def test_attendance_rows_of_one_region_keep_the_events_spelling(db, event, people, make_delegate):
    samarinda = event.regions[10]
    make_delegate(name="Fajar", ormas="ANSOR", region=samarinda)
    make_delegate(name="Gita", ormas="ANSOR", region=samarinda)
    rows = reports.attendance_rows(db, event, only_missing=True, region_id=event.regions[1].id)
    assert [(r.name, r.ormas) for r in rows] == [("Dedi", "ANSOR")]


def test_region_summary_counts_every_region_in_order(db, event, people):
    lines = reports.region_summary(db, event)
    assert len(lines) == 11
    province, berau = lines[0], lines[1]
    assert (province.invited, province.arrived, province.not_arrived) == (2, 2, 0)
    assert (berau.invited, berau.arrived, berau.percent_text) == (2, 1, "50,0%")
    assert (lines[10].invited, lines[10].arrived) == (1, 0)
    total = reports.total_line(lines)
    assert (total.invited, total.arrived) == (5, 3)


def test_ormas_summary_merges_spellings_of_one_ormas(db, event, people):
    lines = {line.label: line for line in reports.ormas_summary(db, event)}
    assert set(lines) == {"Ansor", "KNPI", "LDII", "Pemuda Pancasila"}
    assert (lines["Ansor"].invited, lines["Ansor"].arrived) == (2, 1)


def test_row_note_names_the_substitute(db, event, people):
    budi = reports.attendance_rows(db, event)[1]
    assert budi.note == "pengganti: Bambang Wijaya"


# --- XLSX --------------------------------------------------------------------------------


def test_xlsx_has_the_four_sheets_in_order(db, event, people):
    wb = workbook(db, event)
    assert wb.sheetnames == ["Ringkasan Wilayah", "Ringkasan Ormas", "Daftar Hadir", "Belum Hadir"]


def test_xlsx_full_list_has_everyone_with_wita_time_door_and_substitute(db, event, people):
    rows = sheet_rows(workbook(db, event)["Daftar Hadir"])
    assert rows[0] == (
        "No",
        "Nama",
        "Jabatan",
        "Ormas",
        "Wilayah",
        "Tingkat",
        "Waktu Hadir (WITA)",
        "Pintu",
        "Keterangan",
    )
    assert len(rows) == 6
    ani, budi, citra, dedi = rows[1], rows[2], rows[3], rows[4]
    assert ani[:6] == (1, "Ani", "Ketua", "KNPI", "Provinsi Kalimantan Timur", "Provinsi")
    assert ani[6] == datetime(2024, 10, 15, 8, 5)
    assert ani[7] == "Pintu Utama"
    assert budi[8] == "pengganti: Bambang Wijaya"
    assert citra[6:8] == (datetime(2024, 10, 15, 8, 25), "Pintu Samping")
    assert citra[5] == "Kabupaten/Kota"
    assert dedi[6] is None and dedi[7] is None


def test_xlsx_region_summary_counts_and_total(db, event, people):
    rows = sheet_rows(workbook(db, event)["Ringkasan Wilayah"])
    assert rows[0] == ("Wilayah", "Diundang", "Hadir", "Belum Hadir", "Persentase Hadir")
    assert rows[1][:4] == ("Provinsi Kalimantan Timur", 2, 2, 0)
    assert rows[2] == ("Kabupaten Berau", 2, 1, 1, 0.5)
    assert rows[-1][:4] == ("Jumlah", 5, 3, 2)
    assert len(rows) == 1 + 11 + 1


def test_xlsx_ormas_summary_has_one_line_per_ormas(db, event, people):
    rows = sheet_rows(workbook(db, event)["Ringkasan Ormas"])
    assert [r[0] for r in rows[1:]] == ["Ansor", "KNPI", "LDII", "Pemuda Pancasila", "Jumlah"]
    assert rows[1][1:4] == (2, 1, 1)


def test_xlsx_no_show_sheet_has_phones_and_whatsapp_links(db, event, people):
    ws = workbook(db, event)["Belum Hadir"]
    rows = sheet_rows(ws)
    assert rows[0] == ("No", "Nama", "Jabatan", "Ormas", "Wilayah", "Telepon", "WhatsApp")
    assert [r[1] for r in rows[1:]] == ["Dedi", "Eko"]
    assert rows[1][5] == "+6281311112222"
    assert rows[1][6] == "https://wa.me/6281311112222"
    assert ws["G2"].hyperlink.target == "https://wa.me/6281311112222"


@pytest.mark.parametrize("text", FORMULAS)
def test_xlsx_formula_like_text_stays_plain_text(db, event, make_delegate, text):
    make_delegate(name=text, ormas=text, position=text)
    wb = workbook(db, event)
    for title, columns in (("Daftar Hadir", "BCD"), ("Belum Hadir", "BCD")):
        ws = wb[title]
        for column in columns:
            cell = ws[f"{column}2"]
            assert cell.data_type == "s", (title, column)
            # The ormas (D) is written in its shown spelling, whitespace collapsed.
            written = " ".join(text.split()) if column == "D" else text
            assert cell.value == written.replace("\r", "\n")  # XML reads a CR back as LF
    ormas = wb["Ringkasan Ormas"]["A2"]
    assert (ormas.data_type, ormas.value) == ("s", " ".join(text.split()))


def test_xlsx_script_in_names_is_kept_as_text(db, event, make_delegate):
    make_delegate(name="<script>alert(1)</script>", ormas="Ormas & Co")
    ws = workbook(db, event)["Daftar Hadir"]
    assert ws["B2"].value == "<script>alert(1)</script>"
    assert ws["D2"].value == "Ormas & Co"


# --- CSV ---------------------------------------------------------------------------------


def test_csv_is_utf8_bom_semicolon_with_header(db, event, people):
    rows = csv_rows(db, event)
    assert rows[0] == [
        "No",
        "Nama",
        "Jabatan",
        "Ormas",
        "Wilayah",
        "Tingkat",
        "Waktu Hadir (WITA)",
        "Pintu",
        "Keterangan",
    ]
    assert len(rows) == 6
    assert rows[1] == [
        "1",
        "Ani",
        "Ketua",
        "KNPI",
        "Provinsi Kalimantan Timur",
        "Provinsi",
        "15-10-2024 08:05",  # as the XLSX shows it
        "Pintu Utama",
        "",
    ]
    assert rows[2][8] == "pengganti: Bambang Wijaya"
    assert rows[4][6:8] == ["", ""]


@pytest.mark.parametrize("text", FORMULAS)
def test_csv_formula_like_text_gets_an_apostrophe(db, event, make_delegate, text):
    make_delegate(name=text, ormas="Ormas", position=text)
    row = csv_rows(db, event)[1]
    assert row[1] == "'" + text
    assert row[2] == "'" + text


def test_csv_keeps_script_and_separators_as_text(db, event, make_delegate):
    make_delegate(name='<script>"x";</script>', ormas="A;B")
    row = csv_rows(db, event)[1]
    assert row[1:4] == ['<script>"x";</script>', "Ketua", "A;B"]


def test_csv_text_leaves_ordinary_values_alone():
    assert reports.csv_text("Drs. H. Ahmad") == "Drs. H. Ahmad"
    assert reports.csv_text(None) == ""
    assert reports.csv_text("a=b") == "a=b"


# --- the Daftar Hadir PDF ------------------------------------------------------------------


def test_pdf_has_letterhead_title_activity_and_mengetahui(db, event, people, tmp_path):
    export = reports.export_attendance(db, event, "pdf", now=NOW)
    assert export.content.startswith(b"%PDF")
    text = pdf_text(export.content, tmp_path)
    for expected in (
        "BADAN KESATUAN BANGSA DAN POLITIK",
        "Jalan Jenderal Sudirman No. 1, Samarinda",
        "DAFTAR HADIR",
        "Rapat Koordinasi Ormas se-Kalimantan Timur 2024",
        "Mewujudkan Kondusifitas Daerah",
        "Hari/Tanggal",
        "Selasa, 15 Oktober 2024",
        "08.00 WITA s.d. selesai",
        "Hotel Mercure Samarinda",
        "Mengetahui,",
        "Kepala Badan Kesbangpol",
        "Drs. H. Sufian Agus, M.Si.",
        "NIP. 19700101 199003 1 001",
        "Tanda Tangan",
    ):
        assert expected in text, expected


def test_pdf_groups_by_region_then_ormas(db, event, people, tmp_path):
    text = pdf_text(reports.export_attendance(db, event, "pdf", now=NOW).content, tmp_path)
    order = [
        "PROVINSI KALIMANTAN TIMUR",
        "Ani",
        "Budi",
        "KABUPATEN BERAU",
        "Citra",
        "Dedi",
        "KOTA SAMARINDA",
        "Eko",
        "Mengetahui",
    ]
    positions = [text.index(item) for item in order]
    assert positions == sorted(positions)


def test_pdf_shows_arrival_time_and_substitute(db, event, people, tmp_path):
    text = pdf_text(
        reports.export_attendance(db, event, "pdf", now=NOW).content, tmp_path, "-layout"
    )
    ani_line = next(line for line in text.splitlines() if "Ani" in line)
    assert "08.05" in ani_line
    assert "(pengganti: Bambang Wijaya)" in text
    dedi_line = next(line for line in text.splitlines() if "Dedi" in line)
    assert not re.search(r"\d\d\.\d\d", dedi_line)  # listed to sign, no time


def test_pdf_signature_column_is_staggered(db, event, make_delegate, tmp_path):
    for i in range(6):
        make_delegate(name=f"Peserta Urut {i}", ormas="Ormas Sama")
    html = pdf_text(reports.export_attendance(db, event, "pdf", now=NOW).content, tmp_path, "-bbox")
    x_of = {}
    for x_min, word in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]+)</word>', html):
        if re.fullmatch(r"\d\.", word):
            x_of[int(word[:-1])] = float(x_of.get(int(word[:-1])) or x_min)
    odd, even = {x_of[n] for n in (1, 3, 5)}, {x_of[n] for n in (2, 4, 6)}
    assert len(odd) == 1 and len(even) == 1  # each side lines up
    assert min(even) - max(odd) > 40  # even numbers sign on the right half (points)


def test_pdf_has_page_numbers(db, event, make_delegate, tmp_path):
    for i in range(40):
        make_delegate(name=f"Peserta {i:02d}", ormas="Ormas")
    text = pdf_text(reports.export_attendance(db, event, "pdf", now=NOW).content, tmp_path)
    pages = int(re.search(r"Halaman 1 dari (\d+)", text).group(1))
    assert pages >= 2 and f"Halaman {pages} dari {pages}" in text
    assert "lanjutan" in text  # the region's title repeats on the next page


def test_pdf_without_official_leaves_dots_to_fill_in(db, event, make_delegate, tmp_path):
    make_delegate(name="<b>Ani</b> & Co")
    text = pdf_text(reports.export_attendance(db, event, "pdf", now=NOW).content, tmp_path)
    assert "Mengetahui," in text
    assert "NIP. ......" in text
    assert "<b>Ani</b> & Co" in text


def test_pdf_empty_event_still_renders(db, event, tmp_path):
    text = pdf_text(write_pdf(event, [], now=NOW), tmp_path)
    assert "DAFTAR HADIR" in text and "Belum ada peserta." in text


# --- entry point, settings, WhatsApp, audit ----------------------------------------------


def test_export_attendance_names_file_and_counts_rows(db, event, people):
    export = reports.export_attendance(db, event, "csv", now=NOW)
    assert export.filename == "daftar-hadir-rakor-ormas-2024-20241015-1200.csv"
    assert export.rows == 5
    assert reports.export_fields(export) == {"format": "csv", "rows": 5}


def test_export_attendance_refuses_unknown_format(db, event):
    with pytest.raises(InvalidInput):
        reports.export_attendance(db, event, "docx")


def test_report_settings_normalise_nip_and_lines(db, event):
    reports.update_report_settings(
        db,
        event,
        letterhead="  PEMERINTAH  PROVINSI \n\n Jalan X ",
        official_name=" Drs.  Budi ",
        official_position="Kepala\n Badan ",
        official_nip="NIP. 197001011990031001",
    )
    assert event.letterhead == "PEMERINTAH PROVINSI\nJalan X"
    assert event.official_name == "Drs. Budi"
    assert event.official_position == "Kepala\nBadan"
    assert event.official_nip == "19700101 199003 1 001"


def test_report_settings_refuse_letters_in_nip(db, event):
    with pytest.raises(InvalidInput, match="NIP"):
        reports.update_report_settings(
            db, event, letterhead="", official_name="", official_position="", official_nip="abc"
        )


def test_report_settings_empty_values_clear_fields(db, event):
    event.official_nip = "1"
    reports.update_report_settings(
        db, event, letterhead="", official_name="", official_position="", official_nip=" "
    )
    assert (event.letterhead, event.official_name, event.official_nip) == (None, None, None)


def test_follow_up_link_uses_digits_and_message(db, event, people):
    dedi = next(r for r in reports.attendance_rows(db, event) if r.name == "Dedi")
    link = reports.follow_up_link(event, dedi)
    assert link.startswith("https://wa.me/6281311112222?text=Yth.%20Bapak%2FIbu%20Dedi%2C")


@pytest.mark.parametrize("phone", ["+62 812-3456", "+628123", "+62541123456", None])
def test_follow_up_link_is_none_for_a_number_whatsapp_cannot_reach(db, event, people, phone):
    # The no-show list used to link any digits; it now asks the queue's rule (sending/whatsapp).
    dedi = next(r for r in reports.attendance_rows(db, event) if r.name == "Dedi")
    assert reports.follow_up_link(event, dataclasses.replace(dedi, phone=phone)) is None


def test_audit_record_and_list_newest_first(db, event, make_user):
    user = make_user("panitia", "admin")
    audit.record(db, event=event, user=None, actor="cli", action="a1", detail="x", now=ARRIVAL)
    audit.record(db, event=event, user=user, actor="panitia", action="a2", detail="y", now=NOW)
    db.commit()
    page = audit.list_entries(db, event=event)
    assert [(e.action, e.actor, e.user_id) for e in page.items] == [
        ("a2", "panitia", user.id),
        ("a1", "cli", None),
    ]
    assert page.total == 2 and db.query(AuditLog).count() == 2
