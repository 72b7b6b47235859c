"""Template filters and globals: checkin.formatting in the interface language, the vocabulary.

Pages format dates and numbers in the language the visitor reads (Flask-Babel's locale);
documents do not come through here (they pass formatting.DOCUMENT_LOCALE themselves).
"""

from __future__ import annotations

from datetime import datetime

from babel import Locale
from flask import Flask, current_app
from flask_babel import get_locale

from checkin import formatting
from checkin.accounts import shown_name
from checkin.events import format_phone, statuses


def interface_locale() -> Locale | str:
    """The language of the current page (Indonesian outside a request)."""
    return get_locale() or formatting.DOCUMENT_LOCALE


def install_zone(tz: str | None) -> str:
    """The zone given (an event's), else the install's (for times of no event: API tokens)."""
    return tz or current_app.config["DEFAULT_TIMEZONE"]


def local_time(value: datetime | None, tz: str) -> str:
    """08:05 WITA."""
    return formatting.local_time(value, tz, locale=interface_locale())


def local_datetime(value: datetime | None, tz: str | None = None) -> str:
    """15-10-2024 08:05 WITA (in the install's zone when no event's is given)."""
    return formatting.local_datetime(value, install_zone(tz), locale=interface_locale())


def local_date(value: datetime | None, tz: str, year: bool = True) -> str:
    """15-10-2024, or 15-10 without the year."""
    return formatting.local_date(value, tz, locale=interface_locale(), year=year)


def clock(value: datetime | None, tz: str, seconds: bool = False) -> str:
    """08:05, or 08:05:09 with seconds."""
    return formatting.clock(value, tz, locale=interface_locale(), seconds=seconds)


def weekday_date(value: datetime | None, tz: str) -> str:
    """Selasa, 15 Oktober 2024 / Tuesday, 15 October 2024."""
    return formatting.weekday_date(value, tz, locale=interface_locale())


def thousands(value: int | float) -> str:
    """1.234 / 1,234."""
    return formatting.number(value, locale=interface_locale())


def percent(ratio: float, decimals: int = 0) -> str:
    """33% for a ratio between 0 and 1 (50,0% / 50.0% with one decimal)."""
    return formatting.percent(ratio, locale=interface_locale(), decimals=decimals)


def phone(value: str | None) -> str:
    """+62 812-3456-7890: a stored number grouped for reading (events.format_phone)."""
    return format_phone(value)


def init_app(app: Flask) -> None:
    """Register the filters, and the status vocabulary as `vocab`."""
    filters = (local_time, local_datetime, local_date, clock, weekday_date, thousands, percent)
    for f in (*filters, phone):
        app.add_template_filter(f)
    # An account as people know it (checkin.accounts.shown_name): `scan.user|shown_name`.
    app.add_template_filter(shown_name, "shown_name")
    app.jinja_env.globals["vocab"] = statuses
