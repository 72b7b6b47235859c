"""Events, their doors and their regions."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from checkin import audit
from checkin.config import DEFAULT_TIMEZONE
from checkin.db import unique_or_raise
from checkin.errors import AlreadyExists, EventNotFound, InvalidInput
from checkin.events.identity import match_key_for, search_text_for
from checkin.events.regions import default_regions
from checkin.models import (
    DOOR_NAME_UNIQUE,
    EVENT_SLUG_UNIQUE,
    LEVELS,
    REGION_NAME_UNIQUE,
    Delegate,
    Door,
    Event,
    Region,
)
from checkin.text import clean_text

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
MAX_DOOR_NAME = 80
#: The event's public address, as the column holds it (a QR stays small with a short one).
MAX_PUBLIC_URL = 300
_SPACE_OR_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f\s]")


def get_event(db: Session, slug: str) -> Event:
    """Return the event with this slug or raise EventNotFound."""
    event = db.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        raise event_not_found(slug)
    return event


def event_not_found(slug: str) -> EventNotFound:
    """The error of a slug with no event: also what an account limited elsewhere is told."""
    return EventNotFound(_("Acara %(slug)s tidak ditemukan.", slug=slug))


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
        name = clean_text(
            part.strip(), field=_("Nama pintu"), max_length=MAX_DOOR_NAME, required=False
        )
        if not name:
            continue
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
    timezone: str = DEFAULT_TIMEZONE,
    doors: list[str] | None = None,
    **details: object,
) -> Event:
    """Create an event with Kalimantan Timur's regions and the given doors.

    Pages and commands pass the configured zone (CHECKIN_DEFAULT_TIMEZONE) or the
    organiser's choice; without one, the event gets config.DEFAULT_TIMEZONE.
    """
    slug = slug.strip().lower()
    if not SLUG_RE.match(slug):
        raise InvalidInput(
            _("Kode acara hanya boleh huruf kecil, angka dan tanda minus (2–80 karakter).")
        )
    if not name or not name.strip():
        raise InvalidInput(_("Nama acara wajib diisi."))
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
    taken = AlreadyExists(_("Acara dengan kode %(slug)s sudah ada.", slug=slug))
    with unique_or_raise(db, (EVENT_SLUG_UNIQUE,), taken):
        db.add(event)
    return event


def set_doors(db: Session, event: Event, names: list[str]) -> None:
    """Replace the event's door list, keeping doors whose names stay."""
    if not names:
        raise InvalidInput(_("Acara memerlukan paling sedikit satu pintu."))
    existing = {d.name.lower(): d for d in event.doors}
    # Two organisers adding the same door at once: the unique name refuses the second.
    changed = AlreadyExists(
        _("Daftar pintu baru saja diubah orang lain. Muat ulang halaman lalu simpan lagi.")
    )
    with unique_or_raise(db, (DOOR_NAME_UNIQUE,), changed):
        doors = []
        for i, name in enumerate(names):
            door = existing.get(name.lower()) or Door(name=name)
            door.name, door.sort_order = name, i
            doors.append(door)
        event.doors = doors


def update_region(
    db: Session, event: Event, region_id: int | None, *, name: str, level: str, aliases: str
) -> Region:
    """Add a region (region_id None) or rename it, set its level and aliases."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(_("Nama wilayah wajib diisi."))
    if level not in LEVELS:
        raise InvalidInput(_("Tingkat wilayah harus provinsi atau kabupaten/kota."))
    taken = AlreadyExists(_("Wilayah %(name)s sudah ada.", name=name))
    clash = next((r for r in event.regions if r.name.lower() == name.lower()), None)
    if clash is not None and clash.id != region_id:
        raise taken
    # The check above reads this session's list; a region another organiser adds at the same
    # instant is refused by the unique (event, name).
    with unique_or_raise(db, (REGION_NAME_UNIQUE,), taken):
        if region_id is None:
            region = Region(name=name, sort_order=len(event.regions))
            event.regions.append(region)
        else:
            found = next((r for r in event.regions if r.id == region_id), None)
            if found is None:
                raise InvalidInput(_("Wilayah tidak ditemukan."))
            region = found
            if region.name != name:
                region.name = name
                _refresh_region_keys(db, region)
        region.level = level
        region.aliases = "\n".join(a.strip() for a in aliases.splitlines() if a.strip())
    return region


def _refresh_region_keys(db: Session, region: Region) -> None:
    # The region's name is part of each delegate's match key and search text.
    rows = db.execute(
        select(Delegate.id, Delegate.name, Delegate.ormas, Delegate.position).where(
            Delegate.region_id == region.id
        )
    ).all()
    if not rows:
        return
    db.execute(
        update(Delegate),
        [
            {
                "id": row.id,
                "match_key": match_key_for(row.name, row.ormas, region.name),
                "search_text": search_text_for(
                    name=row.name,
                    ormas=row.ormas,
                    position=row.position,
                    region_name=region.name,
                ),
            }
            for row in rows
        ],
    )


def clean_public_url(text: str | None) -> str | None:
    """The public address an organiser typed (None when blank), without its last slash.

    It is the root of the app as delegates' and door staff's phones reach it: an http(s)
    URL with a host and maybe a port and a path (a mount point), no query, fragment or
    credentials, at most MAX_PUBLIC_URL characters. Else InvalidInput saying what is wrong.
    """
    text = (text or "").strip()
    if not text:
        return None
    if len(text) > MAX_PUBLIC_URL:
        raise InvalidInput(_("Alamat publik paling banyak %(n)d karakter.", n=MAX_PUBLIC_URL))
    if _SPACE_OR_CONTROL.search(text):
        raise InvalidInput(_("Alamat publik tidak boleh memuat spasi atau karakter kendali."))
    scheme_and_host = _(
        "Alamat publik harus diawali http:// atau https:// lalu nama host, misalnya "
        "https://undangan.kaltimprov.go.id."
    )
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        if "port" in str(exc).lower():
            raise InvalidInput(_("Alamat publik: nomor port tidak sah.")) from None
        raise InvalidInput(scheme_and_host) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InvalidInput(scheme_and_host)
    if "?" in text or "#" in text:
        raise InvalidInput(_("Alamat publik tidak boleh memuat ? atau # (kueri atau fragmen)."))
    if "@" in parts.netloc:
        raise InvalidInput(_("Alamat publik tidak boleh memuat nama pengguna atau sandi (@)."))
    if port == 0:
        raise InvalidInput(_("Alamat publik: nomor port tidak sah."))
    return text.rstrip("/")


def local_to_utc(value: datetime | None, tz: str) -> datetime | None:
    """Read a wall-clock time typed in the event's zone (08:00 WITA) as an aware UTC time."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(check_timezone(tz)))
    return value.astimezone(UTC)


def update_event(
    db: Session,
    event: Event,
    *,
    name: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    timezone: str,
    doors: list[str],
    map_url: str | None = None,
    allow_door_walkin: bool = False,
    allow_free_gate: bool = True,
    public_url: str | None,
    by: audit.Named | None = None,
    **details: str | None,
) -> Event:
    """Change an event's settings and doors; naive times are read in the (new) zone.

    `details` are the free-text fields: theme, venue, address, organizer, contact_name,
    contact_phone. `public_url` is checked by clean_public_url (blank: none of its own).
    What changed is audit-logged (the contact phone only as changed, never its number).
    """
    allowed = {"theme", "venue", "address", "organizer", "contact_name", "contact_phone"}
    if set(details) - allowed:
        raise TypeError(f"unknown event fields: {sorted(set(details) - allowed)}")
    if not name or not name.strip():
        raise InvalidInput(_("Nama acara wajib diisi."))
    timezone = check_timezone(timezone)
    starts_at, ends_at = local_to_utc(starts_at, timezone), local_to_utc(ends_at, timezone)
    if starts_at and ends_at and ends_at <= starts_at:
        raise InvalidInput(_("Waktu selesai harus sesudah waktu mulai."))
    map_url = (map_url or "").strip() or None
    if map_url and urlsplit(map_url).scheme not in ("http", "https"):
        raise InvalidInput(_("Tautan peta harus diawali http:// atau https://."))
    before = _settings_of(event)
    event.public_url = clean_public_url(public_url)
    event.name, event.timezone = name.strip(), timezone
    event.starts_at, event.ends_at, event.map_url = starts_at, ends_at, map_url
    event.allow_door_walkin = allow_door_walkin
    event.allow_free_gate = allow_free_gate
    for key, value in details.items():
        setattr(event, key, (value or "").strip() or None)
    set_doors(db, event, doors)
    changes = audit.settings_changes(before, _settings_of(event), hidden=HIDDEN_SETTINGS)
    if changes:
        audit.record(
            db,
            event=event,
            user=by,
            actor=audit.actor_of(by),
            action=audit.SETTINGS_CHANGE,
            fields={"area": "event", "changes": changes},
        )
    return event


#: The event settings the audit log names when they change, and those it never shows.
AUDITED_SETTINGS = (
    "name", "starts_at", "ends_at", "timezone", "map_url", "allow_door_walkin",
    "allow_free_gate", "public_url", "theme", "venue", "address", "organizer",
    "contact_name", "contact_phone",
)  # fmt: skip
HIDDEN_SETTINGS = frozenset({"contact_phone"})


def _settings_of(event: Event) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(event, name) for name in AUDITED_SETTINGS}
    values["doors"] = ", ".join(door.name for door in event.doors)
    return values
