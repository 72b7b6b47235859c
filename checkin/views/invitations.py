"""The organiser's invitation pages: overview, cards, CSV, message, e-mail, one delegate."""

from __future__ import annotations

import re

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from .. import cards, events, invitations, mailing
from ..auth import roles_required, wants_json
from ..db import get_session
from ..doorpass import may_access_event
from ..errors import CheckinError, InvalidInput
from ..models import ROLE_ADMIN, Delegate, Event
from .invite import public_base_url

bp = Blueprint("invitations", __name__)
admin_only = roles_required(ROLE_ADMIN)


def _event(slug: str) -> Event:
    event = events.get_event(get_session(), slug)
    if not may_access_event(current_user, event):
        abort(403)
    return event


def _delegate(event: Event, delegate_id: int) -> Delegate:
    delegate = get_session().get(Delegate, delegate_id)
    if delegate is None or delegate.event_id != event.id:
        abort(404)
    return delegate


def _file(body: bytes | str, mimetype: str, filename: str, *, attachment: bool = True) -> Response:
    response = Response(body, mimetype=mimetype)
    disposition = "attachment" if attachment else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _safe_name(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "undangan"


# --- the event's invitations -------------------------------------------------------------


@bp.route("/e/<slug>/admin/invitations")
@admin_only
def overview(slug: str):
    event = _event(slug)
    db = get_session()
    base = public_base_url()
    sample = invitations.invitation_url(base, "x" * 32)
    return render_template(
        "invitations/overview.html",
        event=event,
        counts=invitations.invitation_counts(db, event),
        by_region=invitations.invitation_counts_by_region(db, event),
        public_url_set=bool(current_app.config.get("PUBLIC_URL")),
        base_url=base,
        qr_version=invitations.qr_version(sample),
        max_qr_version=invitations.MAX_QR_VERSION,
        email_ready=mailing.SmtpSettings.from_config(current_app.config) is not None,
        delegates_url=_delegates_url(event),
    )


def _delegates_url(event: Event) -> str | None:
    """The organiser's delegate list (another blueprint's page), when it exists."""
    if "admin.delegates" not in current_app.view_functions:
        return None
    return url_for("admin.delegates", slug=event.slug)


@bp.route("/e/<slug>/admin/invitations/cards.pdf")
@admin_only
def cards_pdf(slug: str):
    event = _event(slug)
    region_id = request.args.get("region", type=int)
    region = next((r for r in event.regions if r.id == region_id), None)
    if region_id is not None and region is None:
        abort(404)
    delegates = cards.card_delegates(get_session(), event, region_id=region_id)
    pdf = cards.cards_pdf(event, delegates, public_base_url())
    suffix = f"-{_safe_name(region.name)}" if region else ""
    return _file(pdf, "application/pdf", f"kartu-undangan-{event.slug}{suffix}.pdf")


@bp.route("/e/<slug>/admin/invitations/export.csv", methods=["POST"])
@admin_only
def export_csv(slug: str):
    event = _event(slug)
    db = get_session()
    text = invitations.export_invitations_csv(
        db, event, public_base_url(), actor=current_user.username, user_id=current_user.id
    )
    db.commit()
    return _file(text.encode("utf-8"), "text/csv", f"undangan-{event.slug}.csv")


# --- the message template ----------------------------------------------------------------


def _input() -> dict:
    """The posted fields, from a form or from the JSON body the page's script sends."""
    return request.get_json(silent=True) or request.form.to_dict() or {}


def _as_int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _preview_delegate(event: Event, chosen: int | None) -> Delegate | None:
    db = get_session()
    query = select(Delegate).where(Delegate.event_id == event.id).order_by(Delegate.id).limit(1)
    if chosen:
        query = query.where(Delegate.id == chosen)
    return db.scalar(query)


def _preview(event: Event, delegate: Delegate | None, template: str) -> dict:
    if delegate is None:
        return {"text": "", "whatsapp_url": None}
    url = invitations.invitation_url(public_base_url(), delegate.secret)
    text = invitations.render_message(template, invitations.message_values(event, delegate, url))
    return {"text": text, "whatsapp_url": invitations.whatsapp_link(delegate.phone, text)}


@bp.route("/e/<slug>/admin/invitations/message", methods=["GET", "POST"])
@admin_only
def message(slug: str):
    event = _event(slug)
    db = get_session()
    template = invitations.message_template(event)
    error = None
    action = request.form.get("action")
    if request.method == "POST":
        template = invitations.DEFAULT_MESSAGE if action == "reset" else request.form["message"]
        try:
            if action in ("save", "reset"):
                invitations.set_invitation_message(db, event, template)
                db.commit()
                flash(_("Pesan undangan disimpan."), "success")
                return redirect(url_for("invitations.message", slug=slug))
            template = invitations.check_template(template)
        except InvalidInput as exc:
            db.rollback()
            error = exc.message
    delegate = _preview_delegate(event, _as_int(request.values.get("delegate")))
    preview = _preview(event, delegate, template) if error is None else None
    html = render_template(
        "invitations/message.html",
        event=event,
        template=template,
        error=error,
        delegate=delegate,
        preview=preview,
        placeholders=invitations.PLACEHOLDERS,
        is_default=event.invitation_message is None,
    )
    return html, 422 if error else 200


@bp.route("/e/<slug>/admin/invitations/message/preview", methods=["POST"])
@admin_only
def message_preview(slug: str):
    event = _event(slug)
    data = _input()
    template = invitations.check_template(str(data.get("message", "")))
    delegate = _preview_delegate(event, _as_int(data.get("delegate")))
    return jsonify(_preview(event, delegate, template))


# --- e-mail ------------------------------------------------------------------------------


def _email_page(event: Event, *, batch: mailing.EmailBatch | None = None, resend: bool = False):
    db = get_session()
    missing, missing_total = mailing.without_email(db, event)
    return render_template(
        "invitations/email.html",
        event=event,
        counts=invitations.invitation_counts(db, event),
        pending=mailing.pending_count(db, event),
        settings=mailing.SmtpSettings.from_config(current_app.config),
        missing=missing,
        missing_total=missing_total,
        batch=batch,
        resend=resend,
        batch_size=mailing.BATCH_SIZE,
    )


@bp.route("/e/<slug>/admin/invitations/email")
@admin_only
def email(slug: str):
    return _email_page(_event(slug))


@bp.route("/e/<slug>/admin/invitations/email/send", methods=["POST"])
@admin_only
def email_send(slug: str):
    event = _event(slug)
    db = get_session()
    settings = mailing.SmtpSettings.from_config(current_app.config)
    if settings is None:
        raise InvalidInput(
            _("Pengiriman e-mail belum diatur (SMTP). Lihat petunjuk di halaman ini.")
        )
    data = _input()
    resend = str(data.get("resend", "")) in ("1", "true", "True")
    batch = mailing.send_invitation_emails(
        db,
        event,
        settings,
        base_url=public_base_url(),
        resend=resend,
        after_id=_as_int(data.get("after_id")) or 0,
        checkpoint=db.commit,
    )
    db.commit()
    if wants_json():
        return jsonify(
            sent=batch.sent,
            failed=[{"id": i, "name": name, "reason": why} for i, name, why in batch.failed],
            last_id=batch.last_id,
            remaining=batch.remaining,
            done=batch.done,
        )
    return _email_page(event, batch=batch, resend=resend)


# --- one delegate ------------------------------------------------------------------------


@bp.route("/e/<slug>/admin/delegates/<int:delegate_id>/invitation")
@admin_only
def delegate(slug: str, delegate_id: int):
    event = _event(slug)
    person = _delegate(event, delegate_id)
    base = public_base_url()
    text = invitations.invitation_message(event, person, base)
    return render_template(
        "invitations/delegate.html",
        event=event,
        delegate=person,
        url=invitations.invitation_url(base, person.secret),
        message=text,
        whatsapp_url=invitations.whatsapp_link(person.phone, text),
        email_ready=mailing.SmtpSettings.from_config(current_app.config) is not None,
    )


@bp.route("/e/<slug>/admin/delegates/<int:delegate_id>/invitation/qr.<kind>")
@admin_only
def delegate_qr(slug: str, delegate_id: int, kind: str):
    event = _event(slug)
    person = _delegate(event, delegate_id)
    url = invitations.invitation_url(public_base_url(), person.secret)
    download = bool(request.args.get("download"))
    name = f"qr-{_safe_name(person.name)}.{kind}"
    if kind == "png":
        return _file(invitations.qr_png(url), "image/png", name, attachment=download)
    if kind == "svg":
        return _file(invitations.qr_svg(url), "image/svg+xml", name, attachment=download)
    abort(404)


@bp.route("/e/<slug>/admin/delegates/<int:delegate_id>/invitation/card.pdf")
@admin_only
def delegate_card(slug: str, delegate_id: int):
    event = _event(slug)
    person = _delegate(event, delegate_id)
    if person.revoked_at is not None:
        raise InvalidInput(_("Undangan peserta ini sudah dicabut; terbitkan ulang dahulu."))
    pdf = cards.cards_pdf(event, [person], public_base_url())
    return _file(pdf, "application/pdf", f"kartu-undangan-{_safe_name(person.name)}.pdf")


def _back(slug: str, delegate_id: int):
    return redirect(url_for("invitations.delegate", slug=slug, delegate_id=delegate_id))


@bp.route("/e/<slug>/admin/delegates/<int:delegate_id>/invitation/revoke", methods=["POST"])
@admin_only
def delegate_revoke(slug: str, delegate_id: int):
    event = _event(slug)
    person = _delegate(event, delegate_id)
    reissue = request.form.get("reissue") == "1"
    db = get_session()
    invitations.revoke_invitation(db, event, person.secret, reissue=reissue)
    db.commit()
    if reissue:
        flash(
            _("Undangan baru diterbitkan. Tautan dan kode QR lama tidak berlaku lagi."), "success"
        )
    else:
        flash(_("Undangan dicabut. Kode QR-nya akan ditolak di pintu."), "success")
    return _back(slug, delegate_id)


@bp.route("/e/<slug>/admin/delegates/<int:delegate_id>/invitation/email", methods=["POST"])
@admin_only
def delegate_email(slug: str, delegate_id: int):
    event = _event(slug)
    person = _delegate(event, delegate_id)
    settings = mailing.SmtpSettings.from_config(current_app.config)
    db = get_session()
    try:
        if settings is None:
            raise InvalidInput(_("Pengiriman e-mail belum diatur (SMTP)."))
        if not person.email:
            raise InvalidInput(_("Peserta ini tidak memiliki alamat e-mail."))
        batch = mailing.send_invitation_emails(
            db,
            event,
            settings,
            base_url=public_base_url(),
            resend=True,
            delegate_id=person.id,
            checkpoint=db.commit,
        )
    except CheckinError as exc:
        db.rollback()
        flash(exc.message, "error")
        return _back(slug, delegate_id)
    db.commit()
    if batch.sent:
        flash(_("Undangan dikirim ke %(email)s.", email=person.email), "success")
    else:
        flash(_("Server e-mail menolak alamat %(email)s.", email=person.email), "error")
    return _back(slug, delegate_id)
