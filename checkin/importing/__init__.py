"""Importing delegate lists as offices send them: read (spreadsheets) -> find the header
(columns) -> validate every row (rows) -> write all or nothing (writer), with a report."""

from checkin.events.identity import match_key_for, search_text_for

from .columns import COLUMNS, cell_text
from .writer import delegate_count, import_delegates, preview_import

__all__ = [
    "COLUMNS",
    "cell_text",
    "delegate_count",
    "import_delegates",
    "match_key_for",
    "preview_import",
    "search_text_for",
]
