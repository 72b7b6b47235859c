"""Phone numbers as offices write them become +62…; broken ones are refused with a reason."""

from __future__ import annotations

import pytest

from checkin.errors import PhoneInvalid
from checkin.events import normalise_phone, phone_digits


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("0812.3456.7890", "+6281234567890"),
        ("(0812) 3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("+62-812-3456-7890", "+6281234567890"),
        ("+62 (0)812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("006281234567890", "+6281234567890"),
        ("81234567890", "+6281234567890"),
        ("812 3456 7890", "+6281234567890"),
        ("'081234567890", "+6281234567890"),
        (" 0812\u00a03456\u00a07890 ", "+6281234567890"),
        ("0824-1911-24935", "+62824191124935"),
        ("+62 894 7421 94560", "+62894742194560"),
        ("0541-741234", "+62541741234"),
        (81234567890, "+6281234567890"),
        (6281234567890.0, "+6281234567890"),
        ("+60 12-345 6789", "+60123456789"),
    ],
)
def test_normalise_phone_accepts_office_spellings(written, expected):
    assert normalise_phone(written) == expected


@pytest.mark.parametrize("empty", [None, "", "   ", "-", "–", ".", "0", "--"])
def test_normalise_phone_empty_cell_is_none(empty):
    assert normalise_phone(empty) is None


@pytest.mark.parametrize(
    "broken",
    [
        "0812-ABCD-7890",
        "hubungi via email",
        "0812/0813 1234",
        "0812345",  # too short
        "0812345678901234",  # too long
        "12345678",  # not a phone prefix
        "+0812345678",
        "081234567890 (WA)",
        8.12e3 + 0.5,
    ],
)
def test_normalise_phone_rejects_broken_numbers(broken):
    with pytest.raises(PhoneInvalid):
        normalise_phone(broken)


def test_phone_digits_gives_both_searchable_forms():
    assert phone_digits("+6281234567890") == "6281234567890 081234567890"
    assert phone_digits(None) == ""


# --- libphonenumber: Indonesia's numbering plan (issue 13, item 17) -------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from checkin.events import PHONE_LANDLINE, PHONE_MOBILE, format_phone, phone_kind  # noqa: E402


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("0541-736123", "+62541736123"),  # a Samarinda office
        ("(0541) 736 123", "+62541736123"),
        ("541736123", "+62541736123"),  # Excel dropped the leading zero of a landline too
        ("021-5551234", "+62215551234"),
        ("62 812 3456 7890", "+6281234567890"),
        ("+62 (0) 812-3456-7890", "+6281234567890"),
    ],
)
def test_normalise_phone_knows_landlines_and_office_quirks(written, expected):
    assert normalise_phone(written) == expected


@pytest.mark.parametrize(
    "broken",
    [
        "0912-3456-789",  # no Indonesian number starts 09
        "0812 3456",  # too short for a mobile
        "+62 541 12",
        "+999 1234 5678",  # no such country code
        "+1 555",
    ],
)
def test_normalise_phone_refuses_what_the_numbering_plan_does_not_know(broken):
    with pytest.raises(PhoneInvalid):
        normalise_phone(broken)


def test_phone_kind_tells_an_office_line_from_a_mobile():
    assert phone_kind("+62541736123") == PHONE_LANDLINE
    assert phone_kind("+622155512345") == PHONE_LANDLINE
    assert phone_kind("+6281234567890") == PHONE_MOBILE
    assert phone_kind("+60123456789") == PHONE_MOBILE
    assert phone_kind(None) is None
    assert phone_kind("not a number") is None


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+6281234567890", "+62 812-3456-7890"),
        ("+62811234567", "+62 811-234-567"),
        ("+62541736123", "+62 541 736123"),
        ("+60123456789", "+60 12-345 6789"),
        ("0812 garbled", "0812 garbled"),  # whatever was stored before is shown as it is
        (None, ""),
        ("", ""),
    ],
)
def test_format_phone_groups_digits_for_display(stored, shown):
    assert format_phone(stored) == shown


@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(allow_nan=True)))
def test_normalise_phone_never_fails_other_than_phone_invalid(value):
    try:
        result = normalise_phone(value)
    except PhoneInvalid:
        return
    assert result is None or (result.startswith("+") and result[1:].isdigit())
    assert format_phone(result) or result is None
    phone_kind(result)
