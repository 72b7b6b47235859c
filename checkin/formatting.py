"""Dates, times and numbers as people read them: local times in the event's zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

DAYS_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS_ID = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
TZ_ABBREVIATIONS = {"Asia/Makassar": "WITA", "Asia/Jakarta": "WIB", "Asia/Jayapura": "WIT"}


def to_local(value: datetime, tz: str) -> datetime:
    """Convert an aware UTC time to the given zone."""
    return value.astimezone(ZoneInfo(tz))


def tz_label(tz: str) -> str:
    """Return WITA/WIB/WIT for Indonesian zones, else the zone name."""
    return TZ_ABBREVIATIONS.get(tz, tz)


def local_time(value: datetime | None, tz: str = "Asia/Makassar") -> str:
    """HH:MM in the zone, with its label (08:05 WITA)."""
    if value is None:
        return ""
    return f"{to_local(value, tz):%H:%M} {tz_label(tz)}"


def local_datetime(value: datetime | None, tz: str = "Asia/Makassar") -> str:
    """Date and time in the zone, in the interface language."""
    if value is None:
        return ""
    return f"{to_local(value, tz):%d-%m-%Y %H:%M} {tz_label(tz)}"


def long_date(value: date) -> str:
    """15 Oktober 2024 (a date or a local time's date, Indonesian month names)."""
    return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"


def long_date_id(value: datetime | None, tz: str = "Asia/Makassar") -> str:
    """Selasa, 15 Oktober 2024, as Indonesian letters write it."""
    if value is None:
        return ""
    local = to_local(value, tz)
    return f"{DAYS_ID[local.weekday()]}, {long_date(local)}"


def thousands(value: int) -> str:
    """1.234 (Indonesian thousands separator)."""
    return f"{value:,}".replace(",", ".")
