"""Reading uploaded spreadsheets: XLSX or CSV bytes become sheets of numbered rows.

This module knows file formats (zip containers, encodings, delimiters), not delegates:
`importing` decides which row is the header and what the columns mean. Both formats are
read as streams within the limits of `checkin.importing.limits` (rows, unpacked bytes,
line lengths), so no upload keeps a worker busy for more than a few seconds.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from flask_babel import gettext as _

from checkin.errors import ImportInvalid
from checkin.importing.limits import (
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_RECORD_CHARS,
    MAX_ROWS,
    MAX_ZIP_ENTRIES,
    file_problem,
    too_long_text,
    too_many_rows,
    too_much_content,
)
from checkin.importing.xlsx import Row, Workbook

#: CSV delimiters tried, in order of preference on a tie.
CSV_DELIMITERS = (";", ",", "\t", "|")

XLSX_EXTENSIONS = (".xlsx", ".xlsm")
CSV_EXTENSIONS = (".csv", ".txt", ".tsv")
_ZIP_MAGIC = b"PK\x03\x04"
_ZIP_ENTRY = b"PK\x01\x02"  # a central directory record, one per part
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old .xls format
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass
class RawSheet:
    """One table to look for a header in: an XLSX worksheet or a CSV parsed with a delimiter."""

    #: The worksheet's name; None for CSV.
    name: str | None
    #: Returns a fresh iterator of (spreadsheet row number, cells), starting at row 1.
    rows: Callable[[], Iterator[Row]]


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
            lines = _Lines(text)
            records = csv.reader(lines, delimiter=delimiter)
            number = 0
            try:
                for number, record in enumerate(records, start=1):  # noqa: B007
                    if number > MAX_ROWS:
                        raise too_many_rows(None)
                    lines.next_record(number + 1)
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


class _Lines:
    """The lines of a CSV text with their line ends, for csv.reader, one record's worth at a
    time: a record (a line, or the lines a quoted cell joins) over MAX_RECORD_CHARS is
    refused before csv splits it into cells."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.record = 1
        self.record_chars = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self.at >= len(self.text):
            raise StopIteration
        room = MAX_RECORD_CHARS - self.record_chars
        end = _LINE_END.search(self.text, self.at, self.at + room + 2)
        stop = end.end() if end else len(self.text)
        if stop - self.at > room:
            raise too_long_text(self.record)
        line = self.text[self.at : stop]
        self.at = stop
        self.record_chars += len(line)
        return line

    def next_record(self, number: int) -> None:
        """The record before has been read; count the next one from zero."""
        self.record, self.record_chars = number, 0


# --- XLSX --------------------------------------------------------------------------------


@contextlib.contextmanager
def _xlsx_sheets(data: bytes, filename: str) -> Iterator[list[RawSheet]]:
    if data.count(_ZIP_ENTRY) > MAX_ZIP_ENTRIES:
        raise too_much_content()
    try:
        workbook = Workbook(data)
    except ImportInvalid:
        raise
    except Exception:  # a broken zip or XML fails in many ways
        raise file_problem(_corrupt_xlsx(filename)) from None
    with contextlib.closing(workbook):
        yield [
            RawSheet(title, _guarded(partial(workbook.rows, part, title), filename))
            for title, part in workbook.sheets
        ]


def _guarded(rows: Callable[[], Iterator[Row]], filename: str) -> Callable[[], Iterator[Row]]:
    """rows, with structural damage found while reading turned into one clear message."""

    def guarded() -> Iterator[Row]:
        try:
            yield from rows()
        except ImportInvalid:
            raise
        except Exception:
            raise file_problem(_corrupt_xlsx(filename)) from None

    return guarded
