"""The delegate's own invitation page (/i/<secret>): the QR, the event, and nothing else."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask_babel import gettext as _

from ..db import get_session
from ..errors import InvitationRevoked, UnknownCode
from ..extensions import limiter
from ..invitations import invitation_url, open_invitation, qr_png, qr_svg
from ..models import Delegate

bp = Blueprint("invite", __name__)

#: Guessing secrets: every unknown one counts against the visitor's address.
MISS_LIMIT = "60 per minute"
#: Everything else, generous: a whole hall may share the hotel wifi's one public address.
PAGE_LIMIT = "600 per minute"


def _is_miss(response: Response) -> bool:
    return response.status_code == 404


_limits = [
    limiter.shared_limit(
        lambda: current_app.config.get("INVITE_MISS_LIMIT", MISS_LIMIT),
        scope="invite-miss",
        deduct_when=_is_miss,
    ),
    limiter.shared_limit(
        lambda: current_app.config.get("INVITE_PAGE_LIMIT", PAGE_LIMIT), scope="invite"
    ),
]


def rate_limited(view):
    """Apply both invitation limits to a view."""
    for limit in _limits:
        view = limit(view)
    return view


def public_base_url() -> str:
    """The base of invitation URLs: CHECKIN_PUBLIC_URL, else this request's own address."""
    return current_app.config.get("PUBLIC_URL") or request.url_root


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


@bp.route("/i/<secret>")
@rate_limited
def page(secret: str):
    delegate = _lookup(secret)
    if isinstance(delegate, Response):
        return delegate
    event = delegate.event
    html = render_template(
        "invite/page.html",
        delegate=delegate,
        event=event,
        check_in=delegate.check_in,
        qr_svg_url=url_for("invite.qr_svg_image", secret=delegate.secret),
        qr_png_url=url_for("invite.qr_png_image", secret=delegate.secret, download=1),
    )
    return _private(Response(html))


@bp.route("/i/<secret>/qr.png")
@rate_limited
def qr_png_image(secret: str):
    delegate = _lookup(secret)
    if isinstance(delegate, Response):
        return delegate
    response = Response(
        qr_png(invitation_url(public_base_url(), delegate.secret)), mimetype="image/png"
    )
    if request.args.get("download"):
        filename = f"undangan-{delegate.event.slug}.png"
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, max-age=86400"
    return _private(response)


@bp.route("/i/<secret>/qr.svg")
@rate_limited
def qr_svg_image(secret: str):
    delegate = _lookup(secret)
    if isinstance(delegate, Response):
        return delegate
    response = Response(
        qr_svg(invitation_url(public_base_url(), delegate.secret)), mimetype="image/svg+xml"
    )
    response.headers["Cache-Control"] = "private, max-age=86400"
    return _private(response)
