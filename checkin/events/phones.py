"""Phone numbers as offices write them, normalised to +62… (the form wa.me needs)."""

from __future__ import annotations

import re

from flask_babel import gettext as _

from checkin.errors import PhoneInvalid

__all__ = ["PhoneInvalid", "normalise_phone", "phone_digits"]

#: Digits after the country code: 0541-123456 (landline) has 9, 0812-3456-78901 has 12.
MIN_NATIONAL_DIGITS = 8
MAX_NATIONAL_DIGITS = 12
#: E.164 allows at most 15 digits including the country code.
MAX_INTERNATIONAL_DIGITS = 15

#: What people put between digits: spaces, dashes, dots, slashes of "(0812)", parentheses.
_SEPARATORS = re.compile(r"[\s\-.()\u00a0\u2010-\u2015]+")
#: Cells that mean "no number": "-", "–", ".", "0".
_PLACEHOLDER = re.compile(r"^[\s\-.\u2010-\u2015_/0]*$")


def normalise_phone(value: object) -> str | None:
    """Return the number as +62…, None when the cell is empty, or raise PhoneInvalid.

    Accepted: 0812-3456-7890, +62 812 3456 7890, 62812…, 0062 812…, 812… (a spreadsheet
    that dropped the leading zero), +62 (0)812…, numbers stored as numbers by Excel, and
    other countries' numbers written with an explicit "+".
    """
    text = _as_text(value)
    if text is None or _PLACEHOLDER.match(text):
        return None
    compact = _SEPARATORS.sub("", text)
    if compact.startswith("'"):  # Excel's "store as text" mark
        compact = compact[1:]
    explicit_plus = compact.startswith("+")
    digits = compact[1:] if explicit_plus else compact
    if not digits.isdigit() or not digits.isascii():
        raise PhoneInvalid(_("hanya boleh berisi angka, spasi, tanda minus dan awalan +62"))
    if digits.startswith("00"):
        digits, explicit_plus = digits[2:], True
    if explicit_plus and not digits.startswith("62"):
        return _foreign(digits)
    if digits.startswith("62"):
        national = digits[2:]
        if national.startswith("0"):  # "+62 (0)812…"
            national = national[1:]
    elif digits.startswith("0"):
        national = digits[1:]
    elif digits.startswith("8"):
        national = digits
    else:
        raise PhoneInvalid(_("nomor harus diawali 08…, +62… atau 62…"))
    if len(national) < MIN_NATIONAL_DIGITS:
        raise PhoneInvalid(_("nomor terlalu pendek"))
    if len(national) > MAX_NATIONAL_DIGITS:
        raise PhoneInvalid(_("nomor terlalu panjang"))
    return "+62" + national


def phone_digits(phone: str | None) -> str:
    """Delegate.phone_digits: a normalised number in both forms people search for: 62812… 0812…."""
    if not phone:
        return ""
    digits = phone.lstrip("+")
    if digits.startswith("62"):
        return f"{digits} 0{digits[2:]}"
    return digits


def _as_text(value: object) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise PhoneInvalid(_("nomor tertulis sebagai angka desimal; ketik ulang sebagai teks"))
        return str(int(value))
    text = str(value).strip()
    return text or None


def _foreign(digits: str) -> str:
    if digits.startswith("0") or not MIN_NATIONAL_DIGITS <= len(digits) <= (
        MAX_INTERNATIONAL_DIGITS
    ):
        raise PhoneInvalid(_("nomor internasional tidak lengkap"))
    return "+" + digits
