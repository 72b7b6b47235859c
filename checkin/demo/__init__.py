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
from .loader import (
    DEFAULT_BASE_URL,
    DEMO_EVENT,
    DEMO_SLUG,
    LOGINS_FILE,
    demo_event,
    load_demo,
    login_lines,
    upcoming_day,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "DEMO_EVENT",
    "DEMO_SLUG",
    "HEADERS",
    "LOGINS_FILE",
    "TITLE_LINES",
    "csv_bytes",
    "demo_event",
    "generate_rows",
    "load_demo",
    "login_lines",
    "region_counts",
    "upcoming_day",
    "write_csv",
    "write_xlsx",
    "xlsx_bytes",
]
