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
