"""WhatsApp links (wa.me) and who can get one: the queue, the delegate page, the liaison's list
and the no-show follow-up all build their links here.

A number gets a link only when WhatsApp can plausibly reach it: an Indonesian mobile (+62 8…
with 9 to 12 digits after the country code, as 0811-234-567 to 0812-3456-78901) or another
country's number written with its "+" (the importer accepts those, events/phones.py). A
landline (0541-…), a number too short or too long for a mobile, or text that is no phone at
all gets none. The link holds digits only, 62… (wa.me takes no "+", spaces or leading 0).
"""

from __future__ import annotations

from urllib.parse import quote

from sqlalchemy import and_, func, or_
from sqlalchemy.sql.elements import ColumnElement

from checkin.errors import PhoneInvalid
from checkin.events.phones import normalise_phone
from checkin.models import Delegate

#: Digits of an Indonesian mobile number after the 62: 811234567 to 812345678901.
MOBILE_DIGITS = (9, 12)


def whatsapp_number(phone: str | None) -> str | None:
    """The digits wa.me takes (62812…) for a number WhatsApp can reach, else None."""
    try:
        normalised = normalise_phone(phone)
    except PhoneInvalid:
        return None
    if normalised is None:
        return None
    digits = normalised.removeprefix("+")
    if not digits.startswith("62"):
        return digits  # another country's number, written with its "+"
    national = digits[2:]
    shortest, longest = MOBILE_DIGITS
    if national.startswith("8") and shortest <= len(national) <= longest:
        return digits
    return None


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
            func.length(Delegate.phone).between(len("+62") + shortest, len("+62") + longest),
        ),
        and_(Delegate.phone.like("+%"), Delegate.phone.not_like("+62%")),
    )
