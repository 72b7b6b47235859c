"""WhatsApp links (wa.me) and who can get one: the queue, the delegate page, the liaison's list
and the no-show follow-up all build their links here.

A number gets a link only when WhatsApp can plausibly reach it: an Indonesian mobile as
libphonenumber knows them (events/phones.py: +62 8… with 9 to 12 digits after the country
code, 0811-234-567 to 0812-3456-78901, not 0800 toll-free numbers) or another country's valid
number written with its "+". An office line (0541-736123, listed apart in the queue), a
toll-free number, or text that is no phone at all gets none. The link holds digits only,
62… (wa.me takes no "+", spaces or leading 0).
"""

from __future__ import annotations

from urllib.parse import quote

from sqlalchemy import and_, func, or_
from sqlalchemy.sql.elements import ColumnElement

from checkin.errors import PhoneInvalid
from checkin.events.phones import HOME_CODE, PHONE_MOBILE, is_landline, normalise_phone, phone_kind
from checkin.models import Delegate

__all__ = [
    "is_landline",
    "is_whatsapp_phone",
    "landline_phone_condition",
    "whatsapp_link",
    "whatsapp_number",
    "whatsapp_phone_condition",
]

#: Digits of an Indonesian mobile number after the 62: 811234567 to 812345678901.
MOBILE_DIGITS = (9, 12)
#: libphonenumber's Indonesian mobiles are 8[1-35-9]…: 080… (toll-free) and 084… are not.
NOT_MOBILE_PREFIXES = ("+6280", "+6284")
#: Indonesian office and home lines: +62 21…, +62 541…, and so on (area codes 02… to 07…).
LANDLINE_PREFIXES = tuple(f"+62{d}" for d in range(2, 8))


def whatsapp_number(phone: str | None) -> str | None:
    """The digits wa.me takes (62812…) for a number WhatsApp can reach, else None."""
    try:
        normalised = normalise_phone(phone)
    except PhoneInvalid:
        return None
    if normalised is None:
        return None
    digits = normalised.removeprefix("+")
    if not digits.startswith(HOME_CODE):
        return digits  # another country's (valid) number, written with its "+"
    return digits if phone_kind(normalised) == PHONE_MOBILE else None


def is_whatsapp_phone(phone: str | None) -> bool:
    """True for a number WhatsApp can reach (an Indonesian mobile or a foreign number)."""
    return whatsapp_number(phone) is not None


def whatsapp_link(phone: str | None, text: str = "") -> str | None:
    """A wa.me link opening a chat with the number (and the text ready); None when unreachable."""
    number = whatsapp_number(phone)
    if number is None:
        return None
    return f"https://wa.me/{number}" + (f"?text={quote(text, safe='')}" if text else "")


def whatsapp_phone_condition() -> ColumnElement[bool]:
    """SQL for is_whatsapp_phone on stored (normalised +62…) numbers."""
    shortest, longest = MOBILE_DIGITS
    return or_(
        and_(
            Delegate.phone.like("+628%"),
            *(Delegate.phone.not_like(f"{prefix}%") for prefix in NOT_MOBILE_PREFIXES),
            func.length(Delegate.phone).between(len("+62") + shortest, len("+62") + longest),
        ),
        and_(Delegate.phone.like("+%"), Delegate.phone.not_like("+62%")),
    )


def landline_phone_condition() -> ColumnElement[bool]:
    """SQL for is_landline on stored numbers (the importer stores only valid ones)."""
    return or_(*(Delegate.phone.like(f"{prefix}%") for prefix in LANDLINE_PREFIXES))
