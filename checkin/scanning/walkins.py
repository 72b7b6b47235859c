"""Walk-ins: a person not on the list, registered and admitted at the door or by an organiser."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from checkin.db import as_int, unique_or_raise
from checkin.errors import (
    AlreadyExists,
    Forbidden,
    InvalidInput,
)
from checkin.events.identity import match_key_for, search_text_for
from checkin.events.phones import normalise_phone, phone_digits
from checkin.invitations.links import new_secret
from checkin.models import (
    DELEGATE_MATCH_UNIQUE,
    ROLE_ADMIN,
    ROLE_DOOR,
    Delegate,
    Event,
    Region,
    User,
)
from checkin.scanning.admission import admit_new_delegate
from checkin.scanning.codes import clean_gate, clean_name
from checkin.scanning.verdicts import ScanResult


def register_walkin(
    db: Session,
    event: Event,
    *,
    name: object,
    ormas: object,
    region_id: object,
    position: object = None,
    phone: object = None,
    gate: object,
    by: User | None,
    now: datetime | None = None,
) -> tuple[Delegate, ScanResult]:
    """Register someone who came uninvited, with a fresh secret, and admit them at once.

    Organisers always may; door staff only when the event allows walk-ins.
    """
    _require_walkin_right(event, by)
    gate = clean_gate(gate, event)
    name = clean_name(name, field=_("Nama"), required=True)
    ormas = clean_name(ormas, field=_("Ormas"), required=True)
    position = clean_name(position, field=_("Jabatan"), required=False)
    region = db.scalar(
        select(Region).where(Region.id == as_int(region_id), Region.event_id == event.id)
    )
    if region is None:
        raise InvalidInput(_("Pilih wilayah peserta."))
    phone = normalise_phone(phone) if phone not in (None, "") else None
    match_key = match_key_for(name, ormas, region.name)
    registered = AlreadyExists(
        _(
            "%(name)s dari %(ormas)s sudah terdaftar. Cari namanya lalu catat hadir.",
            name=name,
            ormas=ormas,
        )
    )
    # Among delegates without an organiser's id (walk-ins among them) the unique match key
    # decides, two doors at the same instant included; one with an id is looked up first.
    if db.scalar(
        select(Delegate.id).where(
            Delegate.event_id == event.id,
            Delegate.match_key == match_key,
            Delegate.external_id.is_not(None),
        )
    ):
        raise registered
    delegate = Delegate(
        event_id=event.id,
        region=region,
        name=name,
        ormas=ormas,
        position=position,
        level=region.level,
        phone=phone,
        phone_digits=phone_digits(phone),
        secret=new_secret(),
        is_walkin=True,
        match_key=match_key,
        search_text=search_text_for(
            name=name, ormas=ormas, position=position, region_name=region.name
        ),
    )
    with unique_or_raise(db, (DELEGATE_MATCH_UNIQUE,), registered):
        db.add(delegate)
    result = admit_new_delegate(db, event, delegate, region.name, gate=gate, by=by, now=now)
    return delegate, result


def _require_walkin_right(event: Event, by: User | None) -> None:
    if by is None or by.role == ROLE_ADMIN:
        return
    if by.role == ROLE_DOOR and event.allow_door_walkin:
        return
    raise Forbidden(_("Pendaftaran peserta di tempat hanya oleh panitia untuk acara ini."))
