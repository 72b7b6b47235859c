"""Generating the demo delegate list (reproducible from a seed) and writing it as XLSX or CSV."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from checkin.demo.names import (
    BACHELOR,
    LOCAL_STEMS,
    MAIL_DOMAINS,
    MASTER,
    NAME_POOLS,
    NATIONAL_ORMAS,
    ORMAS_PROFILES,
    PHONE_PREFIXES,
    PLACE_NAMES,
    POOL_WEIGHTS,
    POPULATION,
    POSITIONS_FIRST,
    POSITIONS_OTHER,
    POSITIONS_SECOND,
    PROVINCE_SHARE,
    STEM_SUFFIXES,
    VIP_GUESTS,
)
from checkin.events.regions import KALTIM_REGIONS

TITLE_LINES = (
    "DAFTAR UNDANGAN RAPAT KOORDINASI ORMAS SE-KALIMANTAN TIMUR TAHUN 2024",
    "Hotel Mercure Samarinda, Selasa 15 Oktober 2024",
)


#: The demo list is the same on every machine: generated from this seed.
DEMO_SEED = 2024


HEADERS = ("No", "Nama", "Jabatan", "Ormas", "Tingkat", "Kabupaten/Kota", "No. HP", "Email")


_COLUMN_WIDTHS = (6, 42, 26, 48, 16, 30, 20, 32)


def region_counts(n: int) -> dict[str, int]:
    """Seats per region: 200/750 for the province, the rest by population (largest remainder)."""
    province = round(n * PROVINCE_SHARE)
    rest = n - province
    total = sum(POPULATION.values())
    exact = {name: rest * pop / total for name, pop in POPULATION.items()}
    counts = {name: int(value) for name, value in exact.items()}
    leftover = rest - sum(counts.values())
    for name in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[:leftover]:
        counts[name] += 1
    return {KALTIM_REGIONS[0].name: province, **counts}


def generate_rows(n: int, seed: int = DEMO_SEED) -> list[dict[str, Any]]:
    """A realistic, deterministic delegate list of n rows (same n and seed, same rows).

    Each row: name, position, ormas, level ("Provinsi"/"Kabupaten/Kota"), region (the canonical
    name), region_text (as written in the file), phone (as typed, or None), email, is_vip.
    No two rows share a name (without titles) and ormas.
    """
    rng = random.Random(seed)
    gen = _Generator(rng)
    rows: list[dict[str, Any]] = []
    for region, count in region_counts(n).items():
        rows.extend(gen.region_rows(region, count))
    return rows


@dataclass
class _Generator:
    rng: random.Random
    used_ormas: set[str] = field(default_factory=set)
    used_people: set[tuple[str, str]] = field(default_factory=set)

    def region_rows(self, region: str, count: int) -> list[dict[str, Any]]:
        is_province = region == KALTIM_REGIONS[0].name
        rows: list[dict[str, Any]] = []
        if is_province:
            for ormas, position, name in VIP_GUESTS[: min(len(VIP_GUESTS), count // 10)]:
                rows.append(self._row(region, ormas, position, name, is_vip=True))
        national = [pair[0] if is_province else pair[1] for pair in NATIONAL_ORMAS]
        self.rng.shuffle(national)
        place = PLACE_NAMES[region][0]
        while len(rows) < count:
            if national and self.rng.random() < 0.3:
                stem = national.pop()
                ormas = stem.format(p=place)
            else:
                stem, ormas = self._local_ormas(region)
            self.used_ormas.add(ormas)
            size = min(self.rng.choices((1, 2, 3, 4), (45, 35, 15, 5))[0], count - len(rows))
            for slot in range(size):
                name = self._name(ormas, stem)
                rows.append(self._row(region, ormas, self._position(slot), name))
        return rows

    def _row(
        self, region: str, ormas: str, position: str, name: str, *, is_vip: bool = False
    ) -> dict[str, Any]:
        is_province = region == KALTIM_REGIONS[0].name
        return {
            "name": name,
            "position": position,
            "ormas": ormas,
            "level": "Provinsi" if is_province else "Kabupaten/Kota",
            "region": region,
            "region_text": self._region_text(region),
            "phone": self._phone(),
            "email": self._email(name) if self.rng.random() < 0.07 else None,
            "is_vip": is_vip,
        }

    def _local_ormas(self, region: str) -> tuple[str, str]:
        """A new local ormas of this region: (stem, full name)."""
        places = PLACE_NAMES[region]
        for attempt in range(60):
            stem = self.rng.choice(LOCAL_STEMS)
            name = f"{stem} {self.rng.choice(places)}"
            if attempt >= 20:
                name = f"{name} {self.rng.choice(STEM_SUFFIXES)}"
            if attempt >= 40:
                name = f"{name} {self.rng.choice(STEM_SUFFIXES)}"
            if name not in self.used_ormas:
                return stem, name
        # Only reached for lists far larger than a real one: share an existing name.
        return stem, name

    def _position(self, slot: int) -> str:
        if slot == 0:
            return self.rng.choice(POSITIONS_FIRST)
        if slot == 1:
            return self.rng.choice(POSITIONS_SECOND)
        return self.rng.choice(POSITIONS_OTHER)

    def _name(self, ormas: str, stem: str) -> str:
        rng = self.rng
        pools, women = _profile(stem)
        weights = [POOL_WEIGHTS[i] for i in pools]
        while True:
            _weight, muslim, male, female, last = NAME_POOLS[rng.choices(pools, weights)[0]]
            is_male = rng.random() >= women
            given = rng.choice(male if is_male else female)
            surname = rng.choice(last)
            if surname in given.split():
                continue
            core = given if rng.random() < 0.12 else f"{given} {surname}"
            if (core, ormas) not in self.used_people:
                self.used_people.add((core, ormas))
                return _with_titles(rng, core, is_male=is_male, is_muslim=muslim, ormas=ormas)

    def _region_text(self, region: str) -> str:
        spec = next(s for s in KALTIM_REGIONS if s.name == region)
        roll = self.rng.random()
        if roll < 0.45:
            return region
        if roll < 0.55:
            return self.rng.choice(spec.aliases).upper()
        return self.rng.choice(spec.aliases)

    def _phone(self) -> str | None:
        rng = self.rng
        if rng.random() < 0.12:
            return None
        prefix = rng.choice(PHONE_PREFIXES)
        rest = "".join(rng.choice("0123456789") for _ in range(rng.choice((7, 8, 8, 8, 9))))
        style = rng.random()
        if style < 0.35:
            return prefix + rest
        if style < 0.6:
            return f"{prefix}-{rest[:4]}-{rest[4:]}"
        if style < 0.75:
            return f"{prefix} {rest[:4]} {rest[4:]}"
        if style < 0.9:
            return f"+62 {prefix[1:]}-{rest[:4]}-{rest[4:]}"
        return f"62{prefix[1:]}{rest}"

    def _email(self, name: str) -> str:
        core = _core_words(name)
        local = ".".join(core[:2]).lower().replace("'", "")
        digits = self.rng.choice(("", str(self.rng.randint(1, 99)), str(self.rng.randint(60, 99))))
        return f"{local}{digits}@{self.rng.choice(MAIL_DOMAINS)}"


def _profile(stem: str) -> tuple[tuple[int, ...], float]:
    """The name pools and share of women for an ormas, from the words of its name (no place)."""
    words = set(stem.replace("/", " ").split())
    for keys, pools, women in ORMAS_PROFILES:
        if any(key in words or (" " in key and key in stem) for key in keys.split("|")):
            return (pools or tuple(range(len(NAME_POOLS)))), women
    return tuple(range(len(NAME_POOLS))), 0.28


def _with_titles(
    rng: random.Random, core: str, *, is_male: bool, is_muslim: bool, ormas: str
) -> str:
    """Add titles the way lists write them: `Drs. H. Ahmad Syarifuddin, M.Si.`."""
    before: list[str] = []
    after: list[str] = []
    roll = rng.random()
    if roll < 0.03:
        before.append("Dr.")
        after += [rng.choice(BACHELOR), rng.choice(MASTER)]
    elif roll < 0.09:
        before.append("Drs." if is_male else "Dra.")
        if rng.random() < 0.5:
            after.append(rng.choice(MASTER))
    elif roll < 0.12:
        before.append("Ir.")
        if rng.random() < 0.4:
            after.append(rng.choice(("M.T.", "M.M.", "M.Si.")))
    elif roll < 0.14:
        before.append("dr.")
        if rng.random() < 0.3:
            after.append("M.Kes.")
    elif roll < 0.55:
        degree = rng.choice(BACHELOR + ("S.Ag.",) if is_muslim else BACHELOR + ("S.Th.",))
        after.append(degree)
        if rng.random() < 0.25:
            after.append(rng.choice(MASTER))
    if is_muslim:
        clerical = ("NU" in ormas or "MUI" in ormas) and is_male and rng.random() < 0.3
        if clerical:
            before.insert(0, "KH.")
        elif rng.random() < 0.25:
            before.append("H." if is_male else "Hj.")
    elif "GAMKI" in ormas or "PGI" in ormas or "Gereja" in ormas:
        if is_male and rng.random() < 0.3:
            before.insert(0, "Pdt.")
    name = " ".join([*before, core])
    return f"{name}, {', '.join(after)}" if after else name


_TITLE_WORDS = {
    "dr.",
    "drs.",
    "dra.",
    "ir.",
    "h.",
    "hj.",
    "kh.",
    "pdt.",
    "muh.",
    "kombes",
    "pol.",
    "kolonel",
    "inf.",
}


def _core_words(name: str) -> list[str]:
    words = name.split(",")[0].split()
    return [w for w in words if w.lower() not in _TITLE_WORDS and w[0].isalpha()]


def _cells(number: int, row: dict[str, Any]) -> list[Any]:
    return [
        number,
        row["name"],
        row["position"],
        row["ormas"],
        row["level"],
        row["region_text"],
        row["phone"],
        row["email"],
    ]


def write_xlsx(rows: list[dict[str, Any]], target: str | Path | IO[bytes]) -> None:
    """Save rows as the office's XLSX: a title block, then No, Nama, Jabatan, ... (write-only)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Undangan")
    # Write-only sheets omit <dimension> (size unknown up front); Excel always writes it and
    # readers scan the whole sheet without it. The writer asks for it before the first row.
    last_row = len(TITLE_LINES) + 2 + len(rows)
    ws.calculate_dimension = lambda: f"A1:H{last_row}"
    for letter, width in zip("ABCDEFGH", _COLUMN_WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    bold = Font(bold=True)
    for line in TITLE_LINES:
        cell = WriteOnlyCell(ws, value=line)
        cell.font = bold
        ws.append([cell])
    ws.append([])
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for number, row in enumerate(rows, 1):
        ws.append(_cells(number, row))
    wb.save(target)


def write_csv(rows: list[dict[str, Any]], target: IO[str]) -> None:
    """Write rows as the office's CSV (semicolons, `No` column, Indonesian headers)."""
    writer = csv.writer(target, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for number, row in enumerate(rows, 1):
        writer.writerow(["" if v is None else v for v in _cells(number, row)])


def xlsx_bytes(rows: list[dict[str, Any]]) -> bytes:
    """The office XLSX as bytes."""
    buffer = io.BytesIO()
    write_xlsx(rows, buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[dict[str, Any]]) -> bytes:
    """The office CSV as UTF-8 with a BOM, as Excel saves it."""
    text = io.StringIO()
    write_csv(rows, text)
    return text.getvalue().encode("utf-8-sig")
