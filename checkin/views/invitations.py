"""The organiser's invitation pages: overview, cards, CSV, message, e-mail, one delegate."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from checkin import events, invitations, sending
from checkin.db import get_session
from checkin.errors import CheckinError, InvalidInput
from checkin.invitations import cards, confirmation
from checkin.models import ROLE_ADMIN, Delegate, Event, User
from checkin.web.access import (
    event_region,
    event_view,
)
from checkin.web.files import file_response, safe_filename
from checkin.web.urls import public_base_url, require_public_base

bp = Blueprint("invitations", __name__)


admin_only = event_view(ROLE_ADMIN)


@bp.route("/e/<slug>/admin/invitations")
@admin_only
def overview(event: Event):
    db = get_session()
    base = public_base_url(event)
    sample = invitations.invitation_url(base, "x" * 32) if base else None
    return render_template(
        "invitations/overview.html",
        event=event,
        counts=invitations.invitation_counts(db, event),
        by_region=invitations.invitation_counts_by_region(db, event),
        qr_version=invitations.qr_version(sample) if sample else 0,
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
def cards_pdf(event: Event):
    region = event_region(event, request.args.get("region", type=int))
    db = get_session()
    pdf = cards.download_cards(
        db, event, require_public_base(event), by=db.get(User, current_user.id), region=region
    )
    db.commit()
    suffix = f"-{safe_filename(region.name)}" if region else ""
    return file_response(pdf, "application/pdf", f"kartu-undangan-{event.slug}{suffix}.pdf")


@bp.route("/e/<slug>/admin/invitations/export.csv", methods=["POST"])
@admin_only
def export_csv(event: Event):
    db = get_session()
    # The office opens it in Excel: the Excel-ready form (scripts use `checkin export-invitations`).
    content = invitations.export_invitations_excel(
        db,
        event,
        require_public_base(event),
        actor=current_user.username,
        user_id=current_user.id,
    )
    db.commit()
    return file_response(content, "text/csv", f"undangan-{event.slug}.csv")


@bp.route("/e/<slug>/admin/delegates/<int:delegate_id>/invitation")
@admin_only
def delegate(event: Event, person: Delegate):
    base = public_base_url(event)
    text = sending.invitation_message(event, person, base) if base else None
    return render_template(
        "invitations/delegate.html",
        event=event,
        delegate=person,
        url=invitations.invitation_url(base, person.secret) if base else None,
        message=text,
        whatsapp_url=sending.whatsapp_link(person.phone, text) if text else None,
        email_ready=sending.SmtpSettings.from_config(current_app.config) is not None,
        status=sending.delivery_status(person),
        status_labels=events.STATUS_LABELS,
        channel_labels=sending.CHANNEL_LABELS,
        answer_labels=events.ANSWER_LABELS,
        confirm_open=confirmation.is_open(event, person),
    )


@bp.route("/e/<slug>/admin/delegates/<int:delegate_id>/invitation/qr.<kind>")
@admin_only
def delegate_qr(event: Event, person: Delegate, kind: str):
    url = invitations.invitation_url(require_public_base(event), person.secret)
    download = bool(request.args.get("download"))
    name = f"qr-{safe_filename(person.name)}.{kind}"
    if kind == "png":
        return file_response(invitations.qr_png(url), "image/png", name, attachment=download)
    if kind == "svg":
        return file_response(invitations.qr_svg(url), "image/svg+xml", name, attachment=download)
    abort(404)


@bp.route("/e/<slug>/admin/delegates/<int:delegate_id>/invitation/card.pdf")
@admin_only
def delegate_card(event: Event, person: Delegate):
    if person.revoked_at is not None:
        raise InvalidInput(_("Undangan peserta ini sudah dicabut; terbitkan ulang dahulu."))
    db = get_session()
    pdf = cards.download_cards(
        db, event, require_public_base(event), by=db.get(User, current_user.id), delegate=person
    )
    db.commit()
    return file_response(pdf, "application/pdf", f"kartu-undangan-{safe_filename(person.name)}.pdf")


def _back(event: Event, person: Delegate):
    return redirect(url_for("invitations.delegate", slug=event.slug, delegate_id=person.id))


@bp.route("/e/<slug>/admin/delegates/<int:delegate_id>/invitation/revoke", methods=["POST"])
@admin_only
def delegate_revoke(event: Event, person: Delegate):
    reissue = request.form.get("reissue") == "1"
    db = get_session()
    invitations.revoke_invitation(
        db, event, person.secret, reissue=reissue, by=db.get(User, current_user.id)
    )
    db.commit()
    if reissue:
        flash(
            _("Undangan baru diterbitkan. Tautan dan kode QR lama tidak berlaku lagi."), "success"
        )
    else:
        flash(_("Undangan dicabut. Kode QR-nya akan ditolak di pintu."), "success")
    return _back(event, person)


@bp.route("/e/<slug>/admin/delegates/<int:delegate_id>/invitation/email", methods=["POST"])
@admin_only
def delegate_email(event: Event, person: Delegate):
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
            base_url=require_public_base(event),
            resend=True,
            delegate_id=person.id,
            checkpoint=db.commit,
        )
    except CheckinError as exc:
        db.rollback()
        flash(exc.message, "error")
        return _back(event, person)
    db.commit()
    if batch.sent:
        flash(_("Undangan dikirim ke %(email)s.", email=person.email), "success")
    else:
        flash(_("Server e-mail menolak alamat %(email)s.", email=person.email), "error")
    return _back(event, person)


@bp.route("/e/<slug>/admin/delegates/<int:delegate_id>/invitation/sent", methods=["POST"])
@admin_only
def delegate_sent(event: Event, person: Delegate):
    db = get_session()
    channel = request.form.get("channel", "")
    sending.mark_sent(db, person, channel=channel, by=current_user)
    db.commit()
    flash(
        _("Dicatat: undangan terkirim (%(channel)s).", channel=sending.CHANNEL_LABELS[channel]),
        "success",
    )
    return _back(event, person)


@bp.route("/e/<slug>/admin/delegates/<int:delegate_id>/invitation/vip", methods=["POST"])
@admin_only
def delegate_vip(event: Event, person: Delegate):
    db = get_session()
    invitations.set_vip(db, person, request.form.get("is_vip") == "1")
    db.commit()
    flash(_("Ditandai sebagai tamu VIP.") if person.is_vip else _("Tanda VIP dihapus."), "success")
    return _back(event, person)


@bp.route("/e/<slug>/admin/delegates/<int:delegate_id>/invitation/confirmation", methods=["POST"])
@admin_only
def delegate_confirmation(event: Event, person: Delegate):
    """The organiser records an answer the delegate gave by phone or to the narahubung."""
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
    return _back(event, person)
