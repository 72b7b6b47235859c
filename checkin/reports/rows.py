"""Attendance reports: the list, summaries by region and ormas, and the XLSX and CSV exports.

The report covers every invited delegate (and everyone admitted, even if their invitation
was revoked afterwards); a delegate whose invitation was revoked and who never came is no
longer invited and is left out. Exported documents are in Bahasa Indonesia whatever the
interface language: the office files them, and their column headers stay stable for tools.
The printable Daftar Hadir lives in `checkin.daftar_hadir`."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checkin.db import utcnow
from checkin.errors import InvalidInput
from checkin.events.counting import counts_as_invited
from checkin.formatting import to_local, tz_label
from checkin.models import LEVEL_PROVINCE, CheckIn, Delegate, Event, Region
from checkin.tabular import csv_text, is_formula_like

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


LEVEL_LABELS = {LEVEL_PROVINCE: "Provinsi"}


LEVEL_REGENCY_LABEL = "Kabupaten/Kota"


CSV_SEPARATOR = ";"


@dataclass(frozen=True)
class AttendanceRow:
    """One delegate in the report; arrived_at is in the event's zone, None if not arrived."""

    delegate_id: int
    name: str
    position: str
    ormas: str
    region: str
    region_order: int
    level: str
    phone: str | None
    arrived_at: datetime | None
    gate: str
    substitute_name: str | None
    is_walkin: bool

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, LEVEL_REGENCY_LABEL)

    @property
    def note(self) -> str:
        """Keterangan: who came instead, or that the person came without an invitation."""
        notes = []
        if self.substitute_name:
            notes.append(f"pengganti: {self.substitute_name}")
        if self.is_walkin:
            notes.append("tanpa undangan")
        return "; ".join(notes)


@dataclass(frozen=True)
class SummaryLine:
    """Invited and arrived for one region or ormas."""

    label: str
    level: str | None
    invited: int
    arrived: int

    @property
    def not_arrived(self) -> int:
        return self.invited - self.arrived

    @property
    def ratio(self) -> float:
        return self.arrived / self.invited if self.invited else 0.0

    @property
    def percent_text(self) -> str:
        """81,6% (Indonesian decimal comma)."""
        return f"{self.ratio * 100:.1f}%".replace(".", ",")


@dataclass
class Export:
    """A finished export file and how many delegates it lists."""

    content: bytes
    filename: str
    mimetype: str
    rows: int


def attendance_rows(
    db: Session, event: Event, *, only_missing: bool = False, region_id: int | None = None
) -> list[AttendanceRow]:
    """Every delegate in the report, by region (event order), then ormas, then name."""
    stmt = (
        select(
            Delegate.id,
            Delegate.name,
            Delegate.position,
            Delegate.ormas,
            Region.name,
            Region.sort_order,
            Delegate.level,
            Delegate.phone,
            CheckIn.checked_in_at,
            CheckIn.gate,
            CheckIn.substitute_name,
            Delegate.is_walkin,
        )
        .join(Region, Region.id == Delegate.region_id)
        .outerjoin(CheckIn, CheckIn.delegate_id == Delegate.id)
        .where(counts_as_invited(event))
    )
    if only_missing:
        stmt = stmt.where(CheckIn.id.is_(None))
    if region_id is not None:
        stmt = stmt.where(Delegate.region_id == region_id)
    rows = [
        AttendanceRow(
            delegate_id=r[0],
            name=r[1],
            position=r[2] or "",
            ormas=r[3],
            region=r[4],
            region_order=r[5],
            level=r[6],
            phone=r[7],
            arrived_at=to_local(r[8], event.timezone) if r[8] is not None else None,
            gate=r[9] or "",
            substitute_name=r[10],
            is_walkin=r[11],
        )
        for r in db.execute(stmt)
    ]
    # Sorted here, not in SQL: PostgreSQL and SQLite collate differently.
    rows.sort(
        key=lambda r: (r.region_order, r.region, _fold(r.ormas), _fold(r.name), r.delegate_id)
    )
    return rows


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def region_summary(db: Session, event: Event) -> list[SummaryLine]:
    """Invited and arrived per region, every region of the event in its order."""
    counts = {
        region_id: (invited, arrived)
        for region_id, invited, arrived in db.execute(
            select(Delegate.region_id, func.count(Delegate.id), func.count(CheckIn.id))
            .outerjoin(CheckIn, CheckIn.delegate_id == Delegate.id)
            .where(counts_as_invited(event))
            .group_by(Delegate.region_id)
        )
    }
    regions = db.scalars(
        select(Region).where(Region.event_id == event.id).order_by(Region.sort_order, Region.id)
    )
    return [SummaryLine(r.name, r.level, *counts.get(r.id, (0, 0))) for r in regions]


def ormas_summary(db: Session, event: Event) -> list[SummaryLine]:
    """Invited and arrived per ormas, by name; spellings differing in case or spaces merge."""
    merged: dict[str, list] = {}
    for ormas, invited, arrived in db.execute(
        select(Delegate.ormas, func.count(Delegate.id), func.count(CheckIn.id))
        .outerjoin(CheckIn, CheckIn.delegate_id == Delegate.id)
        .where(counts_as_invited(event))
        .group_by(Delegate.ormas)
    ):
        spelling = " ".join(ormas.split())
        line = merged.setdefault(_fold(ormas), [spelling, 0, 0, (0, 0, ())])
        # Show the spelling most delegates used; on a tie the more capitalised one (how an
        # office writes a name), then the alphabetically first, whatever the database order.
        rank = (invited, sum(c.isupper() for c in spelling), _reverse_alpha(spelling))
        if rank > line[3]:
            line[0], line[3] = spelling, rank
        line[1] += invited
        line[2] += arrived
    return [
        SummaryLine(label, None, invited, arrived)
        for key, (label, invited, arrived, _rank) in sorted(merged.items())
    ]


def _reverse_alpha(text: str) -> tuple[int, ...]:
    """A key that ranks alphabetically earlier text higher."""
    return tuple(-ord(c) for c in text)


def total_line(lines: Iterable[SummaryLine]) -> SummaryLine:
    """The sum of summary lines ("Jumlah")."""
    lines = list(lines)
    return SummaryLine("Jumlah", None, sum(x.invited for x in lines), sum(x.arrived for x in lines))


def whatsapp_url(phone: str | None, text: str = "") -> str | None:
    """https://wa.me/62…, with a ready message when given; None without a phone."""
    digits = re.sub(r"\D", "", phone or "")
    if not digits:
        return None
    return f"https://wa.me/{digits}" + (f"?text={quote(text)}" if text else "")


def follow_up_message(event: Event, row: AttendanceRow) -> str:
    """The WhatsApp message asking a delegate who has not arrived whether they are coming."""
    return _(
        "Yth. Bapak/Ibu %(name)s, kami dari panitia %(event)s. Kehadiran Bapak/Ibu belum "
        "tercatat. Apakah Bapak/Ibu akan hadir? Terima kasih.",
        name=row.name,
        event=event.name,
    )


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
    cell.number_format = "dd-mm-yyyy hh:mm"
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
        link = whatsapp_url(row.phone)
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
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    header = [*LIST_HEADER]
    header[6] = f"Waktu Hadir ({tz_label(event.timezone)})"
    writer.writerow(header)
    for no, row in enumerate(rows, 1):
        arrived = f"{row.arrived_at:%Y-%m-%d %H:%M}" if row.arrived_at else ""
        values = [row.name, row.position, row.ormas, row.region, row.level_label]
        tail = [row.gate, row.note]
        writer.writerow([no, *map(csv_text, values), arrived, *map(csv_text, tail)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_attendance(
    db: Session, event: Event, fmt: str, *, now: datetime | None = None
) -> Export:
    """Build the attendance export in one format (xlsx, csv or pdf); only reads."""
    if fmt not in FORMATS:
        raise InvalidInput(_("Format %(fmt)s tidak dikenal: pilih xlsx, csv atau pdf.", fmt=fmt))
    now = now or utcnow()
    rows = attendance_rows(db, event)
    if fmt == "xlsx":
        content = write_xlsx(db, event, rows)
    elif fmt == "csv":
        content = write_csv(event, rows)
    else:
        from checkin.reports.daftar_hadir import write_pdf

        content = write_pdf(event, rows, now=now)
    stamp = f"{to_local(now, event.timezone):%Y%m%d-%H%M}"
    return Export(
        content=content,
        filename=f"daftar-hadir-{event.slug}-{stamp}.{fmt}",
        mimetype=FORMATS[fmt],
        rows=len(rows),
    )


def export_detail(export: Export) -> str:
    """What the audit log says about an export: its format and how many delegates it lists."""
    return f"format={export.filename.rsplit('.', 1)[-1]} rows={export.rows}"


_NIP_PREFIX = re.compile(r"^\s*nip\.?\s*", re.IGNORECASE)


def normalise_nip(text: str | None) -> str | None:
    """NIP as printed: 18 digits grouped 19700101 199003 1 001; other digit strings kept."""
    text = _NIP_PREFIX.sub("", text or "").strip()
    if not text:
        return None
    digits = re.sub(r"[\s.]", "", text)
    if not digits.isdigit() or not digits.isascii() or len(digits) > 30:
        raise InvalidInput(_("NIP hanya boleh berisi angka (biasanya 18 angka)."))
    if len(digits) == 18:
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return " ".join(text.split())


def update_report_settings(
    db: Session,
    event: Event,
    *,
    letterhead: str | None,
    official_name: str | None,
    official_position: str | None,
    official_nip: str | None,
) -> None:
    """Set the Daftar Hadir's letterhead and the official who signs "Mengetahui"."""
    lines = [" ".join(x.split()) for x in (letterhead or "").splitlines()]
    lines = [x for x in lines if x]
    if len(lines) > 8 or any(len(x) > 200 for x in lines):
        raise InvalidInput(_("Kop surat paling banyak 8 baris, tiap baris 200 karakter."))
    position = [" ".join(x.split()) for x in (official_position or "").splitlines()]
    position_text = "\n".join(x for x in position if x)
    name = " ".join((official_name or "").split())
    if len(name) > 200 or len(position_text) > 300:
        raise InvalidInput(_("Nama pejabat paling banyak 200 karakter, jabatan 300 karakter."))
    event.letterhead = "\n".join(lines) or None
    event.official_name = name or None
    event.official_position = position_text or None
    event.official_nip = normalise_nip(official_nip)
    db.flush()
