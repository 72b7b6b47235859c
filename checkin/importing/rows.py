"""The delegate list inside a spreadsheet: which row is the header, what each column means,
and each data row read and checked (required cells, lengths, phone, email, region, level).

Problems are (row number, sentence) pairs in words an office clerk understands, naming the
spreadsheet row and the column header exactly as the file writes them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _

from checkin.events.phones import PhoneInvalid, normalise_phone
from checkin.events.regions import RegionMatcher
from checkin.importing.columns import COLUMNS_BY_KEY, Header, cell_text, header_key, short
from checkin.importing.limits import file_problem
from checkin.models import LEVEL_PROVINCE, LEVEL_REGENCY, Event, Region

#: (row number, sentence)
Problem = tuple[int, str]


_PROVINCE_WORDS = frozenset("provinsi|prov|propinsi|province|provincial".split("|"))


_REGENCY_WORDS = frozenset(
    "kabupaten kota|kab kota|kabupaten|kota|kab|kabupaten dan kota|kota kabupaten|"
    "regency city|regency|city|district|kab kot".split("|")
)


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


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


def level_label(level: str) -> str:
    """Provinsi or Kabupaten/Kota."""
    return _("Provinsi") if level == LEVEL_PROVINCE else _("Kabupaten/Kota")


def read_rows(
    header: Header, event: Event, filename: str
) -> tuple[list[DelegateRow], list[Problem]]:
    """Read and check every non-blank row under the header."""
    reader = _RowReader(header, event)
    rows: list[DelegateRow] = []
    for number, cells in header.sheet.rows():
        if number <= header.row or not any(c is not None and str(c).strip() for c in cells):
            continue
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
        self.name = ""

    def problem(self, key: str, message: str) -> None:
        self.bad_rows.add(self.number)
        self.problems.append(
            (self.number, cell_problem(self.number, self.name, self.header.title(key), message))
        )

    def read(self, number: int, cells: list[object]) -> DelegateRow | None:
        self.number = number
        if len(cells) < self.width:
            cells = [*cells, *([None] * (self.width - len(cells)))]
        self.name = (
            cell_text(cells[self.header.index["name"]]) if "name" in self.header.index else ""
        )
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


def cell_problem(row: int, name: str | None, column: str, message: str) -> str:
    """Baris 14 (Siti Rahmah), kolom No. HP: …, naming the delegate when the row has a name."""
    if name:
        return _(
            "Baris %(row)d (%(name)s), kolom %(col)s: %(msg)s",
            row=row,
            name=short(name),
            col=column,
            msg=message,
        )
    return _("Baris %(row)d, kolom %(col)s: %(msg)s", row=row, col=column, msg=message)


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
