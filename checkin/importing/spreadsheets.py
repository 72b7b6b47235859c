"""Reading uploaded spreadsheets: XLSX or CSV bytes become sheets of numbered rows.

This module knows file formats (zip containers, encodings, delimiters), not delegates:
`importing` decides which row is the header and what the columns mean.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import zip_longest

from flask_babel import gettext as _

from checkin.errors import ImportInvalid

#: Larger files are refused before parsing (100,000 delegates as CSV are about 12 MB).
MAX_FILE_BYTES = 30 * 1024 * 1024
#: A zip whose parts unpack to more than this is treated as a zip bomb.
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
#: Columns read per row; offices' lists have fewer than 20.
MAX_COLUMNS = 100
#: CSV delimiters tried, in order of preference on a tie.
CSV_DELIMITERS = (";", ",", "\t", "|")

XLSX_EXTENSIONS = (".xlsx", ".xlsm")
CSV_EXTENSIONS = (".csv", ".txt", ".tsv")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old .xls format

Row = tuple[int, list[object]]


@dataclass
class RawSheet:
    """One table to look for a header in: an XLSX worksheet or a CSV parsed with a delimiter."""

    #: The worksheet's name; None for CSV.
    name: str | None
    #: Returns a fresh iterator of (spreadsheet row number, cells), starting at row 1.
    rows: Callable[[], Iterator[Row]]


def file_problem(message: str) -> ImportInvalid:
    """An ImportInvalid for a problem with the whole file."""
    return ImportInvalid(_("Berkas tidak dapat diimpor."), details=[message])


@contextlib.contextmanager
def open_sheets(data: bytes, filename: str) -> Iterator[list[RawSheet]]:
    """Yield the candidate sheets of an XLSX or CSV file, or raise ImportInvalid."""
    if not data or not data.strip():
        raise file_problem(_('Berkas "%(name)s" kosong.', name=filename))
    if len(data) > MAX_FILE_BYTES:
        raise file_problem(
            _(
                "Berkas terlalu besar (%(size)s MB; paling besar %(max)s MB). "
                "Bagi daftar menjadi beberapa berkas.",
                size=f"{len(data) / 1024 / 1024:.1f}",
                max=MAX_FILE_BYTES // 1024 // 1024,
            )
        )
    lower = filename.lower()
    if data.startswith(_ZIP_MAGIC):
        with _xlsx_sheets(data, filename) as sheets:
            yield sheets
        return
    if data.startswith(_OLE_MAGIC) or lower.endswith(".xls"):
        raise file_problem(
            _(
                'Berkas "%(name)s" berformat Excel lama (.xls). Buka di Excel, simpan sebagai '
                ".xlsx atau CSV, lalu unggah lagi.",
                name=filename,
            )
        )
    if lower.endswith(XLSX_EXTENSIONS):
        raise file_problem(_corrupt_xlsx(filename))
    yield _csv_sheets(_decode(data, filename), filename)


def _corrupt_xlsx(filename: str) -> str:
    return _(
        'Berkas "%(name)s" tidak dapat dibuka sebagai berkas Excel (.xlsx): berkas rusak atau '
        "bukan spreadsheet. Buka di Excel, simpan ulang sebagai .xlsx atau CSV, lalu unggah lagi.",
        name=filename,
    )


def _not_a_spreadsheet(filename: str) -> str:
    return _(
        'Berkas "%(name)s" bukan spreadsheet yang dapat dibaca. Unggah berkas Excel (.xlsx) '
        "atau CSV.",
        name=filename,
    )


# --- CSV ---------------------------------------------------------------------------------


def _decode(data: bytes, filename: str) -> str:
    """Text of a CSV: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode_strict(data[3:], "utf-8", filename)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_strict(data, "utf-16", filename)
    if data[:8192].count(b"\x00") > 2:  # binary; a stray NUL in a cell is dropped later
        raise file_problem(_not_a_spreadsheet(filename))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the ANSI code page; five bytes are unassigned there.
        return data.decode("cp1252", errors="replace")


def _decode_strict(data: bytes, encoding: str, filename: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise file_problem(_not_a_spreadsheet(filename)) from None


def _csv_sheets(text: str, filename: str) -> list[RawSheet]:
    def reader(delimiter: str) -> Callable[[], Iterator[Row]]:
        def rows() -> Iterator[Row]:
            records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            number = 0
            try:
                for number, record in enumerate(records, start=1):  # noqa: B007
                    yield number, list(record[:MAX_COLUMNS])
            except csv.Error:
                raise file_problem(
                    _(
                        "Baris %(row)d tidak dapat dibaca (tanda kutip tidak berpasangan atau "
                        "isi sel terlalu panjang). Periksa baris itu lalu unggah lagi.",
                        row=number + 1,
                    )
                ) from None

        return rows

    return [RawSheet(None, reader(d)) for d in CSV_DELIMITERS]


# --- XLSX --------------------------------------------------------------------------------


@contextlib.contextmanager
def _xlsx_sheets(data: bytes, filename: str) -> Iterator[list[RawSheet]]:
    from openpyxl import load_workbook

    has_formulas = _check_zip(data, filename)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it drops; they do not matter here.
            warnings.simplefilter("ignore")
            # Cached values are what the clerk sees in Excel.
            values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            # Files written by programs carry formulas without cached values: then keep the
            # formula's text (stored as text, never evaluated).
            formulas = (
                load_workbook(io.BytesIO(data), read_only=True, data_only=False)
                if has_formulas
                else None
            )
    except Exception:  # openpyxl raises many kinds for broken files
        raise file_problem(_corrupt_xlsx(filename)) from None
    try:
        sheets = [
            RawSheet(ws.title, _worksheet_rows(values, formulas, ws.title, filename))
            for ws in values.worksheets
        ]
        yield sheets
    finally:
        values.close()
        if formulas is not None:
            formulas.close()


def _check_zip(data: bytes, filename: str) -> bool:
    """Refuse zip bombs and return whether any worksheet holds formulas."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
                raise file_problem(
                    _("Isi berkas Excel terlalu besar untuk dibaca. Bagi menjadi beberapa berkas.")
                )
            for info in infos:
                if info.filename.startswith("xl/worksheets/") and _has_formula(archive, info):
                    return True
    except zipfile.BadZipFile:
        raise file_problem(_corrupt_xlsx(filename)) from None
    return False


def _has_formula(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(1 << 20):
            block = tail + chunk
            if b"<f>" in block or b"<f " in block or b":f>" in block or b":f " in block:
                return True
            tail = block[-4:]
    return False


def _worksheet_rows(values, formulas, title: str, filename: str) -> Callable[[], Iterator[Row]]:
    def rows() -> Iterator[Row]:
        try:
            sheet = values[title]
            # The sheet's declared width, capped: some programs declare all 16,384 columns
            # and read-only rows are padded to it.
            width = min(sheet.max_column or MAX_COLUMNS, MAX_COLUMNS)
            cached = sheet.iter_rows(max_col=width, values_only=True)
            if formulas is None:
                for number, cells in enumerate(cached, start=1):
                    yield number, list(cells)
                return
            written = formulas[title].iter_rows(max_col=width, values_only=True)
            for number, (shown, raw) in enumerate(zip_longest(cached, written), start=1):
                yield number, _merge(shown or (), raw or ())
        except ImportInvalid:
            raise
        except Exception:
            raise file_problem(_corrupt_xlsx(filename)) from None

    return rows


def _merge(shown: tuple, raw: tuple) -> list[object]:
    return [s if s is not None else r for s, r in zip_longest(shown, raw)]
