"""Delegate import: real office files, every bad file refused by row and column, re-imports."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest
from sqlalchemy import func, select

from checkin.errors import ImportInvalid
from checkin.events import create_event
from checkin.importing import import_delegates, match_key_for, preview_import, search_text_for
from checkin.models import LEVEL_PROVINCE, LEVEL_REGENCY, AuditLog, Delegate, Region
from tests.conftest import DATA

HEADER = ["No", "Nama", "Jabatan", "Ormas", "Tingkat", "Kabupaten/Kota", "No. HP"]
ROWS = [
    [1, "Drs. H. Ahmad Syarifuddin, M.Si.", "Ketua", "Pemuda Pancasila", "Provinsi",
     "Prov. Kaltim", "0812-3456-7890"],
    [2, "Siti Rahmah", "Sekretaris", "Muslimat NU", "Kabupaten/Kota", "Kukar", "+62 813 1111 2222"],
    [3, "Yohanes Ngau", "Bendahara", "GAMKI", "Kab/Kota", "Kota Bpp", ""],
]  # fmt: skip


def csv_bytes(rows: list[list], *, delimiter: str = ";", encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def delegates(db, event) -> list[Delegate]:
    db.expire_all()
    return list(
        db.scalars(select(Delegate).where(Delegate.event_id == event.id).order_by(Delegate.id))
    )


def count(db, event) -> int:
    return db.scalar(select(func.count(Delegate.id)).where(Delegate.event_id == event.id))


def problems_of(db, event, data: bytes, filename: str) -> list[str]:
    with pytest.raises(ImportInvalid) as caught:
        import_delegates(db, event, data, filename)
    db.rollback()
    assert count(db, event) == 0
    return caught.value.details


def summary(d: Delegate) -> tuple:
    return (d.name, d.ormas, d.region.name, d.level, d.position, d.phone)


# --- the sample files ------------------------------------------------------------------


def test_import_sample_xlsx_creates_750_delegates(db, event):
    report = import_delegates(db, event, (DATA / "delegates-rakor-750.xlsx").read_bytes(),
                              "delegates-rakor-750.xlsx")  # fmt: skip
    db.commit()
    rows = delegates(db, event)
    assert report.added == 750 and len(rows) == 750
    assert report.header_row == 4
    assert sum(d.level == LEVEL_PROVINCE for d in rows) == 200
    assert sum(d.level == LEVEL_REGENCY for d in rows) == 550
    assert all(d.level == d.region.level for d in rows)
    assert all(d.phone is None or d.phone.startswith("+62") for d in rows)
    assert sum(d.phone is None for d in rows) == 150
    assert len({d.secret for d in rows}) == 750
    assert all(len(d.secret) >= 22 for d in rows)


def test_import_sample_csv_matches_xlsx(db, event):
    other = create_event(db, "rakor-csv", name="Rakor CSV")
    import_delegates(db, event, (DATA / "delegates-rakor-750.xlsx").read_bytes(), "a.xlsx")
    import_delegates(db, other, (DATA / "delegates-rakor-750.csv").read_bytes(), "a.csv")
    db.commit()
    from_xlsx = sorted(summary(d) for d in delegates(db, event))
    from_csv = sorted(summary(d) for d in delegates(db, other))
    assert len(from_csv) == 750
    assert from_csv == from_xlsx


def test_import_sample_normalises_phones_and_regions(db, event):
    import_delegates(db, event, (DATA / "delegates-rakor-750.csv").read_bytes(), "a.csv")
    db.commit()
    by_name = {d.name: d for d in delegates(db, event)}
    dewi = by_name["Dr. H. Dewi Maulana, S.Sos., M.AP."]
    assert dewi.phone == "+62894742194560"
    assert dewi.region.name == "Provinsi Kalimantan Timur"
    assert by_name["Awang Suryani, S.Pd."].phone == "+62824191124935"
    assert dewi.match_key == match_key_for(dewi.name, dewi.ormas, dewi.region.name)
    assert "dewi maulana" in dewi.search_text and "0894742194560" in dewi.phone_digits
    assert "4742194560" not in dewi.search_text


def test_reimport_same_file_adds_nothing(db, event):
    data = (DATA / "delegates-rakor-750.xlsx").read_bytes()
    import_delegates(db, event, data, "a.xlsx")
    db.commit()
    secrets_before = {d.id: d.secret for d in delegates(db, event)}
    report = import_delegates(db, event, data, "a.xlsx")
    db.commit()
    assert (report.added, len(report.updated), report.unchanged) == (0, 0, 750)
    assert {d.id: d.secret for d in delegates(db, event)} == secrets_before


def test_csv_after_xlsx_is_unchanged(db, event):
    import_delegates(db, event, (DATA / "delegates-rakor-750.xlsx").read_bytes(), "a.xlsx")
    report = import_delegates(db, event, (DATA / "delegates-rakor-750.csv").read_bytes(), "a.csv")
    assert (report.added, len(report.updated), report.unchanged) == (0, 0, 750)


# --- every bad file is refused, by row and column, importing nothing -------------------


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        (
            "duplicate-delegates.csv",
            [
                "Baris 14 (dr. Yohanes Hamzah): peserta ini sama dengan baris 4",
                "Baris 15 (H. Aji Ajang): peserta ini sama dengan baris 7",
            ],
        ),
        ("empty.csv", ['Berkas "empty.csv" kosong.']),
        (
            "missing-name-and-ormas.csv",
            [
                "Baris 5, kolom Nama: nama wajib diisi.",
                "Baris 9 (Hj. Theresia Aini, S.Kom.), kolom Ormas: nama ormas wajib",
            ],
        ),
        ("not-a-spreadsheet.xlsx", ["tidak dapat dibuka sebagai berkas Excel"]),
        (
            "unknown-region.csv",
            [
                "Baris 6 (Hj. Muhammad Daeng Matta), kolom Kabupaten/Kota: "
                'wilayah "Kabupaten Antah Berantah" tidak dikenal',
                "Baris 11 (H. Yuliani Hidayat, S.Sos., M.AP.), kolom Kabupaten/Kota: "
                'wilayah "Jakarta Selatan" tidak dikenal',
            ],
        ),
        ("wrong-headers.csv", ["Kolom wajib tidak ditemukan: Ormas, Kabupaten/Kota."]),
    ],
)
def test_bad_file_is_refused_with_every_problem(db, event, filename, expected):
    details = problems_of(db, event, (DATA / "bad" / filename).read_bytes(), filename)
    assert len(details) == len(expected), details
    for detail, start in zip(details, expected, strict=True):
        assert start in detail


def test_unknown_region_lists_the_event_regions(db, event):
    details = problems_of(db, event, (DATA / "bad/unknown-region.csv").read_bytes(), "u.csv")
    assert "Gunakan salah satu: Provinsi Kalimantan Timur, Kabupaten Berau" in details[0]


def test_wrong_headers_say_what_was_found_and_expected(db, event):
    details = problems_of(db, event, (DATA / "bad/wrong-headers.csv").read_bytes(), "w.csv")
    assert '"Nomor", "Full Name?", "x"' in details[0]
    assert "Ormas (misalnya Ormas, Organisasi" in details[0]


def test_error_message_is_plain_indonesian(db, event):
    with pytest.raises(ImportInvalid) as caught:
        import_delegates(db, event, (DATA / "bad/unknown-region.csv").read_bytes(), "u.csv")
    assert "Belum ada data yang disimpan" in caught.value.message


def test_unknown_region_typo_suggests_the_region(db, event):
    data = csv_bytes([HEADER, [1, "A", "Ketua", "Ormas A", "", "Samarnda", ""]])
    (detail,) = problems_of(db, event, data, "t.csv")
    assert 'Mungkin maksudnya "Kota Samarinda"?' in detail


def test_good_rows_are_not_imported_when_one_row_is_bad(db, event):
    data = csv_bytes([HEADER, *ROWS, [4, "", "Ketua", "Ormas", "", "Berau", ""]])
    (detail,) = problems_of(db, event, data, "t.csv")
    assert detail == "Baris 5, kolom Nama: nama wajib diisi."


# --- what offices produce ----------------------------------------------------------------


def test_english_headers_in_another_order(db, event):
    header = ["Region", "Phone", "Organization", "Name", "Position", "Level"]
    rows = [[r[5], r[6], r[3], r[1], r[2], r[4]] for r in ROWS]
    report = import_delegates(db, event, csv_bytes([header, *rows]), "english.csv")
    siti = next(d for d in delegates(db, event) if d.name == "Siti Rahmah")
    assert report.added == 3
    assert (siti.ormas, siti.region.name, siti.phone) == (
        "Muslimat NU",
        "Kabupaten Kutai Kartanegara",
        "+6281311112222",
    )


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_delimiter_is_sniffed(db, event, delimiter):
    report = import_delegates(db, event, csv_bytes([HEADER, *ROWS], delimiter=delimiter), "c.csv")
    names = {d.name for d in delegates(db, event)}
    assert report.added == 3
    assert "Drs. H. Ahmad Syarifuddin, M.Si." in names  # the quoted commas survive


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_csv_encodings(db, event, encoding):
    rows = [HEADER, [1, "José Ramírez", "Ketua", "Ikatan Café", "", "Berau", ""]]
    import_delegates(db, event, csv_bytes(rows, encoding=encoding), "enc.csv")
    (delegate,) = delegates(db, event)
    assert (delegate.name, delegate.ormas) == ("José Ramírez", "Ikatan Café")


def test_blank_rows_are_skipped_and_rows_still_counted(db, event):
    lines = ["No;Nama;Ormas;Kota", "1;A;O;Berau", "", ";;;", " ; ; ;", "4;B;O;Paser", "5;C;;Paser"]
    data = "\r\n".join(lines).encode()
    details = problems_of(db, event, data, "blank.csv")
    assert details == ["Baris 7 (C), kolom Ormas: nama ormas wajib diisi."]
    report = import_delegates(db, event, "\r\n".join(lines[:6]).encode(), "blank.csv")
    assert report.added == 2


def test_title_block_above_the_header(db, event):
    rows = [["DAFTAR UNDANGAN RAKOR ORMAS"], ["Samarinda, 15 Oktober 2024"], [], HEADER,
            *ROWS, [9, "B", "", "Ormas B", "", "Kota Entah", ""]]  # fmt: skip
    details = problems_of(db, event, xlsx_bytes({"Undangan": rows}), "title.xlsx")
    assert details[0].startswith('Baris 8 (B), kolom Kabupaten/Kota: wilayah "Kota Entah"')


def test_header_on_the_second_sheet(db, event):
    data = xlsx_bytes({"Petunjuk": [["Isi daftar di lembar berikut"]], "Peserta": [HEADER, *ROWS]})
    report = import_delegates(db, event, data, "two.xlsx")
    assert report.added == 3
    assert report.sheet == "Peserta"
    assert any("Peserta" in w for w in report.warnings)


def test_extra_columns_are_ignored_and_reported(db, event):
    rows = [[*HEADER, "Keterangan", "Ukuran Baju"], *[[*r, "hadir", "L"] for r in ROWS]]
    report = import_delegates(db, event, csv_bytes(rows), "extra.csv")
    assert report.added == 3
    assert report.extra_columns == ["Keterangan", "Ukuran Baju"]
    assert any('"Keterangan", "Ukuran Baju"' in w for w in report.warnings)


def test_numbers_in_xlsx_cells_are_read_as_text(db, event):
    rows = [
        ["ID", *HEADER],
        ["A-1", 1, "Budi", "Ketua", "Ormas", "Provinsi", "Kaltim", 81234567890],
        [7, 2, "Sari", "Ketua", "Ormas", "Kota", "Bontang", 6281311112222.0],
    ]
    import_delegates(db, event, xlsx_bytes({"S": rows}), "num.xlsx")
    budi, sari = delegates(db, event)
    assert (budi.phone, budi.external_id) == ("+6281234567890", "A-1")
    assert (sari.phone, sari.external_id) == ("+6281311112222", "7")


def test_level_comes_from_region_without_tingkat_column(db, event):
    rows = [["Nama", "Ormas", "Wilayah"], ["A", "O", "Prov. Kaltim"], ["B", "O", "PPU"]]
    import_delegates(db, event, csv_bytes(rows), "lvl.csv")
    assert [d.level for d in delegates(db, event)] == [LEVEL_PROVINCE, LEVEL_REGENCY]


def test_level_contradicting_region_is_reported(db, event):
    rows = [HEADER, [1, "A", "Ketua", "O", "Provinsi", "Kota Samarinda", ""]]
    (detail,) = problems_of(db, event, csv_bytes(rows), "lvl.csv")
    assert detail.startswith('Baris 2 (A), kolom Tingkat: tertulis "Provinsi", tetapi Kota ')


def test_unknown_level_is_reported(db, event):
    rows = [HEADER, [1, "A", "Ketua", "O", "Nasional", "Berau", ""]]
    (detail,) = problems_of(db, event, csv_bytes(rows), "lvl.csv")
    assert detail.startswith('Baris 2 (A), kolom Tingkat: tingkat "Nasional" tidak dikenal.')


def test_broken_phone_is_reported_with_row_and_column(db, event):
    rows = [
        HEADER,
        [1, "A", "Ketua", "O", "", "Berau", "0812-ABC"],
        [2, "B", "", "O", "", "Berau", "123"],
    ]
    details = problems_of(db, event, csv_bytes(rows), "hp.csv")
    assert details[0].startswith('Baris 2 (A), kolom No. HP: nomor "0812-ABC" tidak dapat dipakai')
    assert details[1].startswith('Baris 3 (B), kolom No. HP: nomor "123" tidak dapat dipakai')


def test_broken_email_is_reported(db, event):
    rows = [["Nama", "Ormas", "Kota", "E-mail"], ["A", "O", "Berau", "budi at mail"]]
    (detail,) = problems_of(db, event, csv_bytes(rows), "mail.csv")
    assert detail == 'Baris 2 (A), kolom E-mail: alamat email "budi at mail" tidak sah.'


# --- hostile and broken files ------------------------------------------------------------


def test_hostile_values_are_stored_as_text(db, event):
    formula = '=HYPERLINK("http://evil.example","klik")'
    row = [1, formula, "<script>alert(1)</script>", "Ormas\u202e <b>X</b>", "", "Berau", ""]
    import_delegates(db, event, xlsx_bytes({"S": [HEADER, row]}), "hostile.xlsx")
    row[3] = "Ormas\x00\x07 <b>X</b>"  # control characters (XLSX cannot hold them)
    import_delegates(db, create_event(db, "e2", name="E2"), csv_bytes([HEADER, row]), "h.csv")
    for delegate in db.scalars(select(Delegate)):
        assert delegate.name == formula
        assert delegate.position == "<script>alert(1)</script>"
        assert delegate.ormas == "Ormas <b>X</b>"


def test_too_long_value_is_a_readable_error(db, event):
    rows = [HEADER, [1, "A" * 500, "Ketua", "O", "", "Berau", ""]]
    (detail,) = problems_of(db, event, csv_bytes(rows), "long.csv")
    assert detail.startswith("Baris 2 (AAAA")
    assert detail.endswith(
        "…), kolom Nama: teks terlalu panjang (500 karakter, paling banyak 200)."
    )
    assert len(detail) < 200  # the name is cut short


def test_duplicate_id_is_reported_with_both_rows(db, event):
    rows = [["Kode", "Nama", "Ormas", "Kota"], ["K1", "A", "O", "Berau"], ["K1", "B", "O", "Paser"]]
    (detail,) = problems_of(db, event, csv_bytes(rows), "dup.csv")
    assert detail == 'Baris 3 (B), kolom Kode: kode "K1" sudah dipakai di baris 2.'


def test_corrupt_xlsx_is_a_clear_error(db, event):
    data = xlsx_bytes({"S": [HEADER, *ROWS]})
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            content = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                content = content[: len(content) // 2]
            dst.writestr(item, content)
    (detail,) = problems_of(db, event, broken.getvalue(), "rusak.xlsx")
    assert "tidak dapat dibuka sebagai berkas Excel" in detail


def test_truncated_xlsx_is_a_clear_error(db, event):
    data = xlsx_bytes({"S": [HEADER, *ROWS]})
    (detail,) = problems_of(db, event, data[:2000], "potong.xlsx")
    assert "tidak dapat dibuka sebagai berkas Excel" in detail


def test_old_xls_is_refused_with_advice(db, event):
    (detail,) = problems_of(db, event, b"\xd0\xcf\x11\xe0" + b"\x00" * 600, "lama.xls")
    assert ".xls" in detail and "simpan sebagai" in detail


def test_binary_file_named_csv_is_refused(db, event):
    (detail,) = problems_of(db, event, bytes(range(256)) * 10, "foto.csv")
    assert "bukan spreadsheet" in detail


def test_too_large_file_is_refused(db, event, monkeypatch):
    monkeypatch.setattr("checkin.importing.spreadsheets.MAX_FILE_BYTES", 1000)
    (detail,) = problems_of(db, event, csv_bytes([HEADER, *ROWS * 20]), "besar.csv")
    assert "terlalu besar" in detail


def test_header_without_rows_is_refused(db, event):
    (detail,) = problems_of(db, event, csv_bytes([HEADER, [], []]), "kosong.csv")
    assert "tidak berisi satu pun peserta" in detail


def test_text_without_a_header_row_is_refused(db, event):
    (detail,) = problems_of(db, event, b"halo\napa kabar\n", "surat.csv")
    assert "Baris judul kolom tidak ditemukan" in detail


# --- re-importing an updated list --------------------------------------------------------


def test_updated_file_updates_changed_rows_and_reports_fields(db, event):
    import_delegates(db, event, csv_bytes([HEADER, *ROWS]), "v1.csv")
    db.commit()
    before = {d.name: d.id for d in delegates(db, event)}
    changed = [list(r) for r in ROWS]
    changed[1][2] = "Ketua"  # position
    changed[1][6] = "0813 9999 8888"  # phone
    changed.append([4, "Baru", "Anggota", "Ormas Baru", "", "Berau", ""])
    report = import_delegates(db, event, csv_bytes([HEADER, *changed]), "v2.csv")
    db.commit()
    assert (report.added, report.unchanged) == (1, 2)
    (change,) = report.updated
    assert (change.row, change.name, change.fields) == (3, "Siti Rahmah", ["position", "phone"])
    assert change.field_labels == ["Jabatan", "No. HP"]
    siti = next(d for d in delegates(db, event) if d.name == "Siti Rahmah")
    assert siti.id == before["Siti Rahmah"]
    assert (siti.position, siti.phone) == ("Ketua", "+6281399998888")
    assert "081399998888" in siti.phone_digits and "99998888" not in siti.search_text


def test_delegates_missing_from_new_file_are_kept(db, event):
    import_delegates(db, event, csv_bytes([HEADER, *ROWS]), "v1.csv")
    report = import_delegates(db, event, csv_bytes([HEADER, ROWS[0]]), "v2.csv")
    assert (report.unchanged, report.not_in_file) == (1, 2)
    assert count(db, event) == 3


def test_region_spelling_does_not_matter_on_reimport(db, event):
    import_delegates(db, event, csv_bytes([HEADER, *ROWS]), "v1.csv")
    respelled = [[*r[:5], {"Kukar": "KAB. KUTAI KARTANEGARA"}.get(r[5], r[5]), r[6]] for r in ROWS]
    report = import_delegates(db, event, csv_bytes([HEADER, *respelled]), "v2.csv")
    assert (report.added, report.unchanged) == (0, 3)


def test_id_column_matches_a_renamed_delegate(db, event):
    header = ["ID", "Nama", "Ormas", "Kabupaten/Kota"]
    import_delegates(db, event, csv_bytes([header, ["P-1", "Ahmad", "GAMKI", "Berau"]]), "v1.csv")
    db.commit()
    (first,) = delegates(db, event)
    report = import_delegates(
        db, event, csv_bytes([header, ["P-1", "H. Ahmad, S.E.", "GAMKI", "Paser"]]), "v2.csv"
    )
    db.commit()
    (after,) = delegates(db, event)
    assert after.id == first.id and after.secret == first.secret
    assert (after.name, after.region.name) == ("H. Ahmad, S.E.", "Kabupaten Paser")
    assert report.updated[0].fields == ["name", "region_id"]
    assert after.match_key == match_key_for("H. Ahmad, S.E.", "GAMKI", "Kabupaten Paser")


def test_id_column_added_later_attaches_to_existing_delegates(db, event):
    import_delegates(
        db, event, csv_bytes([["Nama", "Ormas", "Kota"], ["A", "O", "Berau"]]), "1.csv"
    )
    rows = [["ID", "Nama", "Ormas", "Kota"], ["X9", "A", "O", "Berau"]]
    report = import_delegates(db, event, csv_bytes(rows), "2.csv")
    assert report.updated[0].fields == ["external_id"]
    assert delegates(db, event)[0].external_id == "X9"


def test_id_moved_from_a_delegate_to_a_new_row_is_imported(db, event):
    # The stored delegate gives up P-1 in the same file that gives it to someone new: the
    # unique organiser's id must be free before the new row takes it.
    header = ["ID", "Nama", "Ormas", "Kabupaten/Kota"]
    import_delegates(db, event, csv_bytes([header, ["P-1", "Ahmad", "GAMKI", "Berau"]]), "v1.csv")
    db.commit()
    rows = [header, ["", "Ahmad", "GAMKI", "Berau"], ["P-1", "Budi", "KNPI", "Paser"]]
    report = import_delegates(db, event, csv_bytes(rows), "v2.csv")
    db.commit()
    assert (report.added, [u.fields for u in report.updated]) == (1, [["external_id"]])
    ahmad, budi = delegates(db, event)
    assert (ahmad.name, ahmad.external_id, budi.name, budi.external_id) == (
        "Ahmad", None, "Budi", "P-1"
    )  # fmt: skip


def test_missing_optional_column_keeps_stored_values(db, event):
    import_delegates(db, event, csv_bytes([HEADER, *ROWS]), "v1.csv")
    rows = [["Nama", "Ormas", "Kabupaten/Kota"], *[[r[1], r[3], r[5]] for r in ROWS]]
    report = import_delegates(db, event, csv_bytes(rows), "v2.csv")
    assert report.unchanged == 3
    assert delegates(db, event)[0].phone == "+6281234567890"


def test_preview_writes_nothing(db, event):
    report = preview_import(db, event, csv_bytes([HEADER, *ROWS]), "p.csv")
    assert report.added == 3 and not report.committed
    assert [s.status for s in report.sample] == ["new", "new", "new"]
    assert report.by_level == {LEVEL_PROVINCE: 1, LEVEL_REGENCY: 2}
    assert [(u.region, u.rows, u.spellings) for u in report.regions] == [
        ("Provinsi Kalimantan Timur", 1, [("Prov. Kaltim", 1)]),
        ("Kabupaten Kutai Kartanegara", 1, [("Kukar", 1)]),
        ("Kota Balikpapan", 1, [("Kota Bpp", 1)]),
    ]
    assert count(db, event) == 0


def test_import_is_audit_logged(db, event):
    import_delegates(db, event, csv_bytes([HEADER, *ROWS]), "p.csv", by="admin-user")
    log = db.scalar(select(AuditLog).where(AuditLog.action == "import_delegates"))
    assert log.actor == "admin-user" and "added 3" in log.detail


def test_regions_of_another_event_are_not_used(db, event):
    other = create_event(db, "lain", name="Lain")
    other.regions = [Region(name="Kota Tarakan", level=LEVEL_REGENCY, aliases="Tarakan")]
    db.flush()
    rows = [["Nama", "Ormas", "Kota"], ["A", "O", "Tarakan"]]
    assert import_delegates(db, other, csv_bytes(rows), "t.csv").added == 1
    (detail,) = problems_of(db, event, csv_bytes(rows), "t.csv")
    assert 'wilayah "Tarakan" tidak dikenal' in detail


# --- the shared key functions ------------------------------------------------------------


def test_update_without_phone_column_keeps_the_phone_digits(db, event):
    import_delegates(db, event, csv_bytes([HEADER, *ROWS]), "v1.csv")
    rows = [
        ["Nama", "Jabatan", "Ormas", "Kabupaten/Kota"],
        *[[r[1], "Anggota", r[3], r[5]] for r in ROWS],
    ]
    report = import_delegates(db, event, csv_bytes(rows), "v2.csv")
    assert len(report.updated) == 3
    ahmad = delegates(db, event)[0]
    assert (ahmad.position, ahmad.phone) == ("Anggota", "+6281234567890")
    assert ahmad.phone_digits == "6281234567890 081234567890"
    assert "anggota" in ahmad.search_text and "4567890" not in ahmad.search_text


def test_match_key_ignores_case_and_spacing():
    assert match_key_for("  Ahmad   HIDAYAT ", "GAMKI", "Kota Samarinda") == (
        "ahmad hidayat|gamki|kota samarinda"
    )


def test_search_text_holds_name_ormas_position_and_region_never_the_phone():
    text = search_text_for(
        name="Siti", ormas="Muslimat NU", position="Ketua", region_name="Kota Bontang"
    )
    assert text == "siti muslimat nu ketua kota bontang"


# --- phones in the preview (issue 13, item 17) --------------------------------------------


def test_preview_notes_office_lines_and_lists_delegates_without_a_phone(db, event):
    data = (DATA / "phones-office.csv").read_bytes()
    report = preview_import(db, event, data, "phones-office.csv")
    assert [(n.row, n.name, n.phone) for n in report.office_lines] == [
        (2, "Siti Rahmah", "+62541736123"),
        (7, "Dedi Kurnia", "+6255421234"),
    ]
    assert [(n.row, n.name) for n in report.without_phone] == [(6, "Eka Putri")]
    assert any("2 nomor telepon kantor, bukan nomor HP/WhatsApp" in w for w in report.warnings)
    notes = {r.name: r.phone_note for r in report.sample}
    assert notes["Siti Rahmah"] == "nomor telepon kantor, bukan nomor HP/WhatsApp"
    assert notes["Budi Santoso"] is None and notes["Eka Putri"] is None
    phones = {r.name: r.phone for r in report.sample}
    assert phones["Budi Santoso"] == "+6281234567890"  # Excel dropped the 0
    assert phones["Yohanes Ngau"] == "+6281311112222"  # 62 without its +
    assert phones["Andi Lala"] == "+62811234567"  # +62 (0) …


def test_imported_office_line_is_stored_and_searchable(db, event):
    import_delegates(db, event, (DATA / "phones-office.csv").read_bytes(), "phones-office.csv")
    db.commit()
    siti = next(d for d in delegates(db, event) if d.name == "Siti Rahmah")
    assert siti.phone == "+62541736123"
    assert siti.phone_digits == "62541736123 0541736123"


def test_cli_summary_names_office_lines_and_delegates_without_a_phone(db, event):
    data = (DATA / "phones-office.csv").read_bytes()
    lines = preview_import(db, event, data, "phones-office.csv").summary_lines()
    assert "  row 2 Siti Rahmah: +62 541 736123 (office line, not WhatsApp)" in lines
    assert "  row 6 Eka Putri: no phone" in lines


def test_problem_names_the_delegate_as_well_as_the_row(db, event):
    rows = [HEADER, *ROWS[:1], [14, "Siti Rahmah", "", "Muslimat NU", "", "Kukar", "0812-ABC"]]
    (detail,) = problems_of(db, event, csv_bytes(rows), "hp.csv")
    assert detail.startswith('Baris 3 (Siti Rahmah), kolom No. HP: nomor "0812-ABC"')
