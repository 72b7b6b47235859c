"""Door scanning: reading codes, the one atomic admission, verdicts, walk-ins, the scan log
with undo, the offline roster and offline conflicts."""

from .admission import check_in, check_in_delegate
from .codes import (
    MAX_OFFLINE_AGE,
    parse_client_time,
    parse_scanned_at,
    vouched_scan_time,
)
from .conflicts import list_conflicts, open_conflict_count, review_conflict
from .roster import (
    CURSOR_OVERLAP,
    b64url,
    build_roster,
    clear_cache,
    event_salt,
    lookup_key,
    open_entry,
    parse_cursor,
)
from .scan_log import scan_log, scan_log_choices, undo_check_in
from .verdicts import ADMITTED, ALREADY_CHECKED_IN, REVOKED, UNDONE, UNKNOWN_CODE, VERDICTS
from .walkins import register_walkin

__all__ = [
    "ADMITTED",
    "ALREADY_CHECKED_IN",
    "CURSOR_OVERLAP",
    "MAX_OFFLINE_AGE",
    "REVOKED",
    "UNDONE",
    "UNKNOWN_CODE",
    "VERDICTS",
    "b64url",
    "build_roster",
    "check_in",
    "check_in_delegate",
    "clear_cache",
    "event_salt",
    "list_conflicts",
    "lookup_key",
    "open_conflict_count",
    "open_entry",
    "parse_client_time",
    "parse_cursor",
    "parse_scanned_at",
    "register_walkin",
    "review_conflict",
    "scan_log",
    "scan_log_choices",
    "undo_check_in",
    "vouched_scan_time",
]
