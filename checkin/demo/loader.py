"""The Rakor demo (event, 750 delegates, one user per role) and the delegate-list generator.

`generate_rows(n, seed)` makes a delegate list as the Kesbangpol office would type it (titles,
region spellings, phones in every format) for the demo and for the benchmark; `write_xlsx` and
`write_csv` save it in the office format. `load_demo` feeds the list through the real importer."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from checkin.accounts.users import create_user
from checkin.db import utcnow
from checkin.demo.generator import DEMO_SEED, csv_bytes, generate_rows
from checkin.events.events import create_event
from checkin.importing.writer import delegate_count, import_delegates
from checkin.models import ROLE_ADMIN, ROLE_DOOR, ROLE_LIAISON, ROLE_VIEWER, Delegate, Event, User

DEMO_SLUG = "rakor-ormas-2024"


DEMO_SIZE = 750


#: Where `checkin serve` listens unless told otherwise: the login URL printed by default.
DEFAULT_BASE_URL = "http://127.0.0.1:5000"


#: Where `checkin demo` keeps the generated passwords, so a rerun prints the same ones.
LOGINS_FILE = "demo-logins.json"


LIAISON_REGION = "Kota Samarinda"


#: (user name, role); the liaison serves Kota Samarinda.
DEMO_USERS = (
    ("admin", ROLE_ADMIN),
    ("pintu", ROLE_DOOR),
    ("layar", ROLE_VIEWER),
    ("liaison", ROLE_LIAISON),
)


DEMO_TIMEZONE = "Asia/Makassar"


#: The event's hours on its day, local time (WITA).
DEMO_HOURS = (time(8, 0), time(16, 0))


#: The Rakor as it was held, on 15 October 2024; `demo_event(day)` moves it to another day.
DEMO_EVENT: dict[str, Any] = {
    "name": "Rapat Koordinasi Ormas se-Kalimantan Timur 2024",
    "theme": (
        "Mewujudkan Kondusifitas Daerah Mendukung Sukses Pilkada Serentak Tahun 2024 "
        "di Kalimantan Timur"
    ),
    "venue": "Hotel Mercure Samarinda",
    "address": "Jl. Mulawarman No. 71, Samarinda, Kalimantan Timur",
    # 08:00 to 16:00 WITA (UTC+8).
    "starts_at": datetime(2024, 10, 15, 0, 0, tzinfo=UTC),
    "ends_at": datetime(2024, 10, 15, 8, 0, tzinfo=UTC),
    "timezone": DEMO_TIMEZONE,
    "doors": ["Pintu Utama", "Pintu Samping", "Pintu Ballroom"],
    "organizer": "Badan Kesbangpol Provinsi Kalimantan Timur",
    "contact_name": "Rahmadi Syahrani, S.Sos.",
    "contact_phone": "+6281250002024",
}


@dataclass
class DemoLogin:
    username: str
    role: str
    #: None when the account existed before and its password is not known to the demo.
    password: str | None
    created: bool
    #: The liaison's region.
    region: str | None = None


@dataclass
class DemoResult:
    event_created: bool
    delegates: int
    logins: list[DemoLogin]
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    #: Why a kept event was moved to another day (None: it was not).
    moved: str | None = None


def upcoming_day(*, now: datetime | None = None) -> date:
    """The demo's default day: tomorrow in the event's zone.

    Before its start konfirmasi is still open, and door passes can be issued until its end,
    so every flow of the demo works on the day `checkin demo` is run.
    """
    return (now or utcnow()).astimezone(ZoneInfo(DEMO_TIMEZONE)).date() + timedelta(days=1)


def demo_event(day: date) -> dict[str, Any]:
    """The demo event's fields, held on this day from 08:00 to 16:00 WITA."""
    zone = ZoneInfo(DEMO_TIMEZONE)
    starts, ends = (datetime.combine(day, hour, tzinfo=zone).astimezone(UTC) for hour in DEMO_HOURS)
    return {**DEMO_EVENT, "starts_at": starts, "ends_at": ends}


def load_demo(
    db: Session, *, logins_path: Path, day: date | None = None, now: datetime | None = None
) -> DemoResult:
    """Create the Rakor event on `day` (default: `upcoming_day()`), its 750 delegates and one
    user per role, unless they exist.

    Running it again changes nothing but the event's day: to `day` when given, else to the
    upcoming day once its start has passed, so the demo keeps working on the days after.
    Passwords are random, kept in `logins_path` (0600) so a rerun prints the same ones.
    """
    event = db.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    event_created, moved = event is None, None
    if event is None:
        event = create_event(db, DEMO_SLUG, **demo_event(day or upcoming_day(now=now)))
        _import_rows(db, event, generate_rows(DEMO_SIZE, DEMO_SEED))
    else:
        moved = _move_to_day(event, day, now=now or utcnow())
    delegates = delegate_count(db, event)
    logins = _ensure_users(db, event, logins_path)
    return DemoResult(
        event_created=event_created,
        delegates=delegates,
        logins=logins,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        moved=moved,
    )


def _move_to_day(event: Event, day: date | None, *, now: datetime) -> str | None:
    """Hold the kept demo event on `day`, or on the upcoming day once its start has passed;
    why it moved, or None when it stays."""
    if day is None and (event.starts_at is None or now < event.starts_at):
        return None
    times = demo_event(day or upcoming_day(now=now))
    if (event.starts_at, event.ends_at) == (times["starts_at"], times["ends_at"]):
        return None
    event.starts_at, event.ends_at = times["starts_at"], times["ends_at"]
    return "moved to" if day else "its start had passed, moved to"


def _import_rows(db: Session, event: Event, rows: list[dict[str, Any]]) -> None:
    """Feed the rows through the real importer, then mark the guests of honour."""
    import_delegates(db, event, csv_bytes(rows), "daftar-undangan-rakor-2024.csv")
    vips = {(r["name"], r["ormas"]) for r in rows if r["is_vip"]}
    for delegate in db.scalars(
        select(Delegate).where(
            Delegate.event_id == event.id, Delegate.ormas.in_({o for _n, o in vips})
        )
    ):
        delegate.is_vip = (delegate.name, delegate.ormas) in vips
    db.flush()


def _ensure_users(db: Session, event: Event, logins_path: Path) -> list[DemoLogin]:
    known = _read_logins(logins_path)
    regions = {r.id: r.name for r in event.regions}
    logins = []
    for username, role in DEMO_USERS:
        user = db.scalar(select(User).where(User.username == username))
        password: str | None
        if user is None:
            password = known.get(username) or _new_password()
            # Door and screen accounts are limited to their event, as docs/security.md
            # recommends; the organiser's works on every event.
            limit = [event] if role in (ROLE_DOOR, ROLE_VIEWER) else []
            user = create_user(db, username, role=role, password=password, events=limit)
            if role == ROLE_LIAISON:
                user.region_id = next(i for i, n in regions.items() if n == LIAISON_REGION)
            known[username] = password
            created = True
        else:
            # Print a kept password only if it still opens this account.
            kept = known.get(username)
            opens = user.password_hash and check_password_hash(user.password_hash, kept or "")
            password = kept if opens else None
            created = False
        region = regions.get(user.region_id) if user.region_id else None
        logins.append(DemoLogin(username, user.role, password, created, region))
    db.flush()
    if known != _read_logins(logins_path):
        _write_logins(logins_path, known)
    return logins


def _new_password() -> str:
    # Four groups of four lowercase letters and digits (about 82 bits): easy to type on a phone.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def _read_logins(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write_logins(path: Path, logins: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(json.dumps(logins, indent=2) + "\n", encoding="utf-8")


def login_lines(
    result: DemoResult, logins_path: Path, base_url: str = DEFAULT_BASE_URL
) -> Iterator[str]:
    """What `checkin demo` prints: what it did, when the event is, then how to log in at the
    app served at `base_url`."""
    when = ""
    if result.starts_at and result.ends_at:
        zone = ZoneInfo(DEMO_TIMEZONE)
        starts, ends = result.starts_at.astimezone(zone), result.ends_at.astimezone(zone)
        when = f"{starts:%Y-%m-%d %H:%M}-{ends:%H:%M} {DEMO_TIMEZONE}"
    kept = f"Demo event {DEMO_SLUG} already exists ({result.delegates} delegates)"
    if result.event_created:
        yield f"Demo event {DEMO_SLUG} created with {result.delegates} delegates."
    elif result.moved:
        yield f"{kept}: {result.moved} {when}."
    else:
        yield f"{kept}: left as it is."
    if when and not result.moved:
        yield f"It is held on {when}."
    yield ""
    yield f"Log in at {base_url.rstrip('/')}/login"
    for login in result.logins:
        password = login.password or "(set before the demo; unchanged)"
        note = f" ({login.region})" if login.region else ""
        if not login.created:
            note += "  (already existed, left as it is)"
        yield f"  {login.username:<8} role {login.role:<8} password {password}{note}"
    yield ""
    yield f"Passwords are kept in {logins_path}."
    yield "These are demo accounts: do not use them for a real event."
