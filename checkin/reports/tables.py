"""The attendance list as XLSX (list, no-shows and summaries) and as CSV for Excel."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from checkin.formatting import SHEET_DATETIME_EXCEL, sheet_datetime, tz_label
from checkin.models import Event
from checkin.reports.rows import (
    AttendanceRow,
    SummaryLine,
    ormas_summary,
    region_summary,
    total_line,
)
from checkin.sending.whatsapp import whatsapp_link
from checkin.tabular import OFFICE_SEPARATOR, is_formula_like, office_csv

CSV_SEPARATOR = OFFICE_SEPARATOR


def _xlsx_value(ws, value: object) -> object:
    """A cell value for a write-only sheet; text is always stored as text, never a formula."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not is_formula_like(value):
        return value
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True  # Excel keeps it text even when someone edits the cell
    return cell


def _xlsx_cell(ws, value: object) -> Cell:
    """Like _xlsx_value, but always a cell (to style it)."""
    value = _xlsx_value(ws, value)
    return value if isinstance(value, Cell) else WriteOnlyCell(ws, value=value)


_HEADER_FONT = Font(bold=True, color="FFFFFF")


_HEADER_FILL = PatternFill("solid", fgColor="0B5FA5")


_TOTAL_FONT = Font(bold=True)


LIST_HEADER = [
    "No",
    "Nama",
    "Jabatan",
    "Ormas",
    "Wilayah",
    "Tingkat",
    "Waktu Hadir",
    "Pintu",
    "Keterangan",
]


NO_SHOW_HEADER = ["No", "Nama", "Jabatan", "Ormas", "Wilayah", "Telepon", "WhatsApp"]


def _sheet(wb: Workbook, title: str, header: list[str], widths: list[int]):
    ws = wb.create_sheet(title)
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    # Printed from Excel: landscape, as wide as the paper, as many pages long as needed.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    cells = []
    for text in header:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cells.append(cell)
    ws.append(cells)
    return ws


def _summary_sheet(wb: Workbook, title: str, first: str, lines: list[SummaryLine]) -> None:
    header = [first, "Diundang", "Hadir", "Belum Hadir", "Persentase Hadir"]
    ws = _sheet(wb, title, header, [48, 11, 9, 13, 17])
    total = total_line(lines)
    for line in [*lines, total]:
        values = [line.label, line.invited, line.arrived, line.not_arrived, line.ratio]
        cells = [_xlsx_cell(ws, v) for v in values]
        cells[4].number_format = "0.0%"
        if line is total:
            for cell in cells:
                cell.font = _TOTAL_FONT
        ws.append(cells)
    ws.auto_filter.ref = f"A1:E{len(lines) + 1}"


def _time_cell(ws, value: datetime | None) -> object:
    if value is None:
        return None
    cell = WriteOnlyCell(ws, value=value.replace(tzinfo=None))
    cell.number_format = SHEET_DATETIME_EXCEL  # reads as the CSV's sheet_datetime
    return cell


def write_xlsx(db: Session, event: Event, rows: list[AttendanceRow]) -> bytes:
    """The workbook: summaries by region and ormas, the full list, and the no-shows."""
    wb = Workbook(write_only=True)
    _summary_sheet(wb, "Ringkasan Wilayah", "Wilayah", region_summary(db, event))
    _summary_sheet(wb, "Ringkasan Ormas", "Ormas", ormas_summary(db, event))

    header = [*LIST_HEADER]
    header[6] = f"Waktu Hadir ({tz_label(event.timezone)})"
    ws = _sheet(wb, "Daftar Hadir", header, [6, 36, 24, 36, 30, 16, 18, 16, 30])
    for no, row in enumerate(rows, 1):
        values = [no, row.name, row.position, row.ormas, row.region, row.level_label]
        tail = [row.gate, row.note]
        ws.append(
            [_xlsx_value(ws, v) for v in values]
            + [_time_cell(ws, row.arrived_at)]
            + [_xlsx_value(ws, v) for v in tail]
        )
    ws.auto_filter.ref = f"A1:I{len(rows) + 1}"

    ws = _sheet(wb, "Belum Hadir", NO_SHOW_HEADER, [6, 36, 24, 36, 30, 18, 34])
    missing = [r for r in rows if r.arrived_at is None]
    for no, row in enumerate(missing, 1):
        values = [no, row.name, row.position, row.ormas, row.region, row.phone or ""]
        link = whatsapp_link(row.phone)
        link_cell = WriteOnlyCell(ws, value=link)
        if link:
            link_cell.hyperlink = link
        ws.append([_xlsx_value(ws, v) for v in values] + [link_cell])
    ws.auto_filter.ref = f"A1:G{len(missing) + 1}"

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_csv(event: Event, rows: list[AttendanceRow]) -> bytes:
    """The full list as CSV: UTF-8 with BOM and ";" so Excel set to Indonesian opens it."""
    header = [*LIST_HEADER]
    header[6] = f"Waktu Hadir ({tz_label(event.timezone)})"
    return office_csv(
        header,
        (
            [
                no,
                row.name,
                row.position,
                row.ormas,
                row.region,
                row.level_label,
                sheet_datetime(row.arrived_at) if row.arrived_at else "",
                row.gate,
                row.note,
            ]  # fmt: skip
            for no, row in enumerate(rows, 1)
        ),
    )
