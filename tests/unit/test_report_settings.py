"""Report settings: the NIP as 18 digits, the place of the date line, the kop's logo."""

from __future__ import annotations

import io
import re
import struct
import subprocess
import zlib
from datetime import UTC, datetime

import pytest
from PIL import Image

from checkin import reports
from checkin.errors import InvalidInput
from checkin.reports import write_pdf
from checkin.reports.logo import MAX_LOGO_BYTES, clean_logo

NOW = datetime(2024, 10, 16, 4, 0, tzinfo=UTC)


def image(fmt: str, size=(120, 120), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


def save(db, event, **changes):
    values = dict(letterhead="", official_name="", official_position="", official_nip="")
    values.update(changes)
    reports.update_report_settings(db, event, **values)


@pytest.mark.parametrize(
    "typed",
    [
        "197001011990031001",
        "19700101 199003 1 001",
        " 1970 0101 1990 0310 01 ",
        "NIP. 197001011990031001",
    ],
)
def test_nip_of_18_digits_with_spaces_is_kept_grouped(db, event, typed):
    save(db, event, official_nip=typed)
    assert event.official_nip == "19700101 199003 1 001"


@pytest.mark.parametrize(
    "typed",
    [
        "1970010119900310",
        "1970010119900310011",
        "12345",
        "abc",
        "19700101-199003-1-001",
        "١٩٧٠٠١٠١١٩٩٠٠٣١٠٠١",
    ],
)
def test_nip_that_is_not_18_digits_is_refused_with_a_clear_message(db, event, typed):
    with pytest.raises(InvalidInput, match=r"NIP harus 18 angka"):
        save(db, event, official_nip=typed)


def test_report_place_is_saved_trimmed_and_limited(db, event):
    save(db, event, report_place="  Samarinda  ")
    assert event.report_place == "Samarinda"
    save(db, event, report_place="")
    assert event.report_place is None
    with pytest.raises(InvalidInput, match="Tempat"):
        save(db, event, report_place="x" * 101)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_logo_png_or_jpeg_is_stored_as_a_fresh_png(db, event, fmt):
    save(db, event, logo=image(fmt))
    assert event.report_logo.startswith(b"\x89PNG")
    with Image.open(io.BytesIO(event.report_logo)) as stored:
        assert stored.size == (120, 120)


def test_logo_large_image_is_scaled_down(db, event):
    save(db, event, logo=image("PNG", size=(2400, 1200)))
    with Image.open(io.BytesIO(event.report_logo)) as stored:
        assert max(stored.size) <= 600 and stored.size[0] == 2 * stored.size[1]


@pytest.mark.parametrize(
    "data",
    [
        b"GIF89a" + b"\0" * 40,
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        b"\x89PNG\r\n\x1a\n" + b"broken",
        b"",
    ],
)
def test_logo_that_is_not_png_or_jpeg_is_refused(db, event, data):
    with pytest.raises(InvalidInput, match="PNG atau JPEG"):
        save(db, event, logo=data)
    assert event.report_logo is None


def test_logo_other_image_formats_are_refused(db, event):
    for fmt in ("GIF", "BMP", "WEBP"):
        with pytest.raises(InvalidInput, match="PNG atau JPEG"):
            clean_logo(image(fmt))


def test_logo_too_large_a_file_is_refused(db, event):
    with pytest.raises(InvalidInput, match="Logo"):
        clean_logo(b"\x89PNG" + b"\0" * MAX_LOGO_BYTES)


def test_logo_with_huge_dimensions_is_refused_before_decoding(db, event):
    # A tiny PNG whose header claims 5,000 x 5,000 pixels (a decompression bomb).
    png = bytearray(image("PNG", size=(1, 1)))
    ihdr = png.index(b"IHDR")
    png[ihdr + 4 : ihdr + 12] = struct.pack(">II", 5000, 5000)
    png[ihdr + 17 : ihdr + 21] = struct.pack(">I", zlib.crc32(bytes(png[ihdr : ihdr + 17])))
    with Image.open(io.BytesIO(bytes(png))) as claimed:
        assert claimed.size == (5000, 5000)
    with pytest.raises(InvalidInput, match="Logo"):
        clean_logo(bytes(png))


def test_logo_kept_when_none_uploaded_and_removed_on_request(db, event):
    save(db, event, logo=image("PNG"))
    save(db, event)
    assert event.report_logo is not None
    save(db, event, remove_logo=True)
    assert event.report_logo is None


def test_pdf_prints_the_logo_in_the_kop(db, event, tmp_path):
    event.letterhead = "PEMERINTAH PROVINSI KALIMANTAN TIMUR"
    path = tmp_path / "dh.pdf"
    path.write_bytes(write_pdf(event, [], now=NOW))
    assert "image" not in _images(path)
    save(db, event, letterhead=event.letterhead, logo=image("PNG", color=(0, 0, 255)))
    path.write_bytes(write_pdf(event, [], now=NOW))
    listed = _images(path)
    assert re.search(r"^\s*1\s+0\s+image\s+120\s+120", listed, re.M), listed
    # The logo sits left of the kop text, at the top of the page.
    subprocess.run(
        ["pdftoppm", "-r", "30", "-f", "1", "-l", "1", "-png", str(path), str(tmp_path / "p")],
        check=True,
    )
    with Image.open(next(tmp_path.glob("p*.png"))) as page:
        rgb = page.convert("RGB")
        width, height = rgb.size
        blue = [
            (x, y)
            for x in range(0, width // 3)
            for y in range(0, height // 5)
            if rgb.getpixel((x, y))[2] > 200 and rgb.getpixel((x, y))[0] < 80
        ]
    assert blue, "no logo drawn in the kop's left corner"


def _images(path) -> str:
    return subprocess.run(
        ["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True
    ).stdout
