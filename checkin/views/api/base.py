"""The API blueprint, its body and CSRF checks, and reading a JSON body."""

from __future__ import annotations

from flask import Blueprint, current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from checkin.errors import InvalidInput
from checkin.extensions import csrf
from checkin.web.access import is_bearer_request, sends_invalid_token
from checkin.web.errors import error_response

bp = Blueprint("api", __name__, url_prefix="/api")
csrf.exempt(bp)


@bp.before_request
def _check_body_and_csrf():
    length = request.content_length
    if length is not None and length > current_app.config["API_MAX_BODY"]:
        raise RequestEntityTooLarge()
    # A request that sends a token is authenticated by it alone: a token that fails is a
    # 401, never a fall-back to the cookie (which is not even read, see web/access.py).
    if sends_invalid_token():
        return error_response(
            "invalid_token",
            _("Token API tidak sah, sudah dicabut, atau akunnya tidak aktif lagi."),
            401,
        )
    # Only a request that authenticated by a valid token skips CSRF (scripts and door
    # devices carry no cookies); session clients must send the CSRF token in the
    # X-CSRFToken header. An anonymous request has no session to abuse: it goes on to the
    # view, which answers 401.
    if (
        request.method not in ("GET", "HEAD", "OPTIONS")
        and not is_bearer_request()
        and current_app.config["WTF_CSRF_ENABLED"]
        and current_user.is_authenticated
    ):
        csrf.protect()
    return None


class BadJson(Exception):
    """The body is not JSON at all, or nested too deep to read (400, unlike a wrong field,
    which is 422)."""


@bp.errorhandler(BadJson)
def _bad_json(_exc: BadJson):
    return error_response("invalid_json", _("Isi permintaan bukan JSON yang sah."), 400)


def json_body() -> dict:
    """The request's JSON object; BadJson when unreadable, InvalidInput when not an object."""
    try:
        # The app's JSON provider (web/forms.py) reads too-deep nesting as invalid JSON.
        data = current_app.json.loads(request.get_data(cache=False) or b"null")
    except (ValueError, UnicodeDecodeError):
        raise BadJson() from None
    if not isinstance(data, dict):
        raise InvalidInput(_("Isi permintaan harus berupa objek JSON."))
    return data
