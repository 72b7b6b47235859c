"""The organiser's invitation pages: overview, cards, CSV, message, e-mail, one delegate."""

from __future__ import annotations

import re
from datetime import date

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

from checkin import invitations, sending
from checkin.db import get_session
from checkin.errors import CheckinError, InvalidInput
from checkin.invitations import cards, confirmation
from checkin.models import ROLE_ADMIN, Delegate, Event, Region
from checkin.views.invite import public_base_url
from checkin.web.access import allowed_event, roles_required, wants_json

bp = Blueprint("invitations", __name__)
admin_only = roles_required(ROLE_ADMIN)


def _delegate(event: Event, delegate_id: int) -> Delegate:
    delegate = get_session().get(Delegate, delegate_id)
    if delegate is None or delegate.event_id != event.id:
        abort(404)
    return delegate


def _region_filter(event: Event, region_id: int | None) -> Region | None:
    """The chosen region of the event, None for all; 404 for another event's region."""
    if region_id is None:
        return None
    region = next((r for r in event.regions if r.id == region_id), None)
    if region is None:
        abort(404)
    return region


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
    event = allowed_event(slug)
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
        email_ready=sending.SmtpSettings.from_config(current_app.config) is not None,
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
    event = allowed_event(slug)
    region = _region_filter(event, request.args.get("region", type=int))
    delegates = cards.card_delegates(get_session(), event, region_id=region.id if region else None)
    pdf = cards.cards_pdf(event, delegates, public_base_url())
    suffix = f"-{_safe_name(region.name)}" if region else ""
    return _file(pdf, "application/pdf", f"kartu-undangan-{event.slug}{suffix}.pdf")


@bp.route("/e/<slug>/admin/invitations/export.csv", methods=["POST"])
@admin_only
def export_csv(slug: str):
    event = allowed_event(slug)
    db = get_session()
    text = invitations.export_invitations_csv(
        db, event, public_base_url(), actor=current_user.username, user_id=current_user.id
    )
    db.commit()
    return _file(text.encode("utf-8"), "text/csv", f"undangan-{event.slug}.csv")


# --- the message templates --------------------------------------------------------------


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
    text = sending.render_message(template, sending.message_values(event, delegate, url))
    return {"text": text, "whatsapp_url": sending.whatsapp_link(delegate.phone, text)}


@bp.route("/e/<slug>/admin/invitations/message", methods=["GET", "POST"])
@admin_only
def message(slug: str):
    event = allowed_event(slug)
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
                return redirect(url_for("invitations.message", slug=slug, kind=kind))
            template = sending.check_template(template)
        except InvalidInput as exc:
            db.rollback()
            error = exc.message
    delegate = _preview_delegate(event, _as_int(request.values.get("delegate")))
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
def message_preview(slug: str):
    event = allowed_event(slug)
    data = _input()
    template = sending.check_template(str(data.get("message", "")))
    delegate = _preview_delegate(event, _as_int(data.get("delegate")))
    return jsonify(_preview(event, delegate, template))


@bp.route("/e/<slug>/admin/invitations/message/settings", methods=["POST"])
@admin_only
def message_settings(slug: str):
    event = allowed_event(slug)
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
    return redirect(url_for("invitations.message", slug=slug, kind=kind, _anchor="pengaturan"))


def _as_date(value: str | None) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(_("Tanggal surat ditulis seperti 2024-10-01.")) from None


# --- e-mail ------------------------------------------------------------------------------


def _email_page(event: Event, *, batch: sending.EmailBatch | None = None, resend: bool = False):
    db = get_session()
    missing, missing_total = sending.without_email(db, event)
    return render_template(
        "invitations/email.html",
        event=event,
        counts=invitations.invitation_counts(db, event),
        pending=sending.pending_count(db, event),
        settings=sending.SmtpSettings.from_config(current_app.config),
        missing=missing,
        missing_total=missing_total,
        batch=batch,
        resend=resend,
        batch_size=sending.BATCH_SIZE,
    )


@bp.route("/e/<slug>/admin/invitations/email")
@admin_only
def email(slug: str):
    return _email_page(allowed_event(slug))


@bp.route("/e/<slug>/admin/invitations/email/send", methods=["POST"])
@admin_only
def email_send(slug: str):
    event = allowed_event(slug)
    db = get_session()
    settings = sending.SmtpSettings.from_config(current_app.config)
    if settings is None:
        raise InvalidInput(
            _("Pengiriman e-mail belum diatur (SMTP). Lihat petunjuk di halaman ini.")
        )
    data = _input()
    resend = str(data.get("resend", "")) in ("1", "true", "True")
    batch = sending.send_invitation_emails(
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
    event = allowed_event(slug)
    person = _delegate(event, delegate_id)
    base = public_base_url()
    text = sending.invitation_message(event, person, base)
    return render_template(
        "invitations/delegate.html",
        event=event,
        delegate=person,
        url=invitations.invitation_url(base, person.secret),
        message=text,
        whatsapp_url=sending.whatsapp_link(person.phone, text),
        email_ready=sending.SmtpSettings.from_config(current_app.config) is not None,
        status=sending.delivery_status(person),
        status_labels=sending.STATUS_LABELS,
        channel_labels=sending.CHANNEL_LABELS,
        answer_labels=confirmation.ANSWER_LABELS,
        confirm_open=confirmation.is_open(event, person),
    )


@bp.route("/e/<slug>/admin/delegates/<int:delegate_id>/invitation/qr.<kind>")
@admin_only
def delegate_qr(slug: str, delegate_id: int, kind: str):
    event = allowed_event(slug)
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
    event = allowed_event(slug)
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
    event = allowed_event(slug)
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
    event = allowed_event(slug)
    person = _delegate(event, delegate_id)
    settings = sending.SmtpSettings.from_config(current_app.config)
    db = get_session()
    try:
        if settings is None:
            raise InvalidInput(_("Pengiriman e-mail belum diatur (SMTP)."))
        if not person.email:
            raise InvalidInput(_("Peserta ini tidak memiliki alamat e-mail."))
        batch = sending.send_invitation_emails(
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


@bp.route("/e/<slug>/admin/delegates/<int:delegate_id>/invitation/sent", methods=["POST"])
@admin_only
def delegate_sent(slug: str, delegate_id: int):
    event = allowed_event(slug)
    person = _delegate(event, delegate_id)
    db = get_session()
    channel = request.form.get("channel", "")
    sending.mark_sent(db, person, channel=channel, by=current_user)
    db.commit()
    flash(
        _("Dicatat: undangan terkirim (%(channel)s).", channel=sending.CHANNEL_LABELS[channel]),
        "success",
    )
    return _back(slug, delegate_id)


@bp.route("/e/<slug>/admin/delegates/<int:delegate_id>/invitation/vip", methods=["POST"])
@admin_only
def delegate_vip(slug: str, delegate_id: int):
    event = allowed_event(slug)
    person = _delegate(event, delegate_id)
    db = get_session()
    invitations.set_vip(db, person, request.form.get("is_vip") == "1")
    db.commit()
    flash(_("Ditandai sebagai tamu VIP.") if person.is_vip else _("Tanda VIP dihapus."), "success")
    return _back(slug, delegate_id)


@bp.route("/e/<slug>/admin/delegates/<int:delegate_id>/invitation/confirmation", methods=["POST"])
@admin_only
def delegate_confirmation(slug: str, delegate_id: int):
    """The organiser records an answer the delegate gave by phone or to the narahubung."""
    event = allowed_event(slug)
    person = _delegate(event, delegate_id)
    db = get_session()
    try:
        confirmation.confirm_attendance(
            db,
            person,
            answer=request.form.get("answer", ""),
            substitute_name=request.form.get("substitute_name"),
            substitute_position=request.form.get("substitute_position"),
            mandate_number=request.form.get("substitute_mandate"),
            by=current_user,
        )
    except CheckinError as exc:
        db.rollback()
        flash(exc.message, "error")
    else:
        db.commit()
        flash(_("Konfirmasi kehadiran dicatat."), "success")
    return _back(slug, delegate_id)


# --- delivery status ---------------------------------------------------------------------


@bp.route("/e/<slug>/admin/invitations/status")
@admin_only
def status(slug: str):
    event = allowed_event(slug)
    db = get_session()
    region = _region_filter(event, request.args.get("region", type=int))
    region_id = region.id if region else None
    state = request.args.get("status") or None
    if state not in sending.STATUSES:
        state = None
    ormas = (request.args.get("ormas") or "").strip() or None
    by = "ormas" if request.args.get("by") == "ormas" else "region"
    q = (request.args.get("q") or "").strip()
    listing = sending.list_by_status(
        db,
        event,
        status=state,
        region_id=region_id,
        ormas=ormas,
        page=request.args.get("page", 1, type=int),
    )
    return render_template(
        "invitations/status.html",
        event=event,
        region=region,
        state=state,
        ormas=ormas,
        by=by,
        q=q,
        counts=sending.status_counts(db, event, region_id=region_id),
        expected=confirmation.expected_total(db, event),
        by_region=sending.status_by_region(db, event) if by == "region" else [],
        by_ormas=(
            sending.status_by_ormas(db, event, region_id=region_id, q=q) if by == "ormas" else []
        ),
        listing=listing,
        statuses=sending.STATUSES,
        status_labels=sending.STATUS_LABELS,
        channel_labels=sending.CHANNEL_LABELS,
        answer_labels=confirmation.ANSWER_LIST_LABELS,
    )


# --- the WhatsApp queue ------------------------------------------------------------------


def queue_context(
    event: Event, *, kind: str, region_id: int | None, skip: int, base_url: str
) -> dict:
    """What the WhatsApp queue template shows (shared by the organiser and liaison pages)."""
    db = get_session()
    item = sending.next_in_queue(db, event, kind=kind, region_id=region_id, skip=skip)
    text = wa_url = None
    if item.delegate is not None:
        text = sending.message_for(event, item.delegate, base_url, kind)
        wa_url = sending.whatsapp_link(item.delegate.phone, text)
    progress = sending.queue_progress(db, event, kind=kind)
    if region_id is not None:
        progress = [p for p in progress if p.region.id == region_id]
    missing, missing_total = sending.without_whatsapp(db, event, region_id=region_id)
    return {
        "kind": kind,
        "item": item,
        "message_text": text,
        "whatsapp_url": wa_url,
        "progress": progress,
        "missing": missing,
        "missing_total": missing_total,
        "kind_labels": {
            sending.KIND_INVITATION: _("Undangan"),
            sending.KIND_REMINDER: _("Pengingat H-1"),
        },
    }


@bp.route("/e/<slug>/admin/invitations/whatsapp")
@admin_only
def whatsapp(slug: str):
    event = allowed_event(slug)
    region = _region_filter(event, request.args.get("region", type=int))
    context = queue_context(
        event,
        kind=sending.kind_or_invitation(request.args.get("kind")),
        region_id=region.id if region else None,
        skip=request.args.get("skip", 0, type=int),
        base_url=public_base_url(),
    )
    return render_template(
        "invitations/whatsapp.html", event=event, region=region, is_liaison=False, **context
    )


@bp.route("/e/<slug>/admin/invitations/whatsapp/<int:delegate_id>/sent", methods=["POST"])
@admin_only
def whatsapp_sent(slug: str, delegate_id: int):
    event = allowed_event(slug)
    person = _delegate(event, delegate_id)
    kind = sending.kind_or_invitation(request.form.get("kind"))
    db = get_session()
    sending.mark_sent(db, person, channel=sending.CHANNEL_WHATSAPP, by=current_user, kind=kind)
    db.commit()
    flash(_("Terkirim ke %(name)s dicatat.", name=person.name), "success")
    region_id = _as_int(request.form.get("region"))
    skip = _as_int(request.form.get("skip")) or 0
    return redirect(
        url_for("invitations.whatsapp", slug=slug, kind=kind, region=region_id, skip=skip or None),
        303,
    )


# --- a region's bundle for a liaison without an account ----------------------------------


@bp.route("/e/<slug>/admin/invitations/regions/<int:region_id>/bundle.zip", methods=["POST"])
@admin_only
def region_bundle(slug: str, region_id: int):
    event = allowed_event(slug)
    region = _region_filter(event, region_id)
    db = get_session()
    data = sending.region_bundle(
        db, event, region, public_base_url(), actor=current_user.username, user=current_user
    )
    db.commit()
    name = f"undangan-{event.slug}-{_safe_name(region.name)}.zip"
    return _file(data, "application/zip", name)
