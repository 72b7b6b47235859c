"""Importing delegate lists as offices send them: read (spreadsheets) -> find the header
(columns) -> validate every row (rows) -> write all or nothing (writer), with a report; the
uploads waiting between preview and import (pending)."""

from checkin.events.identity import match_key_for, search_text_for

from .columns import COLUMNS, cell_text
from .pending import drop_pending, pending_file, purge_pending, save_pending, start_purger
from .writer import delegate_count, import_delegates, preview_import

__all__ = [
    "COLUMNS",
    "cell_text",
    "delegate_count",
    "drop_pending",
    "import_delegates",
    "match_key_for",
    "pending_file",
    "preview_import",
    "purge_pending",
    "save_pending",
    "search_text_for",
    "start_purger",
]
