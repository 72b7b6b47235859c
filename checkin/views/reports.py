"""Reports for organisers: summaries, attendance exports, the no-show list and the audit log.

Exports are built in a read-only transaction (they never hold the database's write lock
while doors scan); the audit entry is written afterwards in a short transaction of its own,
and the file is sent only once that entry is committed.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import BooleanField, StringField, TextAreaField

from checkin import audit, audit_text, reports
from checkin.db import get_session
from checkin.errors import CheckinError
from checkin.models import ROLE_ADMIN, Event
from checkin.web.access import event_view
from checkin.web.forms import id_arg, page_arg

bp = Blueprint("reports", __name__)

NO_SHOWS_PER_PAGE = 200


class ReportSettingsForm(FlaskForm):
    letterhead = TextAreaField(_l("Kop surat"))
    official_position = TextAreaField(_l("Jabatan pejabat"))
    official_name = StringField(_l("Nama pejabat"))
    official_nip = StringField(_l("NIP"))
    report_place = StringField(_l("Tempat penandatanganan"))
    logo = FileField(_l("Logo kop surat"))
    remove_logo = BooleanField(_l("Hapus logo"))


def _upload(data: object) -> bytes | None:
    """The uploaded file's bytes (at most one byte over the logo limit), None without one."""
    if not isinstance(data, FileStorage) or not data.filename:
        return None
    return data.stream.read(reports.MAX_LOGO_BYTES + 1)


def _audited(event: Event, action: str, fields: dict[str, object]) -> None:
    """End the read transaction, then record who saw personal data and commit."""
    db = get_session()
    db.commit()
    audit.record(
        db, event=event, user=current_user, actor=current_user.username, action=action,
        fields=fields,
    )  # fmt: skip
    db.commit()


@bp.route("/e/<slug>/admin/reports")
@event_view(ROLE_ADMIN)
def index(event: Event):
    return _index_page(event, ReportSettingsForm(obj=event))


def _index_page(event: Event, form: ReportSettingsForm, status: int = 200):
    db = get_session()
    by_region = reports.region_summary(db, event)
    return render_template(
        "reports/index.html",
        event=event,
        form=form,
        by_region=by_region,
        by_ormas=reports.ormas_summary(db, event),
        total=reports.total_line(by_region),
        has_logo=event.report_logo is not None,
        max_logo_mb=reports.MAX_LOGO_BYTES // 2**20,
    ), status


@bp.route("/e/<slug>/admin/reports/settings", methods=["POST"])
@event_view(ROLE_ADMIN)
def settings(event: Event):
    form = ReportSettingsForm()
    if form.validate_on_submit():
        try:
            reports.update_report_settings(
                get_session(),
                event,
                letterhead=form.letterhead.data,
                official_name=form.official_name.data,
                official_position=form.official_position.data,
                official_nip=form.official_nip.data,
                report_place=form.report_place.data,
                logo=_upload(form.logo.data),
                remove_logo=bool(form.remove_logo.data),
                by=current_user,
            )
        except CheckinError as exc:
            get_session().rollback()
            form.form_errors.append(exc.message)
        else:
            get_session().commit()
            flash(_("Pengaturan Daftar Hadir disimpan."), "success")
            return redirect(url_for("reports.index", slug=event.slug, _anchor="pengaturan"))
    return _index_page(event, form, 422)


@bp.route("/e/<slug>/admin/reports/attendance.<fmt>")
@event_view(ROLE_ADMIN)
def attendance(event: Event, fmt: str):
    if fmt not in reports.FORMATS:
        abort(404)
    export = reports.export_attendance(get_session(), event, fmt)
    _audited(event, audit.EXPORT_ATTENDANCE, reports.export_fields(export))
    response = Response(export.content, mimetype=export.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/e/<slug>/admin/reports/no-shows")
@event_view(ROLE_ADMIN)
def no_shows(event: Event):
    region_id = request.args.get("region", type=id_arg)
    rows = reports.attendance_rows(get_session(), event, only_missing=True, region_id=region_id)
    pages = max(1, -(-len(rows) // NO_SHOWS_PER_PAGE))
    page = min(max(1, request.args.get("page", 1, type=page_arg)), pages)
    shown = rows[(page - 1) * NO_SHOWS_PER_PAGE : page * NO_SHOWS_PER_PAGE]
    _audited(event, audit.VIEW_NO_SHOWS, {"rows": len(shown), "page": page})
    items = [(row, reports.follow_up_link(event, row)) for row in shown]
    response = Response(
        render_template(
            "reports/no_shows.html",
            event=event,
            items=items,
            total=len(rows),
            page=page,
            pages=pages,
            first_no=(page - 1) * NO_SHOWS_PER_PAGE + 1,
            region_id=region_id,
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/e/<slug>/admin/audit")
@event_view(ROLE_ADMIN)
def audit_log(event: Event):
    page = audit.list_entries(
        get_session(), event=event, page=request.args.get("page", 1, type=page_arg)
    )
    return render_template(
        "reports/audit.html",
        event=event,
        log=page,
        label=audit_text.label,
        describe=audit_text.describe,
    )
