"""The Daftar Hadir PDF as an office files it: the "Mengetahui" block keeps company with the
last rows, the place-and-date line above it, the logo in the kop."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from checkin.models import LEVEL_REGENCY
from checkin.reports import write_pdf
from checkin.reports.rows import AttendanceRow

NOW = datetime(2024, 10, 16, 4, 0, tzinfo=UTC)
#: Row counts whose block used to land alone on the last page (one region, or three).
ORPHANING = [(15, 1), (18, 1), (21, 1), (44, 1), (49, 1), (9, 3), (40, 3)]


def rows(count: int, regions: int = 1) -> list[AttendanceRow]:
    made = [
        AttendanceRow(
            delegate_id=i,
            name=f"Peserta {i:03d}",
            position="",
            ormas="Ormas",
            region=f"Wilayah {i % regions}",
            region_order=i % regions,
            level=LEVEL_REGENCY,
            phone=None,
            arrived_at=None,
            gate="",
            substitute_name=None,
            is_walkin=False,
        )  # fmt: skip
        for i in range(count)
    ]
    return sorted(made, key=lambda r: (r.region_order, r.delegate_id))


@pytest.fixture
def office(event):
    event.letterhead = (
        "PEMERINTAH PROVINSI KALIMANTAN TIMUR\nBADAN KESATUAN BANGSA DAN POLITIK\n"
        "Jalan Jenderal Sudirman No. 1, Samarinda"
    )
    event.official_name = "Drs. Budi"
    event.official_position = "Kepala Badan Kesbangpol"
    event.official_nip = "19700101 199003 1 001"
    return event


def pages(content: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "daftar-hadir.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    count = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout  # fmt: skip
        for n in range(1, count + 1)
    ]


@pytest.mark.parametrize(("count", "regions"), ORPHANING)
def test_mengetahui_block_never_stands_alone_on_the_last_page(office, tmp_path, count, regions):
    texts = pages(write_pdf(office, rows(count, regions), now=NOW), tmp_path)
    assert sum("Mengetahui," in t for t in texts) == 1
    last = texts[-1]
    assert "Mengetahui," in last and "NIP. 19700101 199003 1 001" in last
    assert "Peserta" in last, f"{count} rows: the block is alone on page {len(texts)}"
    listed = re.findall(r"Peserta (\d{3})", "".join(texts))
    assert sorted(map(int, listed)) == list(range(count))  # every row once, none lost


def test_short_list_keeps_everything_on_one_page(office, tmp_path):
    texts = pages(write_pdf(office, rows(3), now=NOW), tmp_path)
    assert len(texts) == 1 and "Mengetahui," in texts[0]


def test_place_and_date_line_sits_above_mengetahui(office, tmp_path):
    office.report_place = "Samarinda"
    text = pages(write_pdf(office, rows(2), now=NOW), tmp_path)[-1]
    assert "Samarinda, 15 Oktober 2024" in text  # the event's day, in Indonesian
    assert text.index("Samarinda, 15 Oktober 2024") < text.index("Mengetahui,")


def test_place_and_date_line_without_a_place_leaves_dots(office, tmp_path):
    office.report_place = None
    office.starts_at = None
    text = pages(write_pdf(office, rows(2), now=NOW), tmp_path)[-1]
    assert re.search(r"\.{10,}, 16 Oktober 2024", text)  # the printing day, a place to fill
