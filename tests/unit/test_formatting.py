"""Dates and numbers through Babel: Indonesian as the office writes them, English in English."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from checkin import formatting

#: 08:05:09 WITA on Tuesday 15 October 2024.
AT = datetime(2024, 10, 15, 0, 5, 9, tzinfo=UTC)
TZ = "Asia/Makassar"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("id", "Selasa, 15 Oktober 2024"), ("en", "Tuesday, 15 October 2024")],
)
def test_weekday_date_in_the_locale(locale, expected):
    assert formatting.weekday_date(AT, TZ, locale=locale) == expected


def test_weekday_date_uses_the_event_zone():
    late = datetime(2024, 10, 15, 17, 0, tzinfo=UTC)  # already Wednesday in WITA
    assert formatting.weekday_date(late, TZ, locale="id") == "Rabu, 16 Oktober 2024"
    assert formatting.weekday_date(late, "UTC", locale="id") == "Selasa, 15 Oktober 2024"


@pytest.mark.parametrize(
    ("locale", "expected"), [("id", "1 Oktober 2024"), ("en", "1 October 2024")]
)
def test_long_date_without_leading_zero(locale, expected):
    assert formatting.long_date(date(2024, 10, 1), locale=locale) == expected


@pytest.mark.parametrize("locale", ["id", "en"])
def test_clock_times_are_24_hour_in_every_language(locale):
    assert formatting.local_time(AT, TZ, locale=locale) == "08:05 WITA"
    assert formatting.clock(AT, TZ, locale=locale, seconds=True) == "08:05:09"
    assert formatting.local_datetime(AT, TZ, locale=locale) == "15-10-2024 08:05 WITA"
    assert formatting.local_date(AT, TZ, locale=locale, year=False) == "15-10"


def test_letters_write_the_time_with_a_dot():
    assert formatting.letter_time(AT, TZ, locale=formatting.DOCUMENT_LOCALE) == "08.05"


def test_missing_times_are_empty():
    for format_ in (formatting.local_time, formatting.local_datetime, formatting.weekday_date):
        assert format_(None, TZ, locale="id") == ""


@pytest.mark.parametrize(
    ("locale", "count", "share", "share_1"),
    [("id", "1.234", "33%", "50,0%"), ("en", "1,234", "33%", "50.0%")],
)
def test_numbers_and_percentages_in_the_locale(locale, count, share, share_1):
    assert formatting.number(1234, locale=locale) == count
    assert formatting.percent(1 / 3, locale=locale) == share
    assert formatting.percent(0.5, locale=locale, decimals=1) == share_1
