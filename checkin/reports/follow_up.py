"""Following up no-shows: a WhatsApp link with a ready message asking whether they are coming."""

from __future__ import annotations

from flask_babel import gettext as _

from checkin.models import Event
from checkin.reports.rows import AttendanceRow
from checkin.sending.whatsapp import whatsapp_link


def follow_up_message(event: Event, row: AttendanceRow) -> str:
    """The WhatsApp message asking a delegate who has not arrived whether they are coming."""
    return _(
        "Yth. Bapak/Ibu %(name)s, kami dari panitia %(event)s. Kehadiran Bapak/Ibu belum "
        "tercatat. Apakah Bapak/Ibu akan hadir? Terima kasih.",
        name=row.name,
        event=event.name,
    )


def follow_up_link(event: Event, row: AttendanceRow) -> str | None:
    """The wa.me link with the follow-up message; None when WhatsApp cannot reach the phone."""
    return whatsapp_link(row.phone, follow_up_message(event, row))
