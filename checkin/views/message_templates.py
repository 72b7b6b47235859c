"""The organiser's message templates: invitation and reminder texts, preview and settings."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select

from checkin import invitations, sending
from checkin.db import get_session
from checkin.errors import InvalidInput
from checkin.models import ROLE_ADMIN, Delegate, Event
from checkin.web.access import (
    event_view,
)
from checkin.web.forms import as_int, posted_fields
from checkin.web.urls import public_base_url

bp = Blueprint("message_templates", __name__)
admin_only = event_view(ROLE_ADMIN)


def _preview_delegate(event: Event, chosen: int | None) -> Delegate | None:
    db = get_session()
    query = select(Delegate).where(Delegate.event_id == event.id).order_by(Delegate.id).limit(1)
    if chosen:
        query = query.where(Delegate.id == chosen)
    return db.scalar(query)


def _preview(event: Event, delegate: Delegate | None, template: str) -> dict:
    if delegate is None:
        return {"text": "", "whatsapp_url": None}
    base = public_base_url(event)
    if base is None:  # no address for the link: a preview only, nothing to send
        url = _("[tautan undangan: alamat publik belum diatur]")
    else:
        url = invitations.invitation_url(base, delegate.secret)
    text = sending.render_message(template, sending.message_values(event, delegate, url))
    whatsapp_url = sending.whatsapp_link(delegate.phone, text) if base else None
    return {"text": text, "whatsapp_url": whatsapp_url}


@bp.route("/e/<slug>/admin/invitations/message", methods=["GET", "POST"])
@admin_only
def message(event: Event):
    db = get_session()
    kind = sending.kind_or_invitation(request.values.get("kind"))
    template = sending.message_template(event, kind)
    error = None
    action = request.form.get("action")
    if request.method == "POST":
        template = sending.DEFAULTS[kind] if action == "reset" else request.form["message"]
        try:
            if action in ("save", "reset"):
                sending.set_message(db, event, template, kind)
                db.commit()
                flash(_("Pesan disimpan."), "success")
                return redirect(url_for("message_templates.message", slug=event.slug, kind=kind))
            template = sending.check_template(template)
        except InvalidInput as exc:
            db.rollback()
            error = exc.message
    delegate = _preview_delegate(event, as_int(request.values.get("delegate")))
    preview = _preview(event, delegate, template) if error is None else None
    stored = event.reminder_message if kind == sending.KIND_REMINDER else event.invitation_message
    html = render_template(
        "invitations/message.html",
        event=event,
        kind=kind,
        template=template,
        error=error,
        delegate=delegate,
        preview=preview,
        placeholders=sending.PLACEHOLDERS,
        is_default=stored is None,
        greeting=sending.greeting_style(event),
        registration_time=sending.registration_time_text(event),
        greetings=sending,
    )
    return html, 422 if error else 200


@bp.route("/e/<slug>/admin/invitations/message/preview", methods=["POST"])
@admin_only
def message_preview(event: Event):
    data = posted_fields()
    template = sending.check_template(str(data.get("message", "")))
    delegate = _preview_delegate(event, as_int(data.get("delegate")))
    return jsonify(_preview(event, delegate, template))


@bp.route("/e/<slug>/admin/invitations/message/settings", methods=["POST"])
@admin_only
def message_settings(event: Event):
    db = get_session()
    form = request.form
    try:
        sending.set_message_settings(
            db,
            event,
            letter_number=form.get("letter_number"),
            letter_date=_as_date(form.get("letter_date")),
            letter_signatory=form.get("letter_signatory"),
            registration_time=form.get("registration_time"),
            greeting=form.get("greeting", sending.GREETING_NEUTRAL),
            opening=form.get("greeting_opening"),
            closing=form.get("greeting_closing"),
        )
    except InvalidInput as exc:
        db.rollback()
        flash(exc.message, "error")
    else:
        db.commit()
        flash(_("Surat, jam registrasi dan salam disimpan."), "success")
    kind = sending.kind_or_invitation(form.get("kind"))
    return redirect(
        url_for("message_templates.message", slug=event.slug, kind=kind, _anchor="pengaturan")
    )


def _as_date(value: str | None) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(_("Tanggal surat ditulis seperti 2024-10-01.")) from None
