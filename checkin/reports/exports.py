"""One attendance export in a chosen format (XLSX, CSV or the Daftar Hadir PDF), as a file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from checkin.db import utcnow
from checkin.errors import InvalidInput
from checkin.formatting import to_local
from checkin.models import Event
from checkin.reports.daftar_hadir import write_pdf
from checkin.reports.rows import attendance_rows
from checkin.reports.tables import write_csv, write_xlsx

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


@dataclass
class Export:
    """A finished export file and how many delegates it lists."""

    content: bytes
    filename: str
    mimetype: str
    rows: int


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
        content = write_pdf(event, rows, now=now)
    stamp = f"{to_local(now, event.timezone):%Y%m%d-%H%M}"
    return Export(
        content=content,
        filename=f"daftar-hadir-{event.slug}-{stamp}.{fmt}",
        mimetype=FORMATS[fmt],
        rows=len(rows),
    )


def export_fields(export: Export) -> dict[str, object]:
    """What the audit log says about an export: its format and how many delegates it lists."""
    return {"format": export.filename.rsplit(".", 1)[-1], "rows": export.rows}
