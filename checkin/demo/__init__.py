"""`checkin demo`: the Rakor event with 750 realistic delegates, through the real import."""

from .generator import (
    HEADERS,
    TITLE_LINES,
    csv_bytes,
    generate_rows,
    region_counts,
    write_csv,
    write_xlsx,
    xlsx_bytes,
)
from .loader import DEMO_EVENT, DEMO_SLUG, LOGINS_FILE, load_demo, login_lines

__all__ = [
    "DEMO_EVENT",
    "DEMO_SLUG",
    "HEADERS",
    "LOGINS_FILE",
    "TITLE_LINES",
    "csv_bytes",
    "generate_rows",
    "load_demo",
    "login_lines",
    "region_counts",
    "write_csv",
    "write_xlsx",
    "xlsx_bytes",
]
