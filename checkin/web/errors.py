"""One place that turns errors into HTTP answers: JSON for the API, a page for people."""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, make_response, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException

from checkin.errors import CheckinError, PublicUrlMissing, ShareLinkExpired
from checkin.models import ROLE_ADMIN
from checkin.web.access import wants_json

log = logging.getLogger(__name__)

STATUS_BY_KIND = {
    "invalid": 422,
    "unauthorized": 401,
    "not_found": 404,
    "conflict": 409,
    "forbidden": 403,
    "rate_limited": 429,
    "too_many": 429,
    "unavailable": 503,
}

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    429: "rate_limited",
}


def _messages() -> dict[int, str]:
    return {
        400: _("Permintaan tidak dapat dibaca."),
        401: _("Silakan masuk atau kirim token API yang sah."),
        403: _("Anda tidak memiliki akses ke halaman atau tindakan ini."),
        404: _("Halaman atau data tidak ditemukan."),
        405: _("Metode ini tidak diizinkan di alamat ini."),
        413: _("Data yang dikirim terlalu besar."),
        429: _("Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi."),
    }


def error_response(code: str, message: str, status: int, details: list | None = None):
    """Answer in JSON for API clients, else with the error page."""
    if wants_json():
        body: dict = {"error": code, "message": message}
        if details:
            body["details"] = details
        return jsonify(body), status
    return render_template("errors/error.html", status=status, message=message), status


def _public_url_missing(exc: PublicUrlMissing):
    """No address for the event's links: organisers get a link to the field in Pengaturan,
    others (a liaison) are told who can set it."""
    if wants_json():
        return error_response(exc.code, exc.message, 409)
    if exc.slug is None or not (current_user.is_authenticated and current_user.role == ROLE_ADMIN):
        message = _("Alamat publik undangan belum diatur. Minta panitia mengaturnya di Pengaturan.")
        return render_template("errors/error.html", status=409, message=message), 409
    page = render_template(
        "errors/error.html",
        status=409,
        message=exc.message,
        link_url=url_for("admin.settings", slug=exc.slug, _anchor="public_url"),
        link_label=_("Atur alamat publik di Pengaturan"),
    )
    return page, 409


def _rollback() -> None:
    session = g.get("db_session")
    if session is not None:
        session.rollback()


def init_app(app: Flask) -> None:
    """Register the error handlers."""

    @app.errorhandler(CheckinError)
    def _domain_error(exc: CheckinError):
        _rollback()
        if isinstance(exc, PublicUrlMissing):
            return _public_url_missing(exc)
        status = STATUS_BY_KIND[exc.kind]
        response = make_response(error_response(exc.code, exc.message, status, exc.details))
        if exc.retry_after is not None:
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.errorhandler(ShareLinkExpired)
    def _share_link_expired(exc: ShareLinkExpired):
        # A screen left on after the event: say so plainly, and until when it worked.
        _rollback()
        if wants_json():
            return error_response(exc.code, exc.message, 403)
        page = render_template(
            "live/share_expired.html",
            message=exc.message,
            expires_at=exc.expires_at,
            timezone=exc.timezone,
        )
        return page, 403

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError):
        _rollback()
        return error_response(
            "csrf_failed",
            _("Sesi formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi."),
            400,
        )

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        _rollback()
        if exc.response is not None:
            # An answer made for this refusal (a rate limit's own page, with its form).
            return exc.response
        status = exc.code or 500
        code = HTTP_CODES.get(status, "http_error")
        message = _messages().get(status, exc.description or "")
        response = make_response(error_response(code, message, status))
        retry_after = exc.get_response().headers.get("Retry-After")
        if retry_after:
            response.headers["Retry-After"] = retry_after
        return response

    @app.errorhandler(DataError)
    def _data_error(exc: DataError):
        # The database refused a value the client sent (PostgreSQL: NUL in text, a number out
        # of range, text too long): the request is at fault, and nothing was written.
        _rollback()
        log.warning("database refused a value: %s", exc.orig)
        return error_response(
            "invalid_input", _("Data yang dikirim berisi nilai yang tidak dapat disimpan."), 422
        )

    @app.errorhandler(Exception)
    def _server_error(exc: Exception):
        _rollback()
        log.exception("unhandled error")
        return error_response(
            "server_error", _("Terjadi kesalahan di server. Coba lagi sebentar lagi."), 500
        )
