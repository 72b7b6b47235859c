"""Events, their doors and their regions."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import AlreadyExists, EventNotFound, InvalidInput
from .models import LEVELS, Door, Event, Region
from .regions import default_regions

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
MAX_DOOR_NAME = 80


def get_event(db: Session, slug: str) -> Event:
    """Return the event with this slug or raise EventNotFound."""
    event = db.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        raise EventNotFound(_("Acara %(slug)s tidak ditemukan.", slug=slug))
    return event


def list_events(db: Session) -> list[Event]:
    """All events, the next or most recent first."""
    return list(db.scalars(select(Event).order_by(Event.starts_at.desc(), Event.id.desc())))


def check_timezone(name: str) -> str:
    """Return the zone name if it is a valid IANA zone, else raise InvalidInput."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(_("Zona waktu %(tz)s tidak dikenal.", tz=name)) from None
    return name


def parse_door_names(text: str) -> list[str]:
    """Split "Pintu Utama, Pintu Samping" (commas or new lines) into distinct door names."""
    names: list[str] = []
    for part in re.split(r"[,\n]", text or ""):
        name = " ".join(part.split())
        if not name:
            continue
        if len(name) > MAX_DOOR_NAME:
            raise InvalidInput(_("Nama pintu paling banyak 80 karakter: %(name)s", name=name))
        if name.lower() not in (n.lower() for n in names):
            names.append(name)
    return names


def create_event(
    db: Session,
    slug: str,
    *,
    name: str,
    venue: str | None = None,
    starts_at: datetime | None = None,
    timezone: str = "Asia/Makassar",
    doors: list[str] | None = None,
    **details: object,
) -> Event:
    """Create an event with Kalimantan Timur's regions and the given doors."""
    slug = slug.strip().lower()
    if not SLUG_RE.match(slug):
        raise InvalidInput(
            _("Kode acara hanya boleh huruf kecil, angka dan tanda minus (2–80 karakter).")
        )
    if not name or not name.strip():
        raise InvalidInput(_("Nama acara wajib diisi."))
    if db.scalar(select(Event.id).where(Event.slug == slug)):
        raise AlreadyExists(_("Acara dengan kode %(slug)s sudah ada.", slug=slug))
    event = Event(
        slug=slug,
        name=name.strip(),
        venue=venue,
        starts_at=starts_at,
        timezone=check_timezone(timezone),
        **details,
    )
    event.regions = default_regions()
    door_names = doors or [_("Pintu Utama")]
    event.doors = [Door(name=n, sort_order=i) for i, n in enumerate(door_names)]
    db.add(event)
    db.flush()
    return event


def set_doors(db: Session, event: Event, names: list[str]) -> None:
    """Replace the event's door list, keeping doors whose names stay."""
    if not names:
        raise InvalidInput(_("Acara memerlukan paling sedikit satu pintu."))
    existing = {d.name.lower(): d for d in event.doors}
    doors = []
    for i, name in enumerate(names):
        door = existing.get(name.lower()) or Door(name=name)
        door.name, door.sort_order = name, i
        doors.append(door)
    event.doors = doors
    db.flush()


def update_region(
    db: Session, event: Event, region_id: int | None, *, name: str, level: str, aliases: str
) -> Region:
    """Add a region (region_id None) or rename it, set its level and aliases."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(_("Nama wilayah wajib diisi."))
    if level not in LEVELS:
        raise InvalidInput(_("Tingkat wilayah harus provinsi atau kabupaten/kota."))
    clash = next((r for r in event.regions if r.name.lower() == name.lower()), None)
    if clash is not None and clash.id != region_id:
        raise AlreadyExists(_("Wilayah %(name)s sudah ada.", name=name))
    if region_id is None:
        region = Region(name=name, sort_order=len(event.regions))
        event.regions.append(region)
    else:
        region = next((r for r in event.regions if r.id == region_id), None)
        if region is None:
            raise InvalidInput(_("Wilayah tidak ditemukan."))
        region.name = name
    region.level = level
    region.aliases = "\n".join(a.strip() for a in aliases.splitlines() if a.strip())
    db.flush()
    return region
