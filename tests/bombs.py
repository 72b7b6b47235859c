"""Hostile spreadsheets for the import limits, written as streams into files (never whole
in memory): the XLSX bomb of issue 11 and its relatives, and CSV bombs."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import IO

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} xmlns:r="{_REL}">'
    '<sheets><sheet name="Peserta" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Nama</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Ormas</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>Kabupaten/Kota</t></is></c></row>'
)
#: One empty one-cell row of 50 bytes (numbered by its place, like rows written without `r`).
BLANK_ROW = b'<row spans="1:1" ht="15.75"><c s="0" t="n"/></row>'
#: Bytes written to the zip at a time.
BLOCK = 1 << 20


def xlsx_with_sheet(
    path: Path | IO[bytes], head: bytes, body: bytes, repeat: int, tail: bytes
) -> Path | IO[bytes]:
    """An XLSX with one worksheet: head, body `repeat` times (streamed), tail; no dimension."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?>' + head)
            per_block = max(1, BLOCK // max(1, len(body)))
            whole, rest = divmod(repeat, per_block)
            block = body * per_block
            for _ in range(whole):
                sheet.write(block)
            sheet.write(body * rest)
            sheet.write(tail)
    return path


def row_bomb(path: Path, rows: int = 7_800_000) -> Path:
    """The bomb of issue 11: a header, then millions of empty one-cell rows, no dimension.

    With the default 7.8 million rows it is about 1 MB zipped and 392 MB unpacked: under
    the 400 MB the declared sizes were once checked against.
    """
    head = f"<worksheet {_NS}><sheetData>{HEADER_ROW}".encode()
    return xlsx_with_sheet(path, head, BLANK_ROW, rows, b"</sheetData></worksheet>")


def padded_sheet(path: Path, unpacked: int) -> Path:
    """A sheet of three rows padded with comments to `unpacked` bytes: few rows, much XML."""
    comment = b"<!--" + b" " * (256 * 1024) + b"-->"
    head = f"<worksheet {_NS}><sheetData>{HEADER_ROW}".encode()
    return xlsx_with_sheet(
        path, head, comment, unpacked // len(comment) + 1, b"</sheetData></worksheet>"
    )


def csv_row_bomb(path: Path, rows: int = 3_000_000) -> Path:
    """A CSV header followed by millions of empty lines."""
    with path.open("wb") as out:
        out.write(b"Nama;Ormas;Kabupaten/Kota\r\n")
        per_block = BLOCK // 2
        whole, rest = divmod(rows, per_block)
        for _ in range(whole):
            out.write(b"\r\n" * per_block)
        out.write(b"\r\n" * rest)
    return path


def csv_long_line(path: Path, size: int = 20 * 1024 * 1024) -> Path:
    """A CSV whose first line is `size` semicolons: millions of empty cells in one record."""
    with path.open("wb") as out:
        for _ in range(size // BLOCK):
            out.write(b";" * BLOCK)
        out.write(b";" * (size % BLOCK) + b"\r\n")
    return path
