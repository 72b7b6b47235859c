"""The columns a delegate list may have, and finding the header row among title rows above it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from checkin.errors import ImportInvalid
from checkin.importing.limits import file_problem
from checkin.importing.spreadsheets import RawSheet

#: C0 controls, DEL, zero-width and bidi-override characters: never kept in stored text.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)

HEADER_SEARCH_ROWS = 30


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
#: Rows searched for the header row in each sheet (title blocks sit above it).
#: "Nama Lengkap (dengan gelar)" starts with a known spelling; the longest one wins. The id
#: column is found only when written exactly ("Kode Pos" is no delegate id).
_PREFIXES = sorted(
    ((h, c.key) for c in COLUMNS if c.key != "external_id" for h in c.headers),
    key=lambda pair: -len(pair[0]),
)


#: Headers recognised and ignored without a warning (the row counter).
IGNORED_HEADERS = frozenset({"no", "nomor", "no urut", "nomor urut", "nr", "number"})


_HEADER_TO_KEY = {h: c.key for c in COLUMNS for h in c.headers}


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


def field_label(key: str) -> str:
    """The Indonesian label of a delegate field, for reports."""
    column = COLUMNS_BY_KEY.get("region" if key == "region_id" else key)
    return str(column.label) if column else key


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


def short(text: str, limit: int = 60) -> str:
    """Cut a quoted value so one hostile cell cannot flood the problem list."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
