"""The limits on what one uploaded delegate list may make the server read.

An upload is parsed in a request thread of the process that also serves the doors, so
reading it must end soon and stay small whatever the file holds. Every limit is checked
while the file is read, on what is actually read (the bytes a zip part really unpacks to,
the rows as they come), never on what the file declares about itself. A 1 MB XLSX that
unpacks to 392 MB of 7.8 million empty rows is refused at row 200,001, after reading
about 10 MB of it; the largest file within the limits is read in a few seconds.
"""

from __future__ import annotations

from flask_babel import gettext as _

from checkin.errors import ImportInvalid

#: Larger files are refused before parsing (100,000 delegates as CSV are about 12 MB).
MAX_FILE_BYTES = 30 * 1024 * 1024
#: Rows read from one sheet, blank rows included: the spreadsheet row number never passes it.
MAX_ROWS = 200_000
#: Columns read per row; offices' lists have fewer than 20.
MAX_COLUMNS = 100
#: XML actually unpacked from one XLSX, all parts and every reading of them together
#: (100,000 delegates as openpyxl writes them are about 45 MB; Excel writes less).
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
#: XML elements parsed for one XLSX, every reading together: what parsing time grows with
#: (200,000 rows of eight cells as Excel writes them are about 3.4 million).
MAX_ELEMENTS = 5_000_000
#: The longest text or tag of an XLSX part and the longest cell text (Excel allows 32,767
#: characters in a cell).
MAX_TEXT_BYTES = 1024 * 1024
#: Entries of an XLSX shared-string table (all different texts of the workbook).
MAX_SHARED_STRINGS = 1_000_000
#: Elements nested in elements; the XLSX parts we read nest five deep.
MAX_DEPTH = 32
#: Sheets, relationships or cell formats one workbook lists (Excel allows 64,000 formats).
MAX_WORKBOOK_ENTRIES = 65_536
#: Parts of one zip (an office's XLSX has about ten); zipfile keeps a record of each.
MAX_ZIP_ENTRIES = 10_000
#: The longest CSV record: one line, or the lines a quoted cell joins.
MAX_RECORD_CHARS = 1024 * 1024


def file_problem(message: str) -> ImportInvalid:
    """An ImportInvalid for a problem with the whole file."""
    return ImportInvalid(_("Berkas tidak dapat diimpor."), details=[message])


def too_many_rows(sheet: str | None) -> ImportInvalid:
    """The file goes past MAX_ROWS rows (in the named worksheet, for an XLSX)."""
    where = _('Lembar "%(sheet)s"', sheet=sheet) if sheet else _("Berkas ini")
    return file_problem(
        _(
            "%(where)s berisi lebih dari %(n)d baris (baris kosong ikut dihitung). Hapus "
            "baris kosong di bawah daftar, atau bagi daftar menjadi beberapa berkas.",
            where=where,
            n=MAX_ROWS,
        )
    )


def too_much_content() -> ImportInvalid:
    """An XLSX that unpacks to more than MAX_UNPACKED_BYTES."""
    return file_problem(
        _(
            "Isi berkas Excel terlalu besar untuk dibaca (lebih dari %(max)d MB setelah "
            "dibuka). Bagi daftar menjadi beberapa berkas.",
            max=MAX_UNPACKED_BYTES // 1024 // 1024,
        )
    )


def too_many_elements() -> ImportInvalid:
    """An XLSX with more than MAX_ELEMENTS cells and other XML elements."""
    return file_problem(
        _(
            "Berkas Excel terlalu rumit untuk dibaca (lebih dari %(n)d juta sel dan unsur "
            "lainnya). Bagi daftar menjadi beberapa berkas.",
            n=MAX_ELEMENTS // 1_000_000,
        )
    )


def too_long_text(row: int | None = None) -> ImportInvalid:
    """A cell (or a CSV line) far longer than any list holds."""
    if row is None:
        return file_problem(
            _(
                "Berkas Excel berisi sel atau bagian yang terlalu panjang (lebih dari %(max)d "
                "KB). Periksa isinya, simpan ulang, lalu unggah lagi.",
                max=MAX_TEXT_BYTES // 1024,
            )
        )
    return file_problem(
        _(
            "Baris %(row)d terlalu panjang (lebih dari %(max)d KB). Periksa baris itu (tanda "
            "kutip yang tidak ditutup?) lalu unggah lagi.",
            row=row,
            max=MAX_RECORD_CHARS // 1024,
        )
    )


class UnpackBudget:
    """What reading one XLSX has cost so far, counted as it is read: the bytes unpacked and
    the XML elements parsed. Past either limit it refuses the file."""

    def __init__(self) -> None:
        self.used = 0
        self.elements = 0

    def spend(self, size: int) -> None:
        """Count size more bytes unpacked, or raise ImportInvalid past the limit."""
        self.used += size
        if self.used > MAX_UNPACKED_BYTES:
            raise too_much_content()

    def parsed(self, elements: int) -> None:
        """Count more elements parsed, or raise ImportInvalid past the limit."""
        self.elements += elements
        if self.elements > MAX_ELEMENTS:
            raise too_many_elements()
