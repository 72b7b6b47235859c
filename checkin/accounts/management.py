"""Account management for organisers: people's accounts, their roles and API tokens."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from checkin.accounts.scope import limit_to_events
from checkin.accounts.sessions import REASON_DEACTIVATED, REASON_MANUAL, Actor, end_sessions
from checkin.accounts.tokens import create_token
from checkin.accounts.users import create_user, set_display_name, set_password
from checkin.audit import record
from checkin.errors import InvalidInput, UserNotFound
from checkin.models import ROLE_DOOR, ROLE_LIAISON, ROLES, ApiToken, Event, Region, User

#: Audit actions: an organiser gave an account a new password, or another role.
PASSWORD_RESET = "account.password_reset"
ROLE_CHANGED = "account.role"


def list_users(db: Session) -> list[User]:
    """People's accounts with their tokens and events, by name (door-pass accounts are not
    people's)."""
    return list(
        db.scalars(
            select(User)
            .where(User.door_id.is_(None))
            .options(selectinload(User.tokens))
            .order_by(User.is_active.desc(), User.username)
        )
    )


def liaison_regions(db: Session, event_id: int | None = None) -> list[tuple[Region, Event]]:
    """The regions a liaison account can serve: of this event, else of every event (newest
    event first)."""
    query = (
        select(Region, Event)
        .join(Event, Region.event_id == Event.id)
        .order_by(Event.starts_at.desc(), Event.id.desc(), Region.sort_order, Region.id)
    )
    if event_id is not None:
        query = query.where(Event.id == event_id)
    return [(region, event) for region, event in db.execute(query).all()]


def create_account(
    db: Session,
    username: str,
    *,
    role: str,
    password: str,
    region_id: int | None = None,
    event_ids: Iterable[int] = (),
    display_name: str | None = None,
) -> User:
    """Create a person's account, limited to these events (none: every event); a liaison
    must serve a region, other roles none."""
    region = db.get(Region, region_id) if region_id else None
    if region_id and region is None:
        raise InvalidInput(_("Wilayah tidak ditemukan."))
    if role == ROLE_LIAISON and region is None:
        raise InvalidInput(_("Penghubung wilayah harus memilih wilayahnya."))
    user = create_user(db, username, role=role, password=password, display_name=display_name)
    if role == ROLE_LIAISON and region is not None:
        user.region_id, user.event_id = region.id, region.event_id
    limit_to_events(user, _events(db, event_ids))
    db.flush()
    return user


def set_account_events(db: Session, user_id: int, event_ids: Iterable[int], *, by: int) -> User:
    """Limit a person's account to these events, or (none) let it work on every event again;
    never one's own (an organiser would lock themselves out of the account pages)."""
    user = _person(db, user_id)
    if user.id == by:
        raise InvalidInput(_("Anda tidak dapat membatasi akun Anda sendiri."))
    limit_to_events(user, _events(db, event_ids))
    db.flush()
    return user


def _events(db: Session, event_ids: Iterable[int]) -> list[Event]:
    ids = set(event_ids)
    found = list(db.scalars(select(Event).where(Event.id.in_(ids)))) if ids else []
    if len(found) != len(ids):
        raise InvalidInput(_("Acara tidak ditemukan."))
    return found


def _person(db: Session, user_id: int) -> User:
    user = db.get(User, user_id)
    if user is None or user.door_id is not None:
        raise UserNotFound(_("Pengguna tidak ditemukan."))
    return user


def set_account_name(db: Session, user_id: int, display_name: object) -> User:
    """Give a person's account the name the scan log, verdicts and audit log show."""
    user = _person(db, user_id)
    set_display_name(user, display_name)
    db.flush()
    return user


def set_active(db: Session, user_id: int, active: bool, *, by: Actor | None) -> User:
    """Deactivate or reactivate an account; never one's own. Deactivating ends its
    sessions for good (reactivating does not revive them) and stops its API tokens."""
    user = _person(db, user_id)
    if not active and by is not None and user.id == by.id:
        raise InvalidInput(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    if not active and user.is_active:
        end_sessions(db, user, by=by, reason=REASON_DEACTIVATED)
    user.is_active = active
    db.flush()
    return user


def deactivate_user(db: Session, user_id: int, *, by: Actor | None) -> User:
    """Switch an account off: its sessions and API tokens stop working at once."""
    return set_active(db, user_id, False, by=by)


def end_person_sessions(
    db: Session, user_id: int, *, by: Actor | None, keep: str | None = None
) -> tuple[User, int]:
    """Sign a person's account out everywhere (but `keep`, the organiser's own session)."""
    user = _person(db, user_id)
    return user, end_sessions(db, user, by=by, reason=REASON_MANUAL, keep=keep)


def end_sessions_of(db: Session, username: str, *, by: Actor | None = None) -> int:
    """End every session of the account with this name (any account, door passes too)."""
    user = db.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        raise UserNotFound(_("Pengguna %(name)s tidak ditemukan.", name=username))
    return end_sessions(db, user, by=by, reason=REASON_MANUAL)


def issue_token(db: Session, user_id: int, *, name: str | None = None) -> tuple[User, str]:
    """Create an API token for an account; the token is returned once and stored hashed."""
    user = _person(db, user_id)
    if not user.is_active:
        raise InvalidInput(_("Aktifkan akun %(name)s dahulu.", name=user.username))
    label = " ".join((name or "").split())[:80] or user.username
    return user, create_token(db, user.username, name=label)


def token_owner(db: Session, token_id: int) -> User:
    """The account an API token belongs to, or raise UserNotFound."""
    token = db.get(ApiToken, token_id)
    if token is None:
        raise UserNotFound(_("Token tidak ditemukan."))
    return token.user


def reset_password(db: Session, user_id: int, password: str, *, by: Actor) -> User:
    """An organiser gives another person's account a new password: all its sessions end;
    audit-logged. One's own goes through `change_own_password` (it asks the current one)."""
    user = _person(db, user_id)
    if user.id == by.id:
        raise InvalidInput(_("Ganti kata sandi Anda sendiri di halaman Kata sandi."))
    set_password(db, user, password, by=by)
    record(db, event=None, user=by, actor=by.username, action=PASSWORD_RESET, detail=user.username)
    db.flush()
    return user


def set_role(
    db: Session, user_id: int, role: str, *, region_id: int | None = None, by: Actor
) -> User:
    """Give another person's account another role (it applies from its next request); a
    liaison serves a region, and leaving that role leaves the region; audit-logged."""
    user = _person(db, user_id)
    if user.id == by.id:
        raise InvalidInput(_("Anda tidak dapat mengubah peran akun Anda sendiri."))
    if role not in ROLES or role == ROLE_DOOR and user.door_id is not None:
        raise InvalidInput(_("Peran %(role)s tidak dikenal.", role=role))
    region = db.get(Region, region_id) if region_id else None
    if role == ROLE_LIAISON and region is None:
        raise InvalidInput(_("Penghubung wilayah harus memilih wilayahnya."))
    old = user.role
    user.role = role
    if role == ROLE_LIAISON and region is not None:
        user.region_id, user.event_id = region.id, region.event_id
    else:
        user.region_id, user.event_id = None, None
    record(
        db,
        event=None,
        user=by,
        actor=by.username,
        action=ROLE_CHANGED,
        detail=f"{user.username}: {old} -> {role}",
    )
    db.flush()
    return user
