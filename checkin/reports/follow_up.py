"""Following up no-shows: a WhatsApp link with a ready message asking whether they are coming."""

from __future__ import annotations

import re
from urllib.parse import quote

from flask_babel import gettext as _

from checkin.models import Event
from checkin.reports.rows import AttendanceRow


def whatsapp_url(phone: str | None, text: str = "") -> str | None:
    """https://wa.me/62…, with a ready message when given; None without a phone."""
    digits = re.sub(r"\D", "", phone or "")
    if not digits:
        return None
    return f"https://wa.me/{digits}" + (f"?text={quote(text)}" if text else "")


def follow_up_message(event: Event, row: AttendanceRow) -> str:
    """The WhatsApp message asking a delegate who has not arrived whether they are coming."""
    return _(
        "Yth. Bapak/Ibu %(name)s, kami dari panitia %(event)s. Kehadiran Bapak/Ibu belum "
        "tercatat. Apakah Bapak/Ibu akan hadir? Terima kasih.",
        name=row.name,
        event=event.name,
    )
