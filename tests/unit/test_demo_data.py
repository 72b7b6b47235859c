"""The demo/benchmark delegate generator and its office-format files."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from checkin.demo import (
    HEADERS,
    TITLE_LINES,
    csv_bytes,
    generate_rows,
    region_counts,
    write_xlsx,
    xlsx_bytes,
)
from checkin.events import KALTIM_REGIONS, RegionMatcher, default_regions, normalise_phone
from checkin.importing import import_delegates
from checkin.models import Delegate

PROVINCE = "Provinsi Kalimantan Timur"
TITLES = re.compile(r"^(?:(?:Dr|Drs|Dra|Ir|dr|H|Hj|KH|Pdt|Kombes Pol|Kolonel Inf)\. )*")


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return generate_rows(750, 2024)


def _core(name: str) -> str:
    return TITLES.sub("", name.split(",")[0])


def test_generate_rows_same_seed_same_rows():
    assert generate_rows(120, 7) == generate_rows(120, 7)


def test_generate_rows_other_seed_other_rows():
    assert generate_rows(120, 7) != generate_rows(120, 8)


@pytest.mark.parametrize("n", [1, 11, 750, 1000, 100_000])
def test_region_counts_add_up_to_n(n):
    assert sum(region_counts(n).values()) == n


def test_region_counts_750_are_200_province_and_550_by_population():
    counts = region_counts(750)
    assert counts[PROVINCE] == 200
    regencies = {k: v for k, v in counts.items() if k != PROVINCE}
    assert sum(regencies.values()) == 550
    ranked = sorted(regencies, key=regencies.get, reverse=True)
    assert set(ranked[:3]) == {
        "Kota Samarinda",
        "Kota Balikpapan",
        "Kabupaten Kutai Kartanegara",
    }
    assert ranked[-1] == "Kabupaten Mahakam Ulu"
    assert min(regencies.values()) >= 1


def test_rows_use_all_regions_and_hundreds_of_ormas(rows):
    assert {r["region"] for r in rows} == {spec.name for spec in KALTIM_REGIONS}
    assert len({r["ormas"] for r in rows}) >= 300
    assert Counter(r["level"] for r in rows) == {"Provinsi": 200, "Kabupaten/Kota": 550}


def test_rows_most_ormas_send_one_or_two(rows):
    sizes = Counter(r["ormas"] for r in rows).values()
    assert sum(1 for s in sizes if s <= 2) / len(sizes) > 0.7
    assert max(sizes) <= 4


def test_rows_region_text_is_a_spelling_of_the_region(rows):
    regions = default_regions()
    for i, region in enumerate(regions):
        region.id = i + 1
    matcher = RegionMatcher(regions)
    for row in rows:
        assert matcher.match(row["region_text"]).name == row["region"], row["region_text"]


def test_rows_never_repeat_a_person_within_an_ormas(rows):
    keys = [(_core(r["name"]).lower(), r["ormas"]) for r in rows]
    assert len(set(keys)) == len(keys)


def test_rows_names_carry_indonesian_titles(rows):
    names = [r["name"] for r in rows]
    assert any(n.startswith("Drs. H. ") for n in names)
    assert any(n.startswith("Hj. ") for n in names)
    assert any(n.startswith("dr. ") for n in names)
    assert any(n.startswith("Ir. ") for n in names)
    assert any(", S.E." in n for n in names)
    assert any(re.search(r", S\.\w+\., M\.\w+\.$", n) for n in names)
    assert sum(1 for n in names if n == _core(n)) > 200  # many have no title at all


def test_rows_hajj_titles_match_gender_of_muslim_names(rows):
    for row in rows:
        if row["name"].startswith("Hj. ") or " Hj. " in row["name"]:
            assert not re.search(r"\b(Yohanes|Markus|Muhammad|Ahmad)\b", row["name"])


def test_rows_womens_organisations_send_women(rows):
    for row in rows:
        if "Muslimat" in row["ormas"] or "Aisyiyah" in row["ormas"]:
            assert not row["name"].startswith(("H. ", "KH.", "Drs. ")), row


def test_rows_phones_normalise_and_some_are_missing(rows):
    phones = [r["phone"] for r in rows]
    missing = sum(1 for p in phones if p is None)
    assert 30 < missing < 200
    normalised = [normalise_phone(p) for p in phones if p]
    assert all(re.fullmatch(r"\+628\d{8,11}", p) for p in normalised)


def test_rows_positions_and_a_few_emails_and_vips(rows):
    positions = Counter(r["position"] for r in rows)
    assert {"Ketua", "Sekretaris", "Bendahara", "Wakil Ketua", "Ketua Umum"} <= set(positions)
    emails = [r["email"] for r in rows if r["email"]]
    assert 10 < len(emails) < 120
    assert all(re.fullmatch(r"[a-z0-9.]+@[a-z.]+", e) for e in emails)
    vips = [r for r in rows if r["is_vip"]]
    assert 3 <= len(vips) <= 12
    assert all(r["region"] == PROVINCE for r in vips)


def test_generate_rows_100000_stays_unique():
    big = generate_rows(100_000, 1)
    assert len(big) == 100_000
    keys = {(_core(r["name"]).lower(), r["ormas"]) for r in big}
    assert len(keys) == 100_000


def test_xlsx_has_title_block_then_office_header(rows):
    sheet = load_workbook(io.BytesIO(xlsx_bytes(rows[:20])), read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == TITLE_LINES[0]
    assert values[1][0] == TITLE_LINES[1]
    assert tuple(values[3]) == HEADERS
    assert values[4][:4] == (1, rows[0]["name"], rows[0]["position"], rows[0]["ormas"])
    assert len(values) == 4 + 20


def test_write_xlsx_to_a_path_records_its_size_like_excel(rows, tmp_path):
    path = tmp_path / "undangan.xlsx"
    write_xlsx(rows[:5], path)
    workbook = load_workbook(path, read_only=True)
    sheet = workbook.active
    size, count = (sheet.max_row, sheet.max_column), len(list(sheet.iter_rows()))
    workbook.close()
    assert size == (9, len(HEADERS))
    assert count == 9


def test_csv_is_semicolon_utf8_with_bom(rows):
    data = csv_bytes(rows[:10])
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert tuple(lines[0]) == HEADERS
    assert lines[1][0] == "1" and lines[1][1] == rows[0]["name"]
    assert len(lines) == 11


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_generated_file_imports_every_row(db, event, rows, kind):
    data = xlsx_bytes(rows) if kind == "xlsx" else csv_bytes(rows)
    report = import_delegates(db, event, data, f"undangan.{kind}")
    db.commit()
    assert report.added == 750
    assert report.extra_columns == []
    count = db.scalar(select(func.count(Delegate.id)).where(Delegate.event_id == event.id))
    assert count == 750
    emails = db.scalar(select(func.count(Delegate.email)).where(Delegate.event_id == event.id))
    assert emails == sum(1 for r in rows if r["email"])
