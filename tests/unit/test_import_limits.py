"""Spreadsheet bombs are refused at the limits, counted on what is actually read.

Times are not asserted (no timed tests); the CLI test measures the peak memory of a real
`checkin import-delegates` of the bomb, and bench/bench_bomb.py prints how long it takes.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import func, select

from checkin.errors import ImportInvalid
from checkin.importing import import_delegates
from checkin.importing.limits import MAX_ROWS, MAX_ZIP_ENTRIES
from checkin.models import Delegate
from tests.bombs import (
    BLANK_ROW,
    csv_long_line,
    csv_row_bomb,
    padded_sheet,
    row_bomb,
    xlsx_with_sheet,
)

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Nama</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Ormas</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>Kota</t></is></c></row>'
)
ROW_LIMIT = f"lebih dari {MAX_ROWS} baris (baris kosong ikut dihitung)"


def refusal(db, event, data: bytes, filename: str) -> str:
    """The one problem an import of data gives; nothing is imported."""
    with pytest.raises(ImportInvalid) as caught:
        import_delegates(db, event, data, filename)
    db.rollback()
    assert db.scalar(select(func.count(Delegate.id))) == 0
    (problem,) = caught.value.details
    return problem


def sheet(body: str, *, head: str = "") -> bytes:
    """An XLSX whose only worksheet is the header row and then body."""
    out = io.BytesIO()
    xlsx_with_sheet(
        out,
        f"<worksheet {NS}>{head}<sheetData>{HEADER_ROW}".encode(),
        body.encode(),
        1,
        b"</sheetData></worksheet>",
    )
    return out.getvalue()


def test_xlsx_bomb_of_empty_rows_is_refused_at_the_row_limit(db, event, tmp_path):
    bomb = row_bomb(tmp_path / "bomb.xlsx")  # 7.8 million rows, about 1 MB zipped
    assert len(bomb.read_bytes()) < 2 * 1024 * 1024
    problem = refusal(db, event, bomb.read_bytes(), "bomb.xlsx")
    assert problem.startswith(f'Lembar "Peserta" berisi {ROW_LIMIT}.')
    assert "Hapus baris kosong di bawah daftar" in problem


def test_xlsx_row_numbered_past_the_limit_is_refused(db, event):
    far = MAX_ROWS + 1
    row = f'<row r="{far}"><c r="A{far}" t="inlineStr"><is><t>x</t></is></c></row>'
    assert ROW_LIMIT in refusal(db, event, sheet(row), "jauh.xlsx")


def test_xlsx_rows_up_to_the_limit_are_read(db, event, monkeypatch):
    monkeypatch.setattr("checkin.importing.xlsx.MAX_ROWS", 3)
    rows = '<row r="2"><c r="A2" t="inlineStr"><is><t>Siti</t></is></c>'
    rows += '<c r="B2" t="inlineStr"><is><t>Muslimat</t></is></c>'
    rows += '<c r="C2" t="inlineStr"><is><t>Berau</t></is></c></row><row r="3"/>'
    assert import_delegates(db, event, sheet(rows), "pas.xlsx").added == 1
    with pytest.raises(ImportInvalid):
        import_delegates(db, event, sheet(rows + '<row r="4"/>'), "lebih.xlsx")


def test_xlsx_unpacked_bytes_are_counted_as_they_are_read(db, event, tmp_path):
    # Three rows padded with 70 MB of comments: few rows, but more XML than the budget.
    data = padded_sheet(tmp_path / "pad.xlsx", 70 * 1024 * 1024).read_bytes()
    problem = refusal(db, event, data, "pad.xlsx")
    assert problem.startswith("Isi berkas Excel terlalu besar untuk dibaca (lebih dari 64 MB")


def test_xlsx_of_too_many_elements_is_refused_while_parsing(db, event, monkeypatch):
    # Parsing time grows with the elements (64 MB of "<c/>" are 16 million of them).
    monkeypatch.setattr("checkin.importing.limits.MAX_ELEMENTS", 1000)
    rows = "".join(f"<row>{'<c/>' * 100}</row>" for _ in range(20))
    problem = refusal(db, event, sheet(rows), "sel.xlsx")
    assert problem.startswith("Berkas Excel terlalu rumit untuk dibaca")


def test_xlsx_cell_longer_than_the_limit_is_refused(db, event):
    row = '<row r="2"><c r="A2" t="inlineStr"><is><t>' + "A" * (2 * 1024 * 1024)
    row += "</t></is></c></row>"
    assert "sel atau bagian yang terlalu panjang" in refusal(db, event, sheet(row), "p.xlsx")


def test_xlsx_text_split_by_comments_is_still_limited(db, event):
    piece = "A" * 1000 + "<!---->"
    row = '<row r="2"><c r="A2" t="inlineStr"><is><t>' + piece * 1100 + "</t></is></c></row>"
    assert "sel atau bagian yang terlalu panjang" in refusal(db, event, sheet(row), "p.xlsx")


def test_xlsx_with_a_dtd_is_refused_and_expands_no_entity(db, event):
    head = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    out = io.BytesIO()
    xlsx_with_sheet(
        out,
        f'{head}<worksheet {NS}><sheetData>{HEADER_ROW}<row r="2"><c r="A2" t="inlineStr">'
        "<is><t>&b;</t></is></c></row>".encode(),
        b"",
        0,
        b"</sheetData></worksheet>",
    )
    assert "tidak dapat dibuka sebagai berkas Excel" in refusal(db, event, out.getvalue(), "d.xlsx")


def test_xlsx_nested_too_deep_is_refused(db, event):
    deep = '<row r="2">' + "<x>" * 1000 + "</x>" * 1000 + "</row>"
    assert "tidak dapat dibuka sebagai berkas Excel" in refusal(db, event, sheet(deep), "d.xlsx")


def test_zip_of_too_many_parts_is_refused_before_it_is_opened(db, event):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for n in range(MAX_ZIP_ENTRIES + 1):
            archive.writestr(f"x/{n}", b"")
    assert "Isi berkas Excel terlalu besar" in refusal(db, event, out.getvalue(), "z.xlsx")


def test_blank_rows_still_count_for_the_limit_in_xlsx(db, event, tmp_path):
    path = xlsx_with_sheet(
        tmp_path / "blank.xlsx",
        f"<worksheet {NS}><sheetData>{HEADER_ROW}".encode(),
        BLANK_ROW,
        MAX_ROWS,
        b"</sheetData></worksheet>",
    )
    assert ROW_LIMIT in refusal(db, event, path.read_bytes(), "blank.xlsx")


def test_csv_bomb_of_empty_lines_is_refused_at_the_row_limit(db, event, tmp_path):
    data = csv_row_bomb(tmp_path / "bomb.csv").read_bytes()  # 3 million lines
    assert refusal(db, event, data, "bomb.csv").startswith(f"Berkas ini berisi {ROW_LIMIT}.")


def test_csv_rows_up_to_the_limit_are_read(db, event, monkeypatch):
    monkeypatch.setattr("checkin.importing.spreadsheets.MAX_ROWS", 3)
    data = b"Nama;Ormas;Kota\r\nSiti;Muslimat;Berau\r\n\r\n"
    assert import_delegates(db, event, data, "pas.csv").added == 1
    with pytest.raises(ImportInvalid):
        import_delegates(db, event, data + b"\r\n", "lebih.csv")


def test_csv_endless_line_is_refused_before_it_is_split(db, event, tmp_path):
    data = csv_long_line(tmp_path / "line.csv").read_bytes()  # 20 MB of semicolons
    problem = refusal(db, event, data, "line.csv")
    assert problem.startswith("Baris 1 terlalu panjang (lebih dari 1024 KB).")


def test_csv_endless_line_after_good_lines_names_its_row(db, event):
    data = b"Nama;Ormas;Kota\r\nSiti;Muslimat;Berau\r\n" + b";" * (2 * 1024 * 1024)
    assert refusal(db, event, data, "line.csv").startswith("Baris 3 terlalu panjang")
