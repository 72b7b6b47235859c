"""Attendance reports: the rows and summaries, XLSX and CSV, the Daftar Hadir PDF, the
no-show follow-up and the report settings."""

from checkin.tabular import FORMULA_STARTS, csv_text

from .daftar_hadir import write_pdf
from .exports import FORMATS, export_attendance, export_fields
from .follow_up import follow_up_link, follow_up_message
from .logo import MAX_LOGO_BYTES
from .rows import attendance_rows, ormas_summary, region_summary, total_line
from .settings import update_report_settings
from .tables import CSV_SEPARATOR

__all__ = [
    "CSV_SEPARATOR",
    "FORMATS",
    "FORMULA_STARTS",
    "MAX_LOGO_BYTES",
    "attendance_rows",
    "csv_text",
    "export_attendance",
    "export_fields",
    "follow_up_link",
    "follow_up_message",
    "ormas_summary",
    "region_summary",
    "total_line",
    "update_report_settings",
    "write_pdf",
]
