"""A person's own account: changing their password (never for door-pass accounts)."""

from __future__ import annotations

from flask import Blueprint, current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import EqualTo, Length

from checkin.accounts import change_own_password
from checkin.db import get_session
from checkin.errors import CheckinError, Forbidden
from checkin.extensions import limiter
from checkin.models import ROLES
from checkin.views.admin_forms import required
from checkin.web.access import current_session_id, roles_required
from checkin.web.forms import commit_and_redirect, fail_form, render_form
from checkin.web.limits import account_key

bp = Blueprint("account", __name__)


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Kata sandi saat ini"),
        validators=[required(_l("Kata sandi saat ini")), Length(max=200)],
    )
    new_password = PasswordField(
        _l("Kata sandi baru"),
        validators=[
            required(_l("Kata sandi baru")),
            Length(min=8, max=200, message=_l("Kata sandi 8 sampai 200 karakter.")),
        ],
    )
    confirm = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[EqualTo("new_password", message=_l("Kedua kata sandi baru tidak sama."))],
    )


def _password_rate_limit() -> str:
    return current_app.config["PASSWORD_CHANGE_RATE_LIMIT"]


@bp.route("/account/password", methods=["GET", "POST"])
@roles_required(*ROLES)
@limiter.limit(_password_rate_limit, methods=["POST"], key_func=account_key)
def password():
    """Every signed-in person; a door pass has a PIN, not a password."""
    if current_user.door_id is not None:
        raise Forbidden(_("Akun pass pintu tidak memakai kata sandi."))
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            change_own_password(
                get_session(),
                current_user.id,
                form.current_password.data,
                form.new_password.data,
                keep_session=current_session_id(),
            )
        except CheckinError as exc:
            fail_form(form, exc)
        else:
            message = _(
                "Kata sandi diganti. Peramban dan ponsel lain yang memakai akun ini keluar."
            )
            return commit_and_redirect(message, "account.password")
    return render_form("account/password.html", form)
