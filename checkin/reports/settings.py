"""Report settings per event: the letterhead and who signs "Mengetahui" (name, position, NIP)."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from checkin import audit
from checkin.errors import InvalidInput
from checkin.models import Event

_NIP_PREFIX = re.compile(r"^\s*nip\.?\s*", re.IGNORECASE)


def normalise_nip(text: str | None) -> str | None:
    """NIP as printed: 18 digits grouped 19700101 199003 1 001; other digit strings kept."""
    text = _NIP_PREFIX.sub("", text or "").strip()
    if not text:
        return None
    digits = re.sub(r"[\s.]", "", text)
    if not digits.isdigit() or not digits.isascii() or len(digits) > 30:
        raise InvalidInput(_("NIP hanya boleh berisi angka (biasanya 18 angka)."))
    if len(digits) == 18:
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return " ".join(text.split())


def update_report_settings(
    db: Session,
    event: Event,
    *,
    letterhead: str | None,
    official_name: str | None,
    official_position: str | None,
    official_nip: str | None,
    by: audit.Named | None = None,
) -> None:
    """Set the Daftar Hadir's letterhead and the official who signs "Mengetahui";
    what changed is audit-logged."""
    lines = [" ".join(x.split()) for x in (letterhead or "").splitlines()]
    lines = [x for x in lines if x]
    if len(lines) > 8 or any(len(x) > 200 for x in lines):
        raise InvalidInput(_("Kop surat paling banyak 8 baris, tiap baris 200 karakter."))
    position = [" ".join(x.split()) for x in (official_position or "").splitlines()]
    position_text = "\n".join(x for x in position if x)
    name = " ".join((official_name or "").split())
    if len(name) > 200 or len(position_text) > 300:
        raise InvalidInput(_("Nama pejabat paling banyak 200 karakter, jabatan 300 karakter."))
    fields = ("letterhead", "official_name", "official_position", "official_nip")
    before = {name: getattr(event, name) for name in fields}
    event.letterhead = "\n".join(lines) or None
    event.official_name = name or None
    event.official_position = position_text or None
    event.official_nip = normalise_nip(official_nip)
    after = {name: getattr(event, name) for name in fields}
    changes = audit.settings_changes(before, after, hidden=frozenset())
    if changes:
        audit.record(
            db,
            event=event,
            user=by,
            actor=audit.actor_of(by),
            action=audit.SETTINGS_CHANGE,
            fields={"area": "report", "changes": changes},
        )
    db.flush()
