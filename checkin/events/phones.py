"""Phone numbers as offices write them, checked against the numbering plan by libphonenumber
(the `phonenumbers` package) and normalised to E.164, +62… (the form wa.me needs).

libphonenumber knows Indonesia's plan: a Samarinda office line (0541-736123) from a mobile
(0812…), how long each may be, and how each is grouped for reading (+62 812-3456-7890).
What it does not know are the office quirks handled first here: Excel's dropped leading
zero (812… → 0812…), "62 812…" without its "+", "+62 (0) 812…", the "store as text"
apostrophe, numbers stored as numbers, placeholder cells ("-", "0").
"""

from __future__ import annotations

import re

import phonenumbers
from flask_babel import gettext as _
from phonenumbers import PhoneNumberFormat, PhoneNumberType, ValidationResult

from checkin.errors import PhoneInvalid

__all__ = [
    "PHONE_LANDLINE",
    "PHONE_MOBILE",
    "PHONE_OTHER",
    "PhoneInvalid",
    "format_phone",
    "is_landline",
    "normalise_phone",
    "phone_digits",
    "phone_kind",
]

#: The region a number without a "+" belongs to.
HOME_REGION = "ID"
HOME_CODE = "62"

#: phone_kind: a mobile (WhatsApp can reach it), an office/home line, anything else
#: (toll-free 0800…, premium, shared-cost numbers).
PHONE_MOBILE = "mobile"
PHONE_LANDLINE = "landline"
PHONE_OTHER = "other"

#: What people put between digits: spaces, dashes, dots, slashes of "(0812)", parentheses.
_SEPARATORS = re.compile(r"[\s\-.()\u00a0\u2010-\u2015]+")
#: Cells that mean "no number": "-", "–", ".", "0".
_PLACEHOLDER = re.compile(r"^[\s\-.\u2010-\u2015_/0]*$")

#: What a stored number looks like (E.164); anything else is not parsed (libphonenumber
#: would read letters as a keypad's digits).
_STORED = re.compile(r"^\+?[0-9]{4,16}$")

_MOBILE_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
_LANDLINE_TYPES = frozenset({PhoneNumberType.FIXED_LINE})


def normalise_phone(value: object) -> str | None:
    """Return the number as +62… (E.164), None when the cell is empty, or raise PhoneInvalid.

    Accepted: 0812-3456-7890, +62 812 3456 7890, 62812…, 0062 812…, 812… and 541… (a
    spreadsheet that dropped the leading zero), +62 (0)812…, 0541-736123 (an office line),
    numbers stored as numbers by Excel, and other countries' numbers written with a "+".
    Refused: what Indonesia's (or the other country's) numbering plan has no such number for.
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
    if digits.startswith("0") and explicit_plus:
        raise PhoneInvalid(_("nomor internasional tidak lengkap"))
    if digits.startswith(HOME_CODE) and (explicit_plus or len(digits) >= 11):
        # "+62 (0)812…" writes the trunk 0 too; "62812…" is the country code without "+".
        digits, explicit_plus = HOME_CODE + digits[2:].removeprefix("0"), True
    elif not explicit_plus and not digits.startswith("0"):
        digits = "0" + digits  # Excel dropped the leading zero: 812… → 0812…
    return _checked("+" + digits if explicit_plus else digits)


def phone_kind(phone: str | None) -> str | None:
    """PHONE_MOBILE, PHONE_LANDLINE or PHONE_OTHER for a stored number; None when there is
    none or it cannot be read (a value stored before numbers were checked this way)."""
    number = _parsed(phone)
    if number is None:
        return None
    kind = phonenumbers.number_type(number)
    if kind in _MOBILE_TYPES:
        return PHONE_MOBILE
    if kind in _LANDLINE_TYPES:
        return PHONE_LANDLINE
    return PHONE_OTHER


def is_landline(phone: str | None) -> bool:
    """True for a stored Indonesian office/home line (0541-736123): a number to call, but no
    WhatsApp chat (the import preview notes it; the WhatsApp queue lists it apart)."""
    return (phone or "").startswith("+" + HOME_CODE) and phone_kind(phone) == PHONE_LANDLINE


def format_phone(phone: str | None) -> str:
    """A stored number grouped for reading: +62 812-3456-7890, +62 541 736123.

    The one display form of a phone for organisers (the `phone` template filter); a value it
    cannot read is shown as stored."""
    if not phone:
        return ""
    number = _parsed(phone)
    if number is None:
        return phone
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def phone_digits(phone: str | None) -> str:
    """Delegate.phone_digits: a normalised number in both forms people search for: 62812… 0812…."""
    if not phone:
        return ""
    digits = phone.lstrip("+")
    if digits.startswith(HOME_CODE):
        return f"{digits} 0{digits[2:]}"
    return digits


def _checked(text: str) -> str:
    try:
        number = phonenumbers.parse(text, HOME_REGION)
    except phonenumbers.NumberParseException:
        raise PhoneInvalid(_("nomor telepon tidak dikenali")) from None
    if not phonenumbers.is_valid_number(number):
        raise PhoneInvalid(_why_invalid(number, text))
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _why_invalid(number: phonenumbers.PhoneNumber, text: str) -> str:
    if text.startswith("+") and phonenumbers.region_code_for_number(number) is None:
        return _("kode negara tidak dikenal")
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason in (ValidationResult.TOO_SHORT, ValidationResult.INVALID_LENGTH):
        return _("nomor terlalu pendek")
    if reason == ValidationResult.TOO_LONG:
        return _("nomor terlalu panjang")
    if reason == ValidationResult.INVALID_COUNTRY_CODE:
        return _("kode negara tidak dikenal")
    if number.country_code == int(HOME_CODE):
        prefix = str(number.national_number)[:2]
        return _("tidak ada nomor Indonesia yang diawali 0%(prefix)s", prefix=prefix)
    return _("nomor tidak dikenal di negara tujuannya")


def _parsed(phone: str | None) -> phonenumbers.PhoneNumber | None:
    if not phone or not _STORED.match(phone):
        return None
    try:
        number = phonenumbers.parse(phone, HOME_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


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
