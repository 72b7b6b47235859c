"""Delegate import pages: upload a spreadsheet, see the preview, confirm.

Between preview and confirm the uploaded bytes wait on the server under a random name
(never in the browser, checkin/importing/pending.py); the token is bound to the organiser's
signed session, and the confirm step validates the stored file again before writing
anything. The file is deleted after the import (done, refused or cancelled), and every
request to these pages purges uploads older than CHECKIN_IMPORT_PENDING_MAX_AGE.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from checkin.db import get_session
from checkin.errors import ImportInvalid
from checkin.importing import (
    COLUMNS,
    delegate_count,
    drop_pending,
    import_delegates,
    pending_file,
    preview_import,
    purge_pending,
    save_pending,
)
from checkin.models import ROLE_ADMIN, Event
from checkin.web.access import event_view, permitted_event
from checkin.web.errors import error_response

bp = Blueprint("imports", __name__)

#: Session key of the upload waiting for confirmation.
PENDING_KEY = "import_pending"
#: Problems listed on the page; the count of the rest is shown after them.
PROBLEMS_SHOWN = 500


@bp.before_request
def _purge_forgotten_uploads() -> None:
    """Each use of the import pages deletes the uploads nobody came back for."""
    purge_pending(_pending_dir(), max_age=_max_age())


def _end_reads_before_parsing(event: Event) -> None:
    """Load the event's regions, then end the transaction.

    Parsing a big file takes seconds; on SQLite a POST's transaction holds the write lock,
    which would make door scans wait. The import opens its own short transaction later.
    """
    list(event.regions)
    get_session().commit()


@bp.route("/e/<slug>/admin/import", methods=["GET", "POST"])
@event_view(ROLE_ADMIN)
def upload(event: Event):
    if request.method == "GET":
        return _upload_page(event)
    _end_reads_before_parsing(event)
    file = request.files.get("file")
    if file is None or not file.filename:
        return _upload_page(event, problems=[_("Pilih berkas XLSX atau CSV lebih dulu.")]), 422
    filename = Path(file.filename.replace("\\", "/")).name[:200]
    data = file.read()
    try:
        report = preview_import(get_session(), event, data, filename)
    except ImportInvalid as exc:
        return _upload_page(event, error=exc, filename=filename), 422
    token = _save_pending(event, data, filename)
    return render_template(
        "imports/preview.html", event=event, report=report, token=token, columns=COLUMNS
    )


@bp.post("/e/<slug>/admin/import/confirm")
@event_view(ROLE_ADMIN)
def confirm(event: Event):
    _end_reads_before_parsing(event)
    pending = _load_pending(event, request.form.get("token", ""))
    if pending is None:
        flash(_("Pratinjau sudah kedaluwarsa atau sudah diimpor. Unggah berkasnya lagi."), "error")
        return redirect(url_for("imports.upload", slug=event.slug))
    path, filename = pending
    db = get_session()
    try:
        report = import_delegates(
            db, event, path.read_bytes(), filename, by=current_user.username,
            user_id=current_user.id,
        )  # fmt: skip
        db.commit()
    except ImportInvalid as exc:
        db.rollback()
        return _upload_page(event, error=exc, filename=filename), 422
    finally:
        _drop_pending(path)  # imported, refused or failed: the phone numbers go
    flash(
        _(
            "Impor selesai: %(added)d peserta baru, %(updated)d diperbarui, %(same)d tidak "
            "berubah.",
            added=report.added,
            updated=len(report.updated),
            same=report.unchanged,
        ),
        "success",
    )
    target = "admin.delegates" if "admin.delegates" in current_app.view_functions else None
    return redirect(url_for(target or "imports.upload", slug=event.slug))


@bp.post("/e/<slug>/admin/import/cancel")
@event_view(ROLE_ADMIN)
def cancel(event: Event):
    pending = _load_pending(event, request.form.get("token", ""))
    if pending is not None:
        _drop_pending(pending[0])
    flash(_("Impor dibatalkan; tidak ada data yang diubah."), "info")
    return redirect(url_for("imports.upload", slug=event.slug))


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_exc: RequestEntityTooLarge):
    # Often raised before the view (and its loader) ran, by the CSRF check reading the form.
    event = permitted_event((request.view_args or {}).get("slug", ""), ROLE_ADMIN)
    limit = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024)
    message = _(
        "Berkas terlalu besar untuk diunggah (paling besar %(max)d MB). Bagi daftar menjadi "
        "beberapa berkas, atau impor lewat perintah checkin import-delegates.",
        max=limit,
    )
    if event is None:
        return error_response("body_too_large", message, 413)
    return _upload_page(event, problems=[message]), 413


def _upload_page(
    event: Event,
    *,
    error: ImportInvalid | None = None,
    problems: list[str] | None = None,
    filename: str | None = None,
):
    problems = problems if problems is not None else (error.details if error else [])
    return render_template(
        "imports/upload.html",
        event=event,
        error=error,
        problems=problems[:PROBLEMS_SHOWN],
        more_problems=max(0, len(problems) - PROBLEMS_SHOWN),
        filename=filename,
        delegates=delegate_count(get_session(), event),
        columns=COLUMNS,
        max_mb=(current_app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024),
    )


# --- the upload waiting for confirmation -------------------------------------------------


def _pending_dir() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def _max_age() -> float:
    return float(current_app.config["IMPORT_PENDING_MAX_AGE"])


def _save_pending(event: Event, data: bytes, filename: str) -> str:
    """Keep the upload for its confirmation, bound to this session (replacing its last)."""
    old = session.get(PENDING_KEY)
    if old:
        drop_pending(_pending_dir(), str(old.get("token", "")))
    token = save_pending(_pending_dir(), data)
    session[PENDING_KEY] = {"token": token, "event_id": event.id, "filename": filename}
    return token


def _load_pending(event: Event, token: str) -> tuple[Path, str] | None:
    """This session's upload of this event by its token, if it is still there (and young)."""
    info = session.get(PENDING_KEY) or {}
    expected = str(info.get("token", ""))
    if not (token and expected and secrets.compare_digest(token, expected)):
        return None
    path = pending_file(_pending_dir(), token, max_age=_max_age())
    if info.get("event_id") != event.id or path is None:
        return None
    return path, info.get("filename") or "upload"


def _drop_pending(path: Path) -> None:
    session.pop(PENDING_KEY, None)
    drop_pending(path.parent, path.name.removesuffix(".upload"))
