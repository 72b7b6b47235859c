"""reports."""

from checkin.tabular import FORMULA_STARTS, csv_text

from .daftar_hadir import write_pdf
from .rows import (
    CSV_SEPARATOR,
    FORMATS,
    attendance_rows,
    export_attendance,
    export_detail,
    follow_up_message,
    ormas_summary,
    region_summary,
    total_line,
    update_report_settings,
    whatsapp_url,
)

__all__ = [
    "CSV_SEPARATOR",
    "FORMATS",
    "FORMULA_STARTS",
    "attendance_rows",
    "csv_text",
    "export_attendance",
    "export_detail",
    "follow_up_message",
    "ormas_summary",
    "region_summary",
    "total_line",
    "update_report_settings",
    "whatsapp_url",
    "write_pdf",
]
