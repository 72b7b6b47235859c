"""The regional liaison's pages (/e/<slug>/liaison/…): one kabupaten/kota and nothing else.

A liaison account (role `liaison`) carries its region (User.region_id). Every page here
reads the region from the account, never from the URL; the loader (web.access.event_view)
refuses an event that is not the region's and finds no delegate of another region.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from checkin import events, sending
from checkin.db import get_session
from checkin.invitations import cards
from checkin.models import ROLE_LIAISON, Delegate, Event, Region, User
from checkin.views.sending import queue_context
from checkin.web.access import event_view
from checkin.web.files import file_response, safe_filename
from checkin.web.urls import public_base_url, require_public_base

bp = Blueprint("liaison", __name__)
liaison_only = event_view(ROLE_LIAISON)


def _region(event: Event) -> Region:
    """The signed-in liaison's region (the loader made sure it is one of this event's)."""
    return next(r for r in event.regions if r.id == current_user.region_id)


@bp.route("/e/<slug>/liaison/")
@liaison_only
def region(event: Event):
    area = _region(event)
    db = get_session()
    state = request.args.get("status") or None
    if state not in events.DELIVERY_STATUSES:
        state = None
    listing = sending.list_by_status(
        db,
        event,
        status=state,
        region_id=area.id,
        page=request.args.get("page", 1, type=int),
        per_page=100,
    )
    return render_template(
        "liaison/region.html",
        event=event,
        region=area,
        state=state,
        counts=sending.status_counts(db, event, region_id=area.id),
        listing=listing,
        statuses=events.DELIVERY_STATUSES,
        status_labels=events.STATUS_LABELS,
        channel_labels=sending.CHANNEL_LABELS,
        answer_labels=events.ANSWER_LABELS,
    )


@bp.route("/e/<slug>/liaison/cards.pdf")
@liaison_only
def cards_pdf(event: Event):
    area = _region(event)
    db = get_session()
    pdf = cards.download_cards(
        db, event, require_public_base(event), by=db.get(User, current_user.id), region=area
    )
    db.commit()
    return file_response(pdf, "application/pdf", f"kartu-undangan-{safe_filename(area.name)}.pdf")


@bp.route("/e/<slug>/liaison/links.csv", methods=["POST"])
@liaison_only
def links_csv(event: Event):
    area = _region(event)
    db = get_session()
    text = sending.export_region_links(
        db,
        event,
        area,
        require_public_base(event),
        actor=current_user.username,
        user=current_user,
    )
    db.commit()
    return file_response(
        text.encode("utf-8"), "text/csv", f"undangan-{safe_filename(area.name)}.csv"
    )


@bp.route("/e/<slug>/liaison/whatsapp")
@liaison_only
def whatsapp(event: Event):
    area = _region(event)
    context = queue_context(
        event,
        kind=sending.kind_or_invitation(request.args.get("kind")),
        region_id=area.id,
        skip=request.args.get("skip", 0, type=int),
        base_url=public_base_url(event),
    )
    return render_template(
        "invitations/whatsapp.html", event=event, region=area, is_liaison=True, **context
    )


@bp.route("/e/<slug>/liaison/whatsapp/<int:delegate_id>/sent", methods=["POST"])
@liaison_only
def whatsapp_sent(event: Event, person: Delegate):
    kind = sending.kind_or_invitation(request.form.get("kind"))
    db = get_session()
    sending.mark_sent(db, person, channel=sending.CHANNEL_WHATSAPP, by=current_user, kind=kind)
    db.commit()
    flash(_("Terkirim ke %(name)s dicatat.", name=person.name), "success")
    skip = request.form.get("skip", 0, type=int) or None
    return redirect(url_for("liaison.whatsapp", slug=event.slug, kind=kind, skip=skip), 303)


@bp.route("/e/<slug>/liaison/delegates/<int:delegate_id>/sent", methods=["POST"])
@liaison_only
def delegate_sent(event: Event, person: Delegate) -> ResponseReturnValue:
    db = get_session()
    sending.mark_sent(db, person, channel=sending.CHANNEL_LIAISON, by=current_user)
    db.commit()
    flash(_("Undangan %(name)s dicatat sudah diserahkan.", name=person.name), "success")
    return redirect(
        url_for("liaison.region", slug=event.slug, status=request.form.get("status")), 303
    )
