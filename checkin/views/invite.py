"""The delegate's own invitation page (/i/<secret>): the QR, the event, and nothing else."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from checkin import events, invitations, sending
from checkin.db import get_session, session_scope
from checkin.errors import ConfirmationClosed, InvalidInput, InvitationRevoked, UnknownCode
from checkin.extensions import limiter
from checkin.invitations import invitation_url, open_invitation, qr_png, qr_svg
from checkin.models import Delegate
from checkin.web.filters import weekday_date
from checkin.web.urls import public_base_url, public_url_for

bp = Blueprint("invite", __name__)
log = logging.getLogger(__name__)
#: The generic picture of the WhatsApp link preview (never the QR: the preview is public).
OG_IMAGE = "img/invitation-og.png"


def _is_miss(response: Response) -> bool:
    return response.status_code == 404


_limits = [
    limiter.shared_limit(
        lambda: current_app.config["INVITE_MISS_LIMIT"],
        scope="invite-miss",
        deduct_when=_is_miss,
    ),
    limiter.shared_limit(lambda: current_app.config["INVITE_PAGE_LIMIT"], scope="invite"),
]


def rate_limited(view):
    """Apply both invitation limits to a view."""
    for limit in _limits:
        view = limit(view)
    return view


def _private(response: Response) -> Response:
    # The URL is the credential: never send it on as a Referer, never index or share-cache it.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers.setdefault("Cache-Control", "private, no-cache")
    return response


def _unavailable(status: int, title: str, message: str) -> Response:
    html = render_template("invite/unavailable.html", status=status, title=title, message=message)
    return _private(Response(html, status=status))


def _lookup(secret: str) -> Delegate | Response:
    try:
        return open_invitation(get_session(), secret)
    except InvitationRevoked:
        return _unavailable(
            410,
            _("Undangan ini sudah tidak berlaku"),
            _(
                "Undangan ini telah dicabut oleh panitia. Bila Anda menerima undangan baru, "
                "bukalah tautan yang baru. Hubungi panitia bila ada pertanyaan."
            ),
        )
    except UnknownCode:
        return _unavailable(
            404,
            _("Undangan tidak ditemukan"),
            _("Periksa kembali tautan undangan Anda; pastikan tautan tersalin lengkap."),
        )


def _record_first_opening(delegate: Delegate) -> None:
    """Mark the invitation opened the first time the delegate (not a preview, not staff) looks.

    Only the first view writes, in its own short transaction; a failure never costs the
    delegate their page.
    """
    if delegate.opened_at is not None or current_user.is_authenticated:
        return
    if request.method != "GET" or sending.is_link_preview(request.user_agent.string):
        return
    try:
        with session_scope() as db:
            sending.mark_opened(db, delegate.id)
    except SQLAlchemyError:
        log.warning("could not record the opening of invitation %s", delegate.id, exc_info=True)


def _page(delegate: Delegate, *, errors: dict | None = None, form: dict | None = None, status=200):
    event = delegate.event
    answer = (form or {}).get("answer") or delegate.confirmation
    html = render_template(
        "invite/page.html",
        delegate=delegate,
        event=event,
        check_in=delegate.check_in,
        qr_svg_url=url_for("invite.qr_svg_image", secret=delegate.secret),
        qr_png_url=url_for("invite.qr_png_image", secret=delegate.secret, download=1),
        og_image=public_url_for(event, "static", filename=OG_IMAGE),
        og_description=" · ".join(
            p for p in (event.name, weekday_date(event.starts_at, event.timezone)) if p
        ),
        confirm_open=invitations.is_open(event, delegate),
        answer=answer,
        answer_labels=events.ANSWER_LABELS,
        substitute=invitations.expected_substitute(get_session(), delegate),
        form=form or {},
        errors=errors or {},
    )
    return _private(Response(html, status=status))


@bp.route("/i/<secret>")
@rate_limited
def page(secret: str):
    delegate = _lookup(secret)
    if isinstance(delegate, Response):
        return delegate
    _record_first_opening(delegate)
    return _page(delegate)


CONFIRM_FIELDS = ("answer", "substitute_name", "substitute_position", "substitute_mandate")


@bp.route("/i/<secret>/konfirmasi", methods=["POST"])
@rate_limited
def confirm(secret: str):
    delegate = _lookup(secret)
    if isinstance(delegate, Response):
        return delegate
    form = {name: request.form.get(name, "")[:500] for name in CONFIRM_FIELDS}
    db = get_session()
    try:
        invitations.confirm_attendance(
            db,
            delegate,
            answer=form["answer"],
            substitute_name=form["substitute_name"],
            substitute_position=form["substitute_position"],
            mandate_number=form["substitute_mandate"],
        )
    except ConfirmationClosed as exc:
        db.rollback()
        flash(exc.message, "error")
    except InvalidInput as exc:
        db.rollback()
        errors = {d["field"]: d["message"] for d in exc.details} or {"answer": exc.message}
        return _page(delegate, errors=errors, form=form, status=422)
    else:
        db.commit()
        flash(_("Terima kasih, konfirmasi kehadiran Anda tersimpan."), "success")
    return redirect(url_for("invite.page", secret=delegate.secret, _anchor="konfirmasi"), 303)


@bp.route("/i/<secret>/qr.png")
@rate_limited
def qr_png_image(secret: str):
    return _qr_image(secret, qr_png, "image/png", download_as="png")


@bp.route("/i/<secret>/qr.svg")
@rate_limited
def qr_svg_image(secret: str):
    return _qr_image(secret, qr_svg, "image/svg+xml")


def _qr_code(delegate: Delegate) -> str:
    """What the delegate's QR carries: the invitation URL, or with no public address known
    the bare secret (every door reads it; a phone's camera just cannot open it)."""
    base = public_base_url(delegate.event)
    return invitation_url(base, delegate.secret) if base else delegate.secret


def _qr_image(
    secret: str, render: Callable[[str], bytes | str], mimetype: str, *, download_as: str = ""
) -> Response:
    """The delegate's QR image; with ?download a file named after the event, if download_as."""
    delegate = _lookup(secret)
    if isinstance(delegate, Response):
        return delegate
    response = Response(render(_qr_code(delegate)), mimetype=mimetype)
    if download_as and request.args.get("download"):
        filename = f"undangan-{delegate.event.slug}.{download_as}"
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, max-age=86400"
    return _private(response)
