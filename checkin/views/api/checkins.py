"""API routes: scans, batches of offline scans, manual check-in, walk-ins and undo.

A verdict (admitted, already_checked_in, unknown_code, revoked) is an answer: 200 with
`result`. Malformed requests are 400 (broken JSON) or 422 (a field), as JSON errors.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import Unauthorized

from checkin import scanning
from checkin.db import as_int, get_session
from checkin.errors import CheckinError, InvalidInput
from checkin.invitations import invitation_url
from checkin.models import ROLE_ADMIN, ROLE_DOOR, Delegate, Event, User
from checkin.views.api.base import bp, json_body
from checkin.web.access import event_view
from checkin.web.errors import error_response
from checkin.web.urls import public_base_url

#: A batch carries at most this many scans (an offline phone syncs in chunks).
MAX_BATCH = 500


def _actor() -> User:
    """The signed-in account as a row, with the request's read-only part ended."""
    db = get_session()
    # The loader already put this user in the session: get() costs no query.
    actor = db.get(User, current_user.id)
    if actor is None:  # deleted since the loader read it: sign in again
        raise Unauthorized()
    # End the read-only part (sign-in, event) now: on SQLite this request's transaction
    # holds the database's write lock from its first statement, and the doors queue on it.
    # The check-in below then takes the lock for its own few statements only.
    db.commit()
    return actor


def _scan_fields(data: dict) -> dict:
    """The check_in() arguments from one scan object of the API."""
    if not isinstance(data, dict):
        raise InvalidInput(_("Setiap pindaian harus berupa objek JSON."))
    code = data.get("code")
    if not isinstance(code, str):
        error = InvalidInput(_("code wajib diisi dengan teks yang dibaca pemindai."))
        error.code = "invalid_code"
        raise error
    return {
        "code": code,
        "gate": data.get("gate"),
        "scan_id": data.get("scan_id"),
        "scanned_at": scanning.parse_scanned_at(data.get("scanned_at")),
        "offline_admitted": data.get("offline_admitted") is True,
        "substitute_name": data.get("substitute_name"),
    }


@bp.post("/events/<slug>/checkins")
@event_view(ROLE_ADMIN, ROLE_DOOR)
def create_checkin(event: Event):
    """Check in the code a door scanned."""
    data = json_body()
    actor = _actor()
    result = scanning.check_in(get_session(), event, by=actor, **_scan_fields(data))
    get_session().commit()
    return result.to_dict()


@bp.post("/events/<slug>/checkins/batch")
@event_view(ROLE_ADMIN, ROLE_DOOR)
def create_checkin_batch(event: Event):
    """Check in many scans (an offline phone syncing); each scan stands alone."""
    data = json_body()
    scans = data.get("scans")
    if not isinstance(scans, list):
        raise InvalidInput(_("scans harus berupa daftar pindaian."))
    if len(scans) > MAX_BATCH:
        return error_response(
            "too_many_scans",
            _("Paling banyak %(n)d pindaian per kiriman.", n=MAX_BATCH),
            413,
        )
    actor = _actor()
    db = get_session()
    results = []
    for item in scans:
        try:
            results.append(scanning.check_in(db, event, by=actor, **_scan_fields(item)).to_dict())
        except CheckinError as exc:
            results.append({"result": "invalid", "error": exc.code, "message": exc.message})
    db.commit()
    return {"results": results}


@bp.post("/events/<slug>/checkins/manual")
@event_view(ROLE_ADMIN, ROLE_DOOR)
def create_manual_checkin(event: Event):
    """Check in a delegate chosen in the door's search (lost QR)."""
    data = json_body()
    actor = _actor()
    delegate_id = data.get("delegate_id")
    if not isinstance(delegate_id, int) or as_int(delegate_id) is None:
        raise InvalidInput(_("delegate_id wajib diisi dengan nomor peserta."))
    result = scanning.check_in_delegate(
        get_session(),
        event,
        delegate_id,
        gate=data.get("gate"),
        by=actor,
        substitute_name=data.get("substitute_name"),
        scan_id=data.get("scan_id"),
    )
    get_session().commit()
    return result.to_dict()


@bp.post("/events/<slug>/walkins")
@event_view(ROLE_ADMIN, ROLE_DOOR)
def create_walkin(event: Event):
    """Register a walk-in and admit them at once; answers 201 with the verdict."""
    data = json_body()
    actor = _actor()
    delegate, result = scanning.register_walkin(
        get_session(),
        event,
        name=data.get("name"),
        ormas=data.get("ormas"),
        region_id=data.get("region_id"),
        position=data.get("position"),
        phone=data.get("phone"),
        gate=data.get("gate"),
        by=actor,
    )
    get_session().commit()
    base = public_base_url(event)  # None: no address known, so no link to hand out
    url = invitation_url(base, delegate.secret) if base else None
    return {**result.to_dict(), "invitation_url": url}, 201


@bp.post("/events/<slug>/checkins/<int:delegate_id>/undo")
@event_view(ROLE_ADMIN)
def undo_checkin(event: Event, delegate: Delegate):
    """Undo a delegate's check-in, with a reason (organisers only)."""
    data = json_body()
    actor = _actor()
    scanning.undo_check_in(get_session(), event, delegate.id, reason=data.get("reason"), by=actor)
    get_session().commit()
    return {"result": scanning.UNDONE, "delegate_id": delegate.id}
