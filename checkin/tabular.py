"""Spreadsheet-safe cells for every CSV and XLSX the app writes: formula-like text stays text."""

from __future__ import annotations

#: A spreadsheet reads a cell starting with one of these as a formula (CSV/XLSX injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    """True for text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_text(value: object) -> str:
    """A CSV cell: text that looks like a formula gets a leading apostrophe."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if is_formula_like(text) else text
