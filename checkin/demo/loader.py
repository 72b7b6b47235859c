"""The Rakor demo (event, 750 delegates, one user per role) and the delegate-list generator.

`generate_rows(n, seed)` makes a delegate list as the Kesbangpol office would type it (titles,
region spellings, phones in every format) for the demo and for the benchmark; `write_xlsx` and
`write_csv` save it in the office format. `load_demo` feeds the list through the real importer."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from checkin.accounts.users import create_user
from checkin.demo.generator import DEMO_SEED, csv_bytes, generate_rows
from checkin.events.events import create_event
from checkin.importing.writer import delegate_count, import_delegates
from checkin.models import ROLE_ADMIN, ROLE_DOOR, ROLE_LIAISON, ROLE_VIEWER, Delegate, Event, User

DEMO_SLUG = "rakor-ormas-2024"


DEMO_SIZE = 750


LOGIN_URL = "http://127.0.0.1:5000/login"


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
    "timezone": "Asia/Makassar",
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


def load_demo(db: Session, *, logins_path: Path) -> DemoResult:
    """Create the Rakor event, its 750 delegates and one user per role, unless they exist.

    Running it again changes nothing. Passwords are random, kept in `logins_path` (0600) so a
    rerun prints the same ones.
    """
    event = db.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    event_created = event is None
    if event is None:
        event = create_event(db, DEMO_SLUG, **DEMO_EVENT)
        _import_rows(db, event, generate_rows(DEMO_SIZE, DEMO_SEED))
    delegates = delegate_count(db, event)
    logins = _ensure_users(db, event, logins_path)
    return DemoResult(event_created=event_created, delegates=delegates, logins=logins)


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


def login_lines(result: DemoResult, logins_path: Path) -> Iterator[str]:
    """What `checkin demo` prints: what it did, then how to log in."""
    if result.event_created:
        yield f"Demo event {DEMO_SLUG} created with {result.delegates} delegates."
    else:
        yield (
            f"Demo event {DEMO_SLUG} already exists ({result.delegates} delegates): left as it is."
        )
    yield ""
    yield f"Log in at {LOGIN_URL}"
    for login in result.logins:
        password = login.password or "(set before the demo; unchanged)"
        note = f" ({login.region})" if login.region else ""
        if not login.created:
            note += "  (already existed, left as it is)"
        yield f"  {login.username:<8} role {login.role:<8} password {password}{note}"
    yield ""
    yield f"Passwords are kept in {logins_path}."
    yield "These are demo accounts: do not use them for a real event."
