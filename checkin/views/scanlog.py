"""The organisers' scan log: every scan attempt, filtered by door, verdict, staff and time."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from checkin import scanning
from checkin.db import get_session
from checkin.errors import CheckinError
from checkin.formatting import tz_label
from checkin.models import ROLE_ADMIN, Delegate, Event, User
from checkin.web.access import event_view
from checkin.web.forms import id_arg, page_arg
from checkin.web.limits import search_limit

bp = Blueprint("scanlog", __name__)

PER_PAGE = 50
#: Verdict labels for the filter and the badges, with the badge's colour.
VERDICTS = {
    scanning.ADMITTED: (_l("Diterima"), "ok"),
    scanning.ALREADY_CHECKED_IN: (_l("Sudah hadir"), "warn"),
    scanning.UNKNOWN_CODE: (_l("Kode tidak dikenal"), "bad"),
    scanning.REVOKED: (_l("Undangan dicabut"), "bad"),
    scanning.UNDONE: (_l("Dibatalkan"), ""),
}
#: The filters a page link keeps.
FILTERS = ("q", "gate", "result", "user", "since", "until")


def _local_input(text: str | None, zone: ZoneInfo) -> datetime | None:
    """A datetime-local field (2024-10-15T08:00) read in the event's zone; None if unusable."""
    try:
        value = datetime.fromisoformat((text or "").strip())
    except ValueError:
        return None
    return value.replace(tzinfo=zone) if value.tzinfo is None else value


@bp.get("/e/<slug>/admin/scans")
@event_view(ROLE_ADMIN)
@search_limit
def scans(event: Event):
    """The scan log, newest first, one page at a time."""
    db = get_session()
    zone = ZoneInfo(event.timezone)
    args = {key: request.args.get(key, "").strip()[:200] for key in FILTERS}
    user_id = request.args.get("user", type=id_arg)
    results = scanning.scan_log(
        db,
        event,
        gate=args["gate"] or None,
        result=args["result"] if args["result"] in VERDICTS else None,
        user_id=user_id,
        since=_local_input(args["since"], zone),
        until=_local_input(args["until"], zone),
        q=args["q"],
        page=request.args.get("page", 1, type=page_arg),
        per_page=PER_PAGE,
    )
    return render_template(
        "scanlog/scans.html",
        event=event,
        zone_label=tz_label(event.timezone),
        results=results,
        filters={k: v for k, v in args.items() if v},
        user_id=user_id,
        choices=scanning.scan_log_choices(db, event),
        verdicts=VERDICTS,
    )


@bp.post("/e/<slug>/admin/scans/undo/<int:delegate_id>")
@event_view(ROLE_ADMIN)
def undo(event: Event, delegate: Delegate):
    """Undo a delegate's check-in with the reason typed in the log."""
    db = get_session()
    back: dict[str, Any] = {k: v for k, v in request.form.items() if k in (*FILTERS, "page") and v}
    try:
        check = scanning.undo_check_in(
            db,
            event,
            delegate.id,
            reason=request.form.get("reason"),
            by=db.get(User, current_user.id),
        )
    except CheckinError as exc:
        db.rollback()
        flash(exc.message, "error")
    else:
        name = check.delegate.name
        db.commit()
        flash(_("Kehadiran %(name)s dibatalkan.", name=name), "success")
    return redirect(url_for("scanlog.scans", slug=event.slug, **back))
