"""The delegate list inside a spreadsheet: which row is the header, what each column means,
and each data row read and checked (required cells, lengths, phone, email, region, level).

Problems are (row number, sentence) pairs in words an office clerk understands, naming the
spreadsheet row and the column header exactly as the file writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from checkin.errors import ImportInvalid
from checkin.events.phones import PhoneInvalid, normalise_phone
from checkin.events.regions import RegionMatcher
from checkin.importing.spreadsheets import RawSheet, file_problem
from checkin.models import LEVEL_PROVINCE, LEVEL_REGENCY, Event, Region

#: Rows searched for the header row in each sheet (title blocks sit above it).
HEADER_SEARCH_ROWS = 30
MAX_ROWS = 200_000

#: (row number, sentence)
Problem = tuple[int, str]


@dataclass(frozen=True)
class Column:
    """A delegate field and the headers offices write for it."""

    key: str
    label: Any  # lazy string: the field's name in messages
    #: Normalised spellings (see header_key) separated by "|".
    spellings: str
    #: How the clerk may write it, shown when a required column is missing.
    examples: str = ""
    required: bool = False
    max_length: int | None = None

    @property
    def headers(self) -> list[str]:
        return self.spellings.split("|")


COLUMNS: tuple[Column, ...] = (
    Column(
        "external_id",
        _l("ID"),
        "id|kode|no peserta|nomor peserta|kode peserta|id peserta|participant id|delegate id",
        max_length=80,
    ),
    Column(
        "name",
        _l("Nama"),
        "nama|name|nama lengkap|full name|nama peserta|nama lengkap dan gelar|nama dan gelar|"
        "delegate name|participant name",
        "Nama, Nama Lengkap, Name",
        required=True,
        max_length=200,
    ),
    Column(
        "position",
        _l("Jabatan"),
        "jabatan|position|jabatan di ormas|jabatan dalam ormas|jabatan organisasi|job title|role",
        max_length=200,
    ),
    Column(
        "ormas",
        _l("Ormas"),
        "ormas|organisasi|organization|organisation|nama ormas|asal ormas|nama organisasi|"
        "ormas organisasi|ormas lembaga|lembaga|organization name|organisation name|"
        "name of organization|name of organisation",
        "Ormas, Organisasi, Organization",
        required=True,
        max_length=300,
    ),
    Column("level", _l("Tingkat"), "tingkat|level|tingkatan|tingkat kepengurusan"),
    Column(
        "region",
        _l("Kabupaten/Kota"),
        "kabupaten kota|kab kota|kabupaten|kota|wilayah|region|daerah|asal|asal daerah|"
        "asal wilayah|kabupaten kota asal|regency city|regency|city|district",
        "Kabupaten/Kota, Wilayah, Daerah, Region",
        required=True,
    ),
    Column(
        "phone",
        _l("No. HP"),
        "no hp|hp|nomor hp|no telp|telp|telepon|telpon|no telepon|nomor telepon|whatsapp|wa|"
        "no wa|nomor wa|no hp wa|no whatsapp|nomor whatsapp|phone|phone number|mobile|"
        "handphone|no handphone|kontak|no kontak|telephone",
    ),
    Column("email", _l("Email"), "email|e mail|surel|alamat email", max_length=254),
)
COLUMNS_BY_KEY = {c.key: c for c in COLUMNS}
#: Headers recognised and ignored without a warning (the row counter).
IGNORED_HEADERS = frozenset({"no", "nomor", "no urut", "nomor urut", "nr", "number"})
_HEADER_TO_KEY = {h: c.key for c in COLUMNS for h in c.headers}
#: "Nama Lengkap (dengan gelar)" starts with a known spelling; the longest one wins. The id
#: column is found only when written exactly ("Kode Pos" is no delegate id).
_PREFIXES = sorted(
    ((h, c.key) for c in COLUMNS if c.key != "external_id" for h in c.headers),
    key=lambda pair: -len(pair[0]),
)

_PROVINCE_WORDS = frozenset("provinsi|prov|propinsi|province|provincial".split("|"))
_REGENCY_WORDS = frozenset(
    "kabupaten kota|kab kota|kabupaten|kota|kab|kabupaten dan kota|kota kabupaten|"
    "regency city|regency|city|district|kab kot".split("|")
)
#: C0 controls, DEL, zero-width and bidi-override characters: never kept in stored text.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class Header:
    """The header row found in a sheet and the column index of each recognised field."""

    sheet: RawSheet
    row: int
    cells: list[str]
    #: field key -> column index
    index: dict[str, int]
    extra: list[str]
    #: (ignored header, header already used for the same field)
    duplicates: list[tuple[str, str]]

    @property
    def missing(self) -> list[Column]:
        return [c for c in COLUMNS if c.required and c.key not in self.index]

    def title(self, key: str) -> str:
        """The header of a field's column as the file writes it."""
        return self.cells[self.index[key]]


@dataclass
class DelegateRow:
    """A valid data row: cleaned values, the matched region, the level and the phone."""

    row: int
    values: dict[str, str | None]
    region: Region
    level: str
    phone: str | None
    #: The region as the file spells it ("Kukar").
    written_region: str
    #: match_key_for(name, ormas, region), set by the importer.
    key: str = ""

    @property
    def name(self) -> str:
        return self.values["name"] or ""

    @property
    def ormas(self) -> str:
        return self.values["ormas"] or ""


def header_key(text: str) -> str:
    """A header or level word without case and punctuation: "No. HP" -> "no hp"."""
    return " ".join(re.sub(r"[\W_]+", " ", text.lower()).split())


def cell_text(value: object) -> str:
    """A cell as clean text: numbers without ".0", dates as YYYY-MM-DD, no control characters."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime):
        value = value.date().isoformat() if value.time() == datetime.min.time() else value
    elif isinstance(value, date):
        value = value.isoformat()
    text = _INVISIBLE.sub("", str(value))
    return " ".join(text.split())


def short(text: str, limit: int = 60) -> str:
    """Cut a quoted value so one hostile cell cannot flood the problem list."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def level_label(level: str) -> str:
    """Provinsi or Kabupaten/Kota."""
    return _("Provinsi") if level == LEVEL_PROVINCE else _("Kabupaten/Kota")


def field_label(key: str) -> str:
    """The Indonesian label of a delegate field, for reports."""
    column = COLUMNS_BY_KEY.get("region" if key == "region_id" else key)
    return str(column.label) if column else key


# --- the header --------------------------------------------------------------------------


def find_header(sheets: list[RawSheet], filename: str) -> Header:
    """The best header row in the first rows of every sheet, or raise ImportInvalid."""
    best: Header | None = None
    seen_text = False
    unreadable: list[ImportInvalid] = []
    for sheet in sheets:
        try:
            for number, cells in islice(sheet.rows(), HEADER_SEARCH_ROWS):
                header = _read_header(sheet, number, cells)
                seen_text = seen_text or any(header.cells)
                if best is None or _rank(header) > _rank(best):
                    best = header
        except ImportInvalid as exc:  # e.g. a CSV read with the wrong delimiter
            unreadable.append(exc)
    if best is None or not best.index:
        if unreadable:
            raise unreadable[0]
        if not seen_text:
            raise file_problem(_('Berkas "%(name)s" kosong.', name=filename))
        raise file_problem(
            _(
                "Baris judul kolom tidak ditemukan di %(n)d baris pertama. Tambahkan baris "
                "judul dengan paling sedikit kolom %(expected)s.",
                n=HEADER_SEARCH_ROWS,
                expected=_expected_headers(),
            )
        )
    if best.missing:
        raise file_problem(
            _(
                "Kolom wajib tidak ditemukan: %(missing)s. Judul kolom di berkas (baris "
                "%(row)d): %(found)s. Yang diperlukan: %(expected)s.",
                missing=", ".join(str(c.label) for c in best.missing),
                row=best.row,
                found=", ".join(f'"{short(t)}"' for t in best.cells if t),
                expected=_expected_headers(),
            )
        )
    return best


def _rank(header: Header) -> tuple[bool, int]:
    # A complete header beats a fuller incomplete one; on a tie the earlier sheet/row wins.
    return (not header.missing, len(header.index))


def _column_for(text: str) -> str | None:
    key = header_key(text)
    if key in _HEADER_TO_KEY:
        return _HEADER_TO_KEY[key]
    if key in IGNORED_HEADERS or text == "#":
        return "ignored"
    return next((col for spelling, col in _PREFIXES if key.startswith(spelling + " ")), None)


def _read_header(sheet: RawSheet, number: int, cells: list[object]) -> Header:
    texts = [cell_text(c) for c in cells]
    header = Header(sheet, number, texts, {}, [], [])
    for i, text in enumerate(texts):
        key = _column_for(text) if text else "ignored"
        if key is None:
            header.extra.append(text)
        elif key in header.index:
            header.duplicates.append((text, texts[header.index[key]]))
        elif key != "ignored":
            header.index[key] = i
    return header


def _expected_headers() -> str:
    return "; ".join(
        _("%(label)s (misalnya %(examples)s)", label=c.label, examples=c.examples)
        for c in COLUMNS
        if c.required
    )


def header_warnings(header: Header, sheets: list[RawSheet]) -> list[str]:
    """Non-blocking notes about the header: ignored columns, the sheet used."""
    warnings = []
    if header.extra:
        warnings.append(
            _(
                "Kolom berikut tidak dikenal dan diabaikan: %(cols)s.",
                cols=", ".join(f'"{short(t)}"' for t in header.extra),
            )
        )
    for text, used in header.duplicates:
        warnings.append(
            _(
                'Kolom "%(col)s" diabaikan karena kolom "%(used)s" sudah dipakai untuk isian '
                "yang sama.",
                col=short(text),
                used=short(used),
            )
        )
    if header.sheet.name and header.sheet is not sheets[0]:
        warnings.append(_('Data diambil dari lembar "%(sheet)s".', sheet=header.sheet.name))
    return warnings


# --- the rows ----------------------------------------------------------------------------


def read_rows(
    header: Header, event: Event, filename: str
) -> tuple[list[DelegateRow], list[Problem]]:
    """Read and check every non-blank row under the header."""
    reader = _RowReader(header, event)
    rows: list[DelegateRow] = []
    for number, cells in header.sheet.rows():
        if number <= header.row or not any(c is not None and str(c).strip() for c in cells):
            continue
        if len(rows) + len(reader.bad_rows) >= MAX_ROWS:
            raise file_problem(
                _(
                    "Berkas berisi lebih dari %(n)d baris peserta. Bagi menjadi beberapa berkas.",
                    n=MAX_ROWS,
                )
            )
        row = reader.read(number, cells)
        if row is not None:
            rows.append(row)
    if not rows and not reader.problems:
        raise file_problem(
            _(
                'Berkas "%(name)s" tidak berisi satu pun peserta di bawah baris judul kolom '
                "(baris %(row)d).",
                name=filename,
                row=header.row,
            )
        )
    return rows, reader.problems


class _RowReader:
    def __init__(self, header: Header, event: Event) -> None:
        self.header = header
        self.width = len(header.cells)
        self.matcher = RegionMatcher(list(event.regions))
        self.region_names = ", ".join(r.name for r in event.regions)
        self.problems: list[Problem] = []
        self.bad_rows: set[int] = set()
        self.number = 0

    def problem(self, key: str, message: str) -> None:
        self.bad_rows.add(self.number)
        self.problems.append(
            (
                self.number,
                _(
                    "Baris %(row)d, kolom %(col)s: %(msg)s",
                    row=self.number,
                    col=self.header.title(key),
                    msg=message,
                ),
            )
        )

    def read(self, number: int, cells: list[object]) -> DelegateRow | None:
        self.number = number
        if len(cells) < self.width:
            cells = [*cells, *([None] * (self.width - len(cells)))]
        values = {k: self._text(k, cells[i]) for k, i in self.header.index.items() if k != "phone"}
        phone = None
        if "phone" in self.header.index:
            phone = self._phone(cells[self.header.index["phone"]])
        email = values.get("email")
        if email and not _EMAIL.match(email):
            self.problem("email", _('alamat email "%(text)s" tidak sah.', text=short(email)))
        written = values.get("region") or ""
        region = self._region(written) if written else None
        level = self._level(values.get("level"), region) if region else None
        if number in self.bad_rows or region is None or level is None:
            return None
        return DelegateRow(number, values, region, level, phone, written)

    def _text(self, key: str, value: object) -> str | None:
        text = cell_text(value)
        column = COLUMNS_BY_KEY[key]
        if column.required and not text:
            self.problem(key, _required_message(key))
        elif column.max_length and len(text) > column.max_length:
            self.problem(
                key,
                _(
                    "teks terlalu panjang (%(n)d karakter, paling banyak %(max)d).",
                    n=len(text),
                    max=column.max_length,
                ),
            )
        return text or None

    def _phone(self, raw: object) -> str | None:
        try:
            return normalise_phone(cell_text(raw) if isinstance(raw, str) else raw)
        except PhoneInvalid as exc:
            self.problem(
                "phone",
                _(
                    'nomor "%(text)s" tidak dapat dipakai: %(why)s.',
                    text=short(cell_text(raw)),
                    why=exc.message,
                ),
            )
            return None

    def _region(self, written: str) -> Region | None:
        region = self.matcher.match(written)
        if region is None:
            suggestion = self.matcher.suggest(written)
            hint = _(' Mungkin maksudnya "%(name)s"?', name=suggestion.name) if suggestion else ""
            self.problem(
                "region",
                _(
                    'wilayah "%(text)s" tidak dikenal.%(hint)s Gunakan salah satu: %(names)s.',
                    text=short(written),
                    hint=hint,
                    names=self.region_names,
                ),
            )
        return region

    def _level(self, text: str | None, region: Region) -> str | None:
        if not text:
            return region.level
        level = parse_level(text)
        if level is None:
            self.problem(
                "level",
                _(
                    'tingkat "%(text)s" tidak dikenal. Tulis Provinsi atau Kabupaten/Kota.',
                    text=short(text),
                ),
            )
        elif level != region.level:
            self.problem(
                "level",
                _(
                    'tertulis "%(text)s", tetapi %(region)s adalah wilayah tingkat %(level)s. '
                    "Samakan tingkat dengan wilayahnya.",
                    text=short(text),
                    region=region.name,
                    level=level_label(region.level).lower(),
                ),
            )
            return None
        return level


def parse_level(text: str) -> str | None:
    """LEVEL_PROVINCE or LEVEL_REGENCY from "Provinsi", "Kab/Kota", "Tingkat Kota"…; else None."""
    words = header_key(text).removeprefix("tingkat ").removeprefix("pengurus ")
    if words in _PROVINCE_WORDS:
        return LEVEL_PROVINCE
    if words in _REGENCY_WORDS:
        return LEVEL_REGENCY
    return None


def _required_message(key: str) -> str:
    if key == "name":
        return _("nama wajib diisi.")
    if key == "ormas":
        return _("nama ormas wajib diisi.")
    return _("kabupaten/kota wajib diisi.")
