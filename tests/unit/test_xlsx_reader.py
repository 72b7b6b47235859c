"""The streaming XLSX reader gives the values openpyxl gives, for what office programs write.

openpyxl is the oracle: each workbook below is read by both, and the rows must be equal
(openpyxl's cached values, else the formula's text, as the importer read them before)."""

from __future__ import annotations

import io
import warnings
import zipfile
from datetime import datetime
from itertools import zip_longest

import openpyxl
import pytest

from checkin.importing.xlsx import Workbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

STYLES = f"""<styleSheet xmlns="{MAIN}">
<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>
<numFmt numFmtId="165" formatCode="0.00"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>
<xf numFmtId="165"/></cellXfs></styleSheet>"""

STRINGS = f"""<sst xmlns="{MAIN}" count="4" uniqueCount="4">
<si><t>Nama</t></si><si><t xml:space="preserve"> Drs. H. Ahmad </t></si>
<si><r><rPr><b/></rPr><t>Pemuda </t></r><r><t>Pancasila</t></r>
<rPh sb="0" eb="1"><t>ぱ</t></rPh></si>
<si><t>a_x005F_x000D_b</t></si></sst>"""

SHEET1 = f"""<worksheet xmlns="{MAIN}"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Ormas</t></is></c>
<c r="C1" t="inlineStr"><is><r><t>Kabupaten/</t></r><r><t>Kota</t></r></is></c></row>
<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2"><v>12</v></c>
<c r="D2"><v>81234567890</v></c><c r="E2"><v>1.5</v></c><c r="F2"><v>6.28E+12</v></c></row>
<row r="5"><c r="A5" t="b"><v>1</v></c><c r="B5" t="b"><v>0</v></c><c r="C5" t="e"><v>#N/A</v></c>
<c r="D5" t="str"><f>A1&amp;B1</f><v>NamaOrmas</v></c><c r="E5"><f>SUM(C2:C3)</f></c>
<c r="F5"><f>1+1</f><v>2</v></c><c r="H5" s="1"><v>45580</v></c><c r="I5" s="2"><v>45580.5</v></c>
<c r="J5" s="3"><v>3.25</v></c></row>
<row r="6"><c t="inlineStr"><is><t>no ref</t></is></c><c><v>7</v></c></row>
<row r="7"><c r="B7" t="s"><v>3</v></c><c r="C7" t="inlineStr"><is><t></t></is></c>
<c r="D7"><v/></c></row>
</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>"""

SHEET2 = f"""<x:worksheet xmlns:x="{MAIN}"><x:dimension ref="A1:B2"/><x:sheetData>
<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Lembar</x:t></x:is></x:c></x:row>
<x:row r="2"><x:c r="B2"><x:v>42</x:v></x:c></x:row></x:sheetData></x:worksheet>"""


def workbook(*, date1904: bool = False) -> bytes:
    """A workbook as Excel writes it: shared strings, styles, two sheets (one namespaced)."""
    pr = '<workbookPr date1904="1"/>' if date1904 else ""
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
        'formats-package.relationships+xml"/><Default Extension="xml" ContentType="'
        'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/'
        'sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
        f'Type="{REL}/officeDocument" Target="/xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">{pr}<sheets>'
        '<sheet name="Peserta" sheetId="1" r:id="rId1"/>'
        '<sheet name="Lain" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
        f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId4" Type="{REL}/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": STYLES,
        "xl/sharedStrings.xml": STRINGS,
        "xl/worksheets/sheet1.xml": SHEET1,
        "xl/worksheets/sheet2.xml": SHEET2,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def trimmed(cells) -> list:
    cells = list(cells)
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def openpyxl_rows(data: bytes) -> dict[str, list[list]]:
    """What the importer read with openpyxl: cached values, else the formula."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # as the importer did: openpyxl warns about styles
        shown = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        written = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    result = {}
    for ws in shown.worksheets:
        pairs = zip_longest(
            ws.iter_rows(values_only=True), written[ws.title].iter_rows(values_only=True)
        )
        result[ws.title] = [
            trimmed(s if s is not None else r for s, r in zip_longest(a or (), b or ()))
            for a, b in pairs
        ]
    return result


def our_rows(data: bytes) -> dict[str, list[list]]:
    book = Workbook(data)
    try:
        return {
            title: [trimmed(cells) for _n, cells in book.rows(part, title)]
            for title, part in book.sheets
        }
    finally:
        book.close()


@pytest.mark.parametrize("date1904", [False, True])
def test_xlsx_reader_gives_the_values_openpyxl_gives(date1904):
    data = workbook(date1904=date1904)
    assert our_rows(data) == openpyxl_rows(data)


def test_xlsx_reader_reads_shared_strings_dates_and_formulas():
    rows = our_rows(workbook())["Peserta"]
    assert rows[0] == ["Nama", "Ormas", "Kabupaten/Kota"]
    assert rows[1] == [" Drs. H. Ahmad ", "Pemuda Pancasila", 12, 81234567890, 1.5, 6.28e12]
    assert rows[2] == rows[3] == []  # rows 3 and 4 are not in the file
    assert rows[4][:5] == [True, False, "#N/A", "NamaOrmas", "=SUM(C2:C3)"]
    assert rows[4][7:] == [datetime(2024, 10, 15), datetime(2024, 10, 15, 12), 3.25]
    assert rows[5] == ["no ref", 7]
    assert rows[6] == [None, "a_x000D_b", ""]


def test_xlsx_reader_numbers_rows_from_one_on_every_sheet():
    book = Workbook(workbook())
    assert [title for title, _part in book.sheets] == ["Peserta", "Lain"]
    numbers = [n for n, _cells in book.rows(*reversed(book.sheets[0]))]
    assert numbers == [1, 2, 3, 4, 5, 6, 7]
