"""Sending invitations: e-mail, the WhatsApp queue, the delivery status and region bundles."""

from __future__ import annotations

from flask import (
    Blueprint,
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

from checkin import events, invitations, sending
from checkin.db import get_session
from checkin.errors import InvalidInput
from checkin.invitations import confirmation
from checkin.models import ROLE_ADMIN, Delegate, Event
from checkin.web.access import (
    event_region,
    event_view,
    wants_json,
)
from checkin.web.files import file_response, safe_filename
from checkin.web.forms import as_int, posted_fields
from checkin.web.urls import public_base_url, require_public_base

bp = Blueprint("sending", __name__)
admin_only = event_view(ROLE_ADMIN)


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
def email(event: Event):
    return _email_page(event)


@bp.route("/e/<slug>/admin/invitations/email/send", methods=["POST"])
@admin_only
def email_send(event: Event):
    db = get_session()
    settings = sending.SmtpSettings.from_config(current_app.config)
    if settings is None:
        raise InvalidInput(
            _("Pengiriman e-mail belum diatur (SMTP). Lihat petunjuk di halaman ini.")
        )
    data = posted_fields()
    resend = str(data.get("resend", "")) in ("1", "true", "True")
    batch = sending.send_invitation_emails(
        db,
        event,
        settings,
        base_url=require_public_base(event),
        resend=resend,
        after_id=as_int(data.get("after_id")) or 0,
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


@bp.route("/e/<slug>/admin/invitations/status")
@admin_only
def status(event: Event):
    db = get_session()
    region = event_region(event, request.args.get("region", type=int))
    region_id = region.id if region else None
    state = request.args.get("status") or None
    if state not in events.DELIVERY_STATUSES:
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
        statuses=events.DELIVERY_STATUSES,
        status_labels=events.STATUS_LABELS,
        channel_labels=sending.CHANNEL_LABELS,
        answer_labels=events.ANSWER_LABELS,
    )


def queue_context(
    event: Event, *, kind: str, region_id: int | None, skip: int, base_url: str | None
) -> dict:
    """What the WhatsApp queue template shows (shared by the organiser and liaison pages);
    with no public address (base_url None) no message, so no chat to open."""
    db = get_session()
    item = sending.next_in_queue(db, event, kind=kind, region_id=region_id, skip=skip)
    text = wa_url = None
    if item.delegate is not None and base_url is not None:
        text = sending.message_for(event, item.delegate, base_url, kind)
        wa_url = sending.whatsapp_link(item.delegate.phone, text)
    progress = sending.queue_progress(db, event, kind=kind)
    if region_id is not None:
        progress = [p for p in progress if p.region.id == region_id]
    missing, missing_total = sending.without_whatsapp(db, event, region_id=region_id)
    offices, offices_total = sending.office_lines(db, event, region_id=region_id)
    return {
        "kind": kind,
        "item": item,
        "message_text": text,
        "whatsapp_url": wa_url,
        "progress": progress,
        "missing": missing,
        "missing_total": missing_total,
        "offices": offices,
        "offices_total": offices_total,
        "kind_labels": {
            sending.KIND_INVITATION: _("Undangan"),
            sending.KIND_REMINDER: _("Pengingat H-1"),
        },
    }


@bp.route("/e/<slug>/admin/invitations/whatsapp")
@admin_only
def whatsapp(event: Event):
    region = event_region(event, request.args.get("region", type=int))
    context = queue_context(
        event,
        kind=sending.kind_or_invitation(request.args.get("kind")),
        region_id=region.id if region else None,
        skip=request.args.get("skip", 0, type=int),
        base_url=public_base_url(event),
    )
    return render_template(
        "invitations/whatsapp.html", event=event, region=region, is_liaison=False, **context
    )


@bp.route("/e/<slug>/admin/invitations/whatsapp/<int:delegate_id>/sent", methods=["POST"])
@admin_only
def whatsapp_sent(event: Event, person: Delegate):
    kind = sending.kind_or_invitation(request.form.get("kind"))
    db = get_session()
    sending.mark_sent(db, person, channel=sending.CHANNEL_WHATSAPP, by=current_user, kind=kind)
    db.commit()
    flash(_("Terkirim ke %(name)s dicatat.", name=person.name), "success")
    region_id = as_int(request.form.get("region"))
    skip = as_int(request.form.get("skip")) or 0
    return redirect(
        url_for(
            "sending.whatsapp", slug=event.slug, kind=kind, region=region_id, skip=skip or None
        ),
        303,
    )


@bp.route("/e/<slug>/admin/invitations/regions/<int:region_id>/bundle.zip", methods=["POST"])
@admin_only
def region_bundle(event: Event, region_id: int):
    region = event_region(event, region_id)
    if region is None:  # only for no region at all; region_id is always given here
        abort(404)
    db = get_session()
    data = sending.region_bundle(
        db,
        event,
        region,
        require_public_base(event),
        actor=current_user.username,
        user=current_user,
    )
    db.commit()
    name = f"undangan-{event.slug}-{safe_filename(region.name)}.zip"
    return file_response(data, "application/zip", name)
