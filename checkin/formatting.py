"""Dates, times and numbers as people read them, through Babel, in an explicit locale.

Every function takes the locale it writes in. Pages pass the interface language
(checkin.web.filters); what the office files or sends (the Daftar Hadir, invitation cards,
messages to delegates, exports) passes DOCUMENT_LOCALE, so it stays Indonesian whoever
prints it. Times are local to the event's zone, which the caller passes (event.timezone).

The patterns are CLDR's (Babel supplies day and month names and separators per locale):
clock times are 24-hour HH:mm in every language, as the door and live screens show them,
while letters write them with a dot (08.05), as Indonesian official letters do.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_decimal, format_percent

#: The language of documents for the office and of messages to delegates.
DOCUMENT_LOCALE = "id"

CLOCK = "HH:mm"
CLOCK_SECONDS = "HH:mm:ss"
LETTER_CLOCK = "HH.mm"
NUMERIC_DATE = "dd-MM-y"
DAY_MONTH = "dd-MM"
LONG_DATE = "d MMMM y"
WEEKDAY = "EEEE"
WEEKDAY_DATE = "EEEE, d MMMM y"
#: Date and time in spreadsheets: the CSV's text and the XLSX cells' number format read alike
#: (15-10-2024 08:05); SHEET_DATETIME_EXCEL is the same pattern in Excel's notation.
SHEET_DATETIME = "dd-MM-y HH:mm"
SHEET_DATETIME_EXCEL = "dd-mm-yyyy hh:mm"

TZ_ABBREVIATIONS = {"Asia/Makassar": "WITA", "Asia/Jakarta": "WIB", "Asia/Jayapura": "WIT"}

LocaleLike = Locale | str


def to_local(value: datetime, tz: str) -> datetime:
    """Convert an aware UTC time to the given zone."""
    return value.astimezone(ZoneInfo(tz))


def tz_label(tz: str) -> str:
    """Return WITA/WIB/WIT for Indonesian zones, else the zone name."""
    return TZ_ABBREVIATIONS.get(tz, tz)


def time_of_day(value: datetime, *, locale: LocaleLike, pattern: str = CLOCK) -> str:
    """A local time as it stands (no zone conversion): CLOCK, CLOCK_SECONDS or LETTER_CLOCK."""
    return format_time(value, pattern, locale=locale)


def clock(value: datetime | None, tz: str, *, locale: LocaleLike, seconds: bool = False) -> str:
    """08:05 (or 08:05:09 with seconds) in the zone, without its label."""
    if value is None:
        return ""
    pattern = CLOCK_SECONDS if seconds else CLOCK
    return time_of_day(to_local(value, tz), locale=locale, pattern=pattern)


def letter_time(value: datetime | None, tz: str, *, locale: LocaleLike) -> str:
    """08.05 in the zone, as a letter writes the time (no label)."""
    if value is None:
        return ""
    return time_of_day(to_local(value, tz), locale=locale, pattern=LETTER_CLOCK)


def local_time(value: datetime | None, tz: str, *, locale: LocaleLike) -> str:
    """08:05 WITA: the time in the zone, with its label."""
    if value is None:
        return ""
    return f"{clock(value, tz, locale=locale)} {tz_label(tz)}"


def local_date(value: datetime | None, tz: str, *, locale: LocaleLike, year: bool = True) -> str:
    """15-10-2024 (or 15-10 without the year): the date in the zone, in figures."""
    if value is None:
        return ""
    return format_date(to_local(value, tz), NUMERIC_DATE if year else DAY_MONTH, locale=locale)


def local_datetime(value: datetime | None, tz: str, *, locale: LocaleLike) -> str:
    """15-10-2024 08:05 WITA: date and time in the zone, with its label."""
    if value is None:
        return ""
    return f"{local_date(value, tz, locale=locale)} {local_time(value, tz, locale=locale)}"


def sheet_datetime(value: datetime) -> str:
    """15-10-2024 08:05: a local time as the CSV writes it (the XLSX shows its cells' values
    through SHEET_DATETIME_EXCEL, the same pattern)."""
    return format_datetime(value, SHEET_DATETIME, locale=DOCUMENT_LOCALE)


def long_date(value: date, *, locale: LocaleLike) -> str:
    """15 Oktober 2024 / 15 October 2024 (a date, or a local time's date)."""
    return format_date(value, LONG_DATE, locale=locale)


def weekday_name(value: date, *, locale: LocaleLike) -> str:
    """Selasa / Tuesday (a date, or a local time's date)."""
    return format_date(value, WEEKDAY, locale=locale)


def weekday_date(value: datetime | None, tz: str, *, locale: LocaleLike) -> str:
    """Selasa, 15 Oktober 2024 / Tuesday, 15 October 2024: the day in the zone."""
    if value is None:
        return ""
    return format_date(to_local(value, tz), WEEKDAY_DATE, locale=locale)


def number(value: int | float, *, locale: LocaleLike) -> str:
    """1.234 / 1,234: a count with the locale's grouping."""
    return format_decimal(value, locale=locale)


def percent(ratio: float, *, locale: LocaleLike, decimals: int = 0) -> str:
    """33% (or 50,0% / 50.0% with one decimal) for a ratio between 0 and 1."""
    pattern = "#,##0." + "0" * decimals + "%" if decimals else "#,##0%"
    return format_percent(ratio, pattern, locale=locale)
