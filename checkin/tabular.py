"""Spreadsheet-safe cells for every CSV and XLSX the app writes: formula-like text stays text;
and the CSV form the office opens in Excel (office_csv, phone_text)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

#: A spreadsheet reads a cell starting with one of these as a formula (CSV/XLSX injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Excel set to Indonesian (or any locale with a decimal comma) splits CSV columns at ";".
OFFICE_SEPARATOR = ";"

_INTERNATIONAL = re.compile(r"\+(\d{6,15})")


def is_formula_like(value: object) -> bool:
    """True for text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_text(value: object) -> str:
    """A CSV cell: text that looks like a formula gets a leading apostrophe."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def phone_text(phone: str | None) -> str:
    """A normalised phone as a spreadsheet keeps it as text: 0812 3456 7890.

    Excel reads "+6281234567890" as the number 6.28E+12 (and "081234567890" loses its 0),
    but never a string of digits with spaces: the national form in groups of four, with
    00 instead of + for numbers abroad. No formula (="…") and no apostrophe to show.
    """
    match = _INTERNATIONAL.fullmatch(phone or "")
    if match is None:
        return csv_text(phone)
    digits = match.group(1)
    written = "0" + digits[2:] if digits.startswith("62") else "00" + digits
    return " ".join(written[i : i + 4] for i in range(0, len(written), 4))


def office_csv(header: Iterable[object], rows: Iterable[Iterable[object]]) -> bytes:
    """CSV as Excel set to Indonesian opens it: UTF-8 with a BOM, ";" and CRLF.

    Every text cell goes through csv_text (formulas stay text); numbers are written as they
    are. Phones should come through phone_text first.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=OFFICE_SEPARATOR, lineterminator="\r\n")
    writer.writerow([_cell(v) for v in header])
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue().encode("utf-8")


def _cell(value: object) -> object:
    return (
        value if isinstance(value, int | float) and not isinstance(value, bool) else csv_text(value)
    )
