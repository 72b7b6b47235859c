"""Report settings per event: the letterhead and its logo, who signs "Mengetahui" (name,
position, NIP) and the place of the date line above it."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from checkin import audit
from checkin.errors import InvalidInput
from checkin.models import Event
from checkin.reports.logo import clean_logo

_NIP_PREFIX = re.compile(r"^\s*nip\.?\s*", re.IGNORECASE)


def normalise_nip(text: str | None) -> str | None:
    """NIP as printed: 18 digits (spaces allowed when typed) grouped 19700101 199003 1 001."""
    text = _NIP_PREFIX.sub("", text or "").strip()
    if not text:
        return None
    digits = "".join(text.split())
    if not (digits.isascii() and digits.isdigit() and len(digits) == 18):
        raise InvalidInput(
            _(
                "NIP harus 18 angka (boleh dengan spasi), misalnya 19700101 199003 1 001. "
                "Kosongkan bila belum ada."
            )
        )
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


def update_report_settings(
    db: Session,
    event: Event,
    *,
    letterhead: str | None,
    official_name: str | None,
    official_position: str | None,
    official_nip: str | None,
    report_place: str | None = None,
    logo: bytes | None = None,
    remove_logo: bool = False,
    by: audit.Named | None = None,
) -> None:
    """Set the Daftar Hadir's letterhead, the official who signs "Mengetahui" and the place of
    the date line; `logo` (an upload's bytes) replaces the kop's logo, `remove_logo` drops it.
    What changed is audit-logged."""
    lines = [" ".join(x.split()) for x in (letterhead or "").splitlines()]
    lines = [x for x in lines if x]
    if len(lines) > 8 or any(len(x) > 200 for x in lines):
        raise InvalidInput(_("Kop surat paling banyak 8 baris, tiap baris 200 karakter."))
    position = [" ".join(x.split()) for x in (official_position or "").splitlines()]
    position_text = "\n".join(x for x in position if x)
    name = " ".join((official_name or "").split())
    if len(name) > 200 or len(position_text) > 300:
        raise InvalidInput(_("Nama pejabat paling banyak 200 karakter, jabatan 300 karakter."))
    place = " ".join((report_place or "").split())
    if len(place) > 100:
        raise InvalidInput(_("Tempat paling banyak 100 karakter."))
    nip = normalise_nip(official_nip)
    fields = ("letterhead", "official_name", "official_position", "official_nip", "report_place")
    before = {name: getattr(event, name) for name in fields}
    logo_changed = False
    if logo is not None:
        event.report_logo = clean_logo(logo)
        logo_changed = True
    elif remove_logo and event.report_logo is not None:
        event.report_logo = None
        logo_changed = True
    event.report_place = place or None
    event.letterhead = "\n".join(lines) or None
    event.official_name = name or None
    event.official_position = position_text or None
    event.official_nip = nip
    after = {name: getattr(event, name) for name in fields}
    changes = audit.settings_changes(before, after, hidden=frozenset())
    if logo_changed:
        changes.append({"field": "report_logo"})
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
