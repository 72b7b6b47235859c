"""Reading the cell values of an XLSX workbook as a stream, within the limits.

An XLSX is a zip of XML parts: the workbook lists its worksheets, a shared-string table
holds their texts, the styles say which numbers are dates, and each worksheet holds rows
of cells. openpyxl reads a worksheet without `<dimension>` to its end before giving the
first row and keeps an element per row, so a small file could hold a worker for a minute
and hundreds of MB. Here each worksheet is parsed as it is unpacked (xlsx_parts), one row
at a time, up to the end of `<sheetData>`, and refused at the first limit of
`checkin.importing.limits`. Values come out as openpyxl's read-only mode gives them
(numbers, dates, booleans, texts); a formula without a cached value gives its own text,
never evaluated.

Structural damage raises ValueError, KeyError or zip/expat errors; the caller turns those
into one readable message. Passing a limit raises ImportInvalid.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)

from checkin.importing.limits import MAX_COLUMNS, MAX_DEPTH, MAX_ROWS, UnpackBudget, too_many_rows
from checkin.importing.xlsx_parts import Collecting, Parts, target

#: (spreadsheet row number, cells), as every reader of a sheet gives them.
Row = tuple[int, list[object]]


class Workbook:
    """An open XLSX: its worksheets (name and part) and what reading their cells needs."""

    def __init__(self, data: bytes) -> None:
        self.archive = zipfile.ZipFile(io.BytesIO(data))
        self.parts = Parts(self.archive, UnpackBudget())
        main = target(self.parts.relationships(""), "/officeDocument") or "xl/workbook.xml"
        listing = self.parts.listing(main)
        related = self.parts.relationships(main)
        self.epoch = CALENDAR_MAC_1904 if listing.date1904 else CALENDAR_WINDOWS_1900
        #: (worksheet name, part), in the workbook's order; chart sheets are left out.
        self.sheets = [
            (name, related[rid][1])
            for name, rid in listing.sheets
            if rid in related and related[rid][0].endswith("/worksheet")
        ]
        styles = target(related, "/styles")
        self.date_styles = self.parts.date_styles(styles) if styles else frozenset()
        strings = target(related, "/sharedStrings")
        self.strings = self.parts.shared_strings(strings) if strings else []

    def close(self) -> None:
        """Release the archive."""
        self.archive.close()

    def rows(self, part: str, title: str) -> Iterator[Row]:
        """(row number, cells) of one worksheet from row 1, blank rows as empty lists."""
        handler = _SheetHandler(self, title)
        number = 0
        for ready in self.parts.stream(part, handler):
            for row_number, cells in ready:
                while number + 1 < row_number:
                    number += 1
                    yield number, []
                number = row_number
                yield number, [cells.get(i) for i in range(1, max(cells, default=0) + 1)]
            ready.clear()


class _SheetHandler(Collecting):
    """The rows of a worksheet: each finished row goes to `ready` as (number, {column: value})."""

    def __init__(self, workbook: Workbook, title: str) -> None:
        super().__init__()
        self.workbook = workbook
        self.title = title
        self.number = 0
        self.row: dict[int, object] | None = None
        self.row_number = 0
        self.column = 0
        self.kind = "n"
        self.style: str | None = None
        self.value: str | None = None
        self.formula: str | None = None
        self.inline: list[str] | None = None
        self.phonetic = 0

    # start and end run once per element of the sheet: Handler's work is inlined here.

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        self.elements += 1
        if self.depth > MAX_DEPTH:
            raise ValueError("nested too deep")
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "c":
            ref = attrs.get("r")
            self.column = _column(ref) if ref else self.column + 1
            self.kind = attrs.get("t", "n")
            self.style = attrs.get("s")
            self.value = self.formula = self.inline = None
        elif name == "v" or name == "f":
            self.size = 0
            self.collect()
        elif name == "t":
            if self.inline is not None and not self.phonetic:
                self.collect()
        elif name == "is":
            self.inline, self.size = [], 0
        elif name == "rPh":
            self.phonetic += 1
        elif name == "row":
            ref = attrs.get("r")
            self.row_number = int(ref) if ref else self.number + 1
            if self.row_number > MAX_ROWS:
                raise too_many_rows(self.title)
            self.row, self.column = {}, 0

    def end(self, name: str) -> None:
        self.depth -= 1
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "v":
            self.value = self.take() or None  # <v/> is no value, as in openpyxl
        elif name == "f":
            self.formula = self.take() or None
        elif name == "t":
            if self.parts is not None and self.inline is not None:
                self.inline.append(self.take())
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "c":
            if self.row is not None and 0 < self.column <= MAX_COLUMNS:
                value = self.cell_value()
                if value is not None:
                    self.row[self.column] = value
        elif name == "row":
            # Rows out of order are skipped, as openpyxl does.
            if self.row is not None and self.row_number > self.number:
                self.ready.append((self.row_number, self.row))
                self.number = self.row_number
            self.row = None
        elif name == "sheetData":
            self.done = True  # what follows (merged cells, links, ...) is not read

    def cell_value(self) -> object:
        """The cell's value as openpyxl gives it with data_only, else the formula's text."""
        raw, kind = self.value, self.kind
        if kind == "inlineStr":
            return "".join(self.inline) if self.inline is not None else raw
        if raw is None:
            return "=" + self.formula if self.formula else None
        if kind == "s":
            return self.workbook.strings[int(raw)]
        if kind in ("str", "e"):
            return raw
        if kind == "b":
            return bool(int(raw))
        if kind == "d":
            return from_ISO8601(raw)
        number = float(raw) if ("." in raw or "e" in raw or "E" in raw) else int(raw)
        if self.style is not None and self.style in self.workbook.date_styles:
            try:
                return from_excel(number, self.workbook.epoch)
            except (ValueError, OverflowError):
                return number
        return number


# --- cell references -----------------------------------------------------------------

_COLUMNS: dict[str, int] = {}


def _column(ref: str) -> int:
    """The column number of a cell reference ("C12" -> 3); 0 when there is none."""
    letters = ref.rstrip("0123456789")
    if letters in _COLUMNS:
        return _COLUMNS[letters]
    number = 0
    for letter in letters.upper():
        if not "A" <= letter <= "Z":
            raise ValueError("bad cell reference")
        number = number * 26 + ord(letter) - 64
    if len(letters) <= 3:  # XFD is the last column: the cache stays small
        _COLUMNS[letters] = number
    return number
