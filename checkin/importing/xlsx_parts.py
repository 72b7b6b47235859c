"""The XML parts of an XLSX, read as streams within the limits, and the small ones read whole.

Every part is parsed with expat as it is unpacked: each chunk is counted against the
file's UnpackBudget before it is parsed, no text or tag may run past MAX_TEXT_BYTES, no
element nest past MAX_DEPTH, and a DTD (which no XLSX part has) is refused, so entities
are never expanded. A handler receives the elements by local name (`x:row` is `row`) and
keeps only what reading cells needs: the relationships between parts, the worksheet
list, which cell formats are dates, and the shared strings.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

from checkin.importing.limits import (
    MAX_DEPTH,
    MAX_SHARED_STRINGS,
    MAX_TEXT_BYTES,
    MAX_WORKBOOK_ENTRIES,
    UnpackBudget,
    too_long_text,
    too_much_content,
)

#: Bytes unpacked and parsed at a time.
CHUNK = 64 * 1024
_TRUE = ("1", "true")


@dataclass
class Listing:
    """What the workbook part says: its sheets (name, relationship id) and its calendar."""

    sheets: list[tuple[str, str]]
    date1904: bool


class Parts:
    """Reads the parts of one open XLSX archive, all against one budget."""

    def __init__(self, archive: zipfile.ZipFile, budget: UnpackBudget) -> None:
        self.archive = archive
        self.budget = budget

    def stream(self, part: str, handler: Handler) -> Iterator[list]:
        """Parse a part chunk by chunk; after each chunk, yield the handler's ready list."""
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = handler.start
        parser.EndElementHandler = handler.end
        parser.CharacterDataHandler = handler.text
        parser.StartDoctypeDeclHandler = _refuse_doctype
        since_markup = 0
        with self.archive.open(part.lstrip("/")) as stream:
            while not handler.done and (chunk := stream.read(CHUNK)):
                self.budget.spend(len(chunk))
                since_markup = _run_without_markup(chunk, since_markup)
                before = handler.elements
                parser.Parse(chunk, False)
                self.budget.parsed(handler.elements - before)
                yield handler.ready
            if not handler.done:
                parser.Parse(b"", True)
                yield handler.ready

    def parse(self, part: str, handler: Handler) -> None:
        """Parse a whole part into its handler."""
        for _ready in self.stream(part, handler):
            pass

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, target part) of a part, from its .rels ({} if none)."""
        rels = _rels_of(part)
        if rels not in self.archive.namelist():
            return {}
        handler = _RelationshipsHandler()
        self.parse(rels, handler)
        folder = posixpath.dirname(part.lstrip("/"))
        return {rid: (kind, _resolve(folder, to)) for rid, (kind, to) in handler.found.items()}

    def listing(self, part: str) -> Listing:
        """The worksheets and calendar the workbook part lists."""
        handler = _WorkbookHandler()
        self.parse(part, handler)
        return Listing(handler.sheets, handler.date1904)

    def date_styles(self, part: str) -> frozenset[str]:
        """The indexes (as written in a cell's `s`) of the cell formats that show dates."""
        handler = _StylesHandler()
        self.parse(part, handler)
        return frozenset(
            str(index)
            for index, fmt in enumerate(handler.cell_formats)
            if _is_date_format(handler.number_formats.get(fmt), fmt)
        )

    def shared_strings(self, part: str) -> list[str]:
        """The shared-string table, as openpyxl reads it."""
        handler = _StringsHandler()
        self.parse(part, handler)
        return handler.strings


def target(related: dict[str, tuple[str, str]], kind: str) -> str | None:
    """The part of the first relationship whose type ends with kind ("/styles"), or None."""
    return next((to for k, to in related.values() if k.endswith(kind)), None)


# --- handlers: expat callbacks that keep only what reading cells needs --------------------


class Handler:
    """Counts nesting; subclasses look at the elements they need by local name."""

    done = False

    def __init__(self) -> None:
        self.depth = 0
        #: Elements started so far (the budget counts them after each chunk).
        self.elements = 0
        self.ready: list = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        self.elements += 1
        if self.depth > MAX_DEPTH:
            raise ValueError("nested too deep")
        self.open(name.rpartition(":")[2], attrs)

    def end(self, name: str) -> None:
        self.depth -= 1
        self.close(name.rpartition(":")[2])

    def text(self, data: str) -> None:
        """Character data (ignored unless a subclass collects it)."""

    def open(self, name: str, attrs: dict[str, str]) -> None:
        """An element starts."""

    def close(self, name: str) -> None:
        """An element ends."""


class Collecting(Handler):
    """Collects the text of the element being read, up to MAX_TEXT_BYTES characters."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] | None = None
        self.size = 0

    def collect(self) -> None:
        """Start collecting the text of the element that just opened."""
        self.parts = []

    def text(self, data: str) -> None:
        if self.parts is not None:
            self.size += len(data)
            if self.size > MAX_TEXT_BYTES:
                raise too_long_text()
            self.parts.append(data)

    def take(self) -> str:
        """The text collected since collect(), and stop collecting."""
        text = "".join(self.parts or ())
        self.parts = None
        return text


class _RelationshipsHandler(Handler):
    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, tuple[str, str]] = {}

    def open(self, name: str, attrs: dict[str, str]) -> None:
        if name == "Relationship" and attrs.get("TargetMode") != "External":
            _count(self.found)
            self.found[attrs["Id"]] = (attrs.get("Type", ""), attrs["Target"])


class _WorkbookHandler(Handler):
    def __init__(self) -> None:
        super().__init__()
        self.sheets: list[tuple[str, str]] = []
        self.date1904 = False

    def open(self, name: str, attrs: dict[str, str]) -> None:
        if name == "sheet":
            _count(self.sheets)
            rid = next(v for k, v in attrs.items() if ":" in k and k.endswith(":id"))
            self.sheets.append((attrs["name"], rid))
        elif name == "workbookPr":
            self.date1904 = attrs.get("date1904", "").lower() in _TRUE


class _StylesHandler(Handler):
    def __init__(self) -> None:
        super().__init__()
        self.number_formats: dict[str, str] = {}
        #: The numFmtId of each cell format, by its index (a cell's `s`).
        self.cell_formats: list[str] = []
        self.in_cell_formats = False

    def open(self, name: str, attrs: dict[str, str]) -> None:
        if name == "numFmt":
            _count(self.number_formats)
            self.number_formats[attrs.get("numFmtId", "")] = attrs.get("formatCode", "")
        elif name == "cellXfs":
            self.in_cell_formats = True
        elif name == "xf" and self.in_cell_formats:
            _count(self.cell_formats)
            self.cell_formats.append(attrs.get("numFmtId", "0"))

    def close(self, name: str) -> None:
        if name == "cellXfs":
            self.in_cell_formats = False


class _StringsHandler(Collecting):
    def __init__(self) -> None:
        super().__init__()
        self.strings: list[str] = []
        self.texts: list[str] = []
        self.phonetic = 0

    def open(self, name: str, attrs: dict[str, str]) -> None:
        if name == "si":
            self.texts, self.size = [], 0
        elif name == "t" and not self.phonetic:
            self.collect()
        elif name == "rPh":
            self.phonetic += 1

    def close(self, name: str) -> None:
        if name == "t" and self.parts is not None:
            self.texts.append(self.take())
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "si":
            if len(self.strings) >= MAX_SHARED_STRINGS:
                raise too_much_content()
            # As openpyxl reads them: the escape of an escaped underscore is dropped.
            self.strings.append("".join(self.texts).replace("x005F_", ""))


# --- small helpers -----------------------------------------------------------------------


def _run_without_markup(chunk: bytes, since_markup: int) -> int:
    """Bytes since the last "<" after this chunk; refuse a text or tag over MAX_TEXT_BYTES."""
    first = chunk.find(b"<")
    if first == -1:
        since_markup += len(chunk)
    else:
        if since_markup + first > MAX_TEXT_BYTES:
            raise too_long_text()
        since_markup = len(chunk) - chunk.rfind(b"<") - 1
    if since_markup > MAX_TEXT_BYTES:
        raise too_long_text()
    return since_markup


def _count(entries: list | dict) -> None:
    if len(entries) >= MAX_WORKBOOK_ENTRIES:
        raise too_much_content()


def _refuse_doctype(*_args: object) -> None:
    raise ValueError("XLSX parts have no DTD")


def _is_date_format(custom: str | None, fmt: str) -> bool:
    if custom is None:
        custom = BUILTIN_FORMATS.get(int(fmt)) if fmt.isdigit() and len(fmt) < 6 else None
    return bool(custom) and is_date_format(custom)


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part.lstrip("/"))
    return posixpath.join(folder, "_rels", name + ".rels")


def _resolve(folder: str, to: str) -> str:
    """A relationship's target as a part name (targets are relative to the part's folder)."""
    if to.startswith("/"):
        return to.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, to)).lstrip("/")
