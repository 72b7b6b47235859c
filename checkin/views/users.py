"""The organiser's account pages: people, their roles, events, sessions and API tokens."""

from __future__ import annotations

from flask import Blueprint, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from checkin import accounts
from checkin.accounts import revoke_token
from checkin.db import get_session
from checkin.errors import CheckinError, InvalidInput
from checkin.events import list_events
from checkin.models import ROLE_ADMIN
from checkin.views.admin_forms import (
    PasswordResetForm,
    RoleForm,
    TokenForm,
    UserCreateForm,
    UserEventsForm,
)
from checkin.web.access import current_session_id, roles_required
from checkin.web.forms import commit_and_redirect, fail_form, render_form

bp = Blueprint("users", __name__)


def _region_event_id() -> int | None:
    """The event whose regions the liaison field lists (?event=), else the newest event."""
    events = list_events(get_session())
    chosen = request.args.get("event", type=int)
    if any(e.id == chosen for e in events):
        return chosen
    return events[0].id if events else None


def _regions() -> list:
    return accounts.liaison_regions(get_session(), _region_event_id())


@bp.route("/admin/users", methods=["GET", "POST"])
@roles_required(ROLE_ADMIN, every_event=True)
def users():
    db = get_session()
    regions = _regions()
    form = _user_form(regions)
    if form.validate_on_submit():
        try:
            user = accounts.create_account(
                db,
                form.username.data,
                role=form.role.data,
                password=form.password.data,
                region_id=form.region_id.data or None,
                event_ids=form.event_ids.data or [],
                display_name=form.display_name.data,
            )
        except CheckinError as exc:
            fail_form(form, exc)
        else:
            return commit_and_redirect(
                _("Akun %(name)s dibuat.", name=user.username), "users.users"
            )
    return _users_page(form, regions)


def _user_form(regions: list, **kwargs: object) -> UserCreateForm:
    form = UserCreateForm(**kwargs)
    form.region_id.choices = [(0, _("Tidak ada"))] + [
        (r.id, f"{r.name} · {e.name}") for r, e in regions
    ]
    form.event_ids.choices = _event_choices()
    return form


def _event_choices() -> list[tuple[int, str]]:
    return [(e.id, e.name) for e in list_events(get_session())]


def _users_page(form: UserCreateForm, regions: list, new_token: dict | None = None):
    people = accounts.list_users(get_session())
    return render_form(
        "admin/users.html",
        form,
        users=people,
        region_names={
            r.id: f"{r.name} · {e.name}" for r, e in accounts.liaison_regions(get_session())
        },
        region_options=form.region_id.choices,
        region_event_id=_region_event_id(),
        event_options=_event_choices(),
        new_token=new_token,
    )


@bp.route("/admin/users/<int:user_id>/events", methods=["POST"])
@roles_required(ROLE_ADMIN, every_event=True)
def user_events(user_id: int):
    form = UserEventsForm()
    form.event_ids.choices = _event_choices()
    if not form.validate_on_submit():
        flash(" ".join(str(m) for ms in form.errors.values() for m in ms), "error")
        return redirect(url_for("users.users"))
    db = get_session()
    user = accounts.set_account_events(db, user_id, form.event_ids.data or [], by=current_user.id)
    if user.scoped_events:
        names = ", ".join(e.name for e in user.scoped_events)
        message = _("Akun %(name)s hanya untuk: %(events)s.", name=user.username, events=names)
    else:
        message = _("Akun %(name)s berlaku untuk semua acara.", name=user.username)
    return commit_and_redirect(message, "users.users")


@bp.route("/admin/users/<int:user_id>/name", methods=["POST"])
@roles_required(ROLE_ADMIN, every_event=True)
def user_name(user_id: int):
    """Set the name the scan log, verdicts and audit log show for a person (blank: none)."""
    db = get_session()
    try:
        user = accounts.set_account_name(db, user_id, request.form.get("display_name", ""))
    except InvalidInput as exc:
        db.rollback()
        flash(exc.message, "error")
        return redirect(url_for("users.users"))
    name = accounts.shown_name(user)
    return commit_and_redirect(_("Akun %(name)s disimpan.", name=name), "users.users")


@bp.route("/admin/users/<int:user_id>/active", methods=["POST"])
@roles_required(ROLE_ADMIN, every_event=True)
def user_active(user_id: int):
    active = request.form.get("active") == "1"
    user = accounts.set_active(get_session(), user_id, active, by=current_user)
    if active:
        message = _("Akun %(name)s diaktifkan kembali.", name=user.username)
    else:
        message = _("Akun %(name)s dinonaktifkan.", name=user.username)
    return commit_and_redirect(message, "users.users")


@bp.route("/admin/users/<int:user_id>/sessions/end", methods=["POST"])
@roles_required(ROLE_ADMIN, every_event=True)
def end_sessions(user_id: int):
    """Sign the account out on every browser and phone (the organiser's own stays)."""
    user, _count = accounts.end_person_sessions(
        get_session(), user_id, by=current_user, keep=current_session_id()
    )
    if user.id == current_user.id:
        message = _("Semua sesi Anda yang lain diakhiri; sesi ini tetap berjalan.")
    else:
        message = _("Semua sesi %(name)s diakhiri: akun itu harus masuk lagi.", name=user.username)
    return commit_and_redirect(message, "users.users")


@bp.route("/admin/users/<int:user_id>/password", methods=["POST"])
@roles_required(ROLE_ADMIN, every_event=True)
def user_password(user_id: int):
    """Give another account a new password: it is signed out everywhere."""
    if user_id == current_user.id:
        flash(_("Ganti kata sandi Anda sendiri di halaman ini."), "info")
        return redirect(url_for("account.password"))
    form = PasswordResetForm()
    if not form.validate_on_submit():
        flash(" ".join(str(m) for ms in form.errors.values() for m in ms), "error")
        return redirect(url_for("users.users"))
    user = accounts.reset_password(get_session(), user_id, form.password.data, by=current_user)
    message = _(
        "Kata sandi %(name)s diganti; semua sesinya diakhiri. Sampaikan kata sandi baru "
        "kepadanya secara langsung.",
        name=user.username,
    )
    return commit_and_redirect(message, "users.users")


@bp.route("/admin/users/<int:user_id>/role", methods=["POST"])
@roles_required(ROLE_ADMIN, every_event=True)
def user_role(user_id: int):
    """Give another account another role; a liaison also gets its region."""
    form = RoleForm()
    db = get_session()
    form.region_id.choices = [(0, "")] + [(r.id, r.name) for r, _e in accounts.liaison_regions(db)]
    if not form.validate_on_submit():
        flash(" ".join(str(m) for ms in form.errors.values() for m in ms), "error")
        return redirect(url_for("users.users"))
    try:
        user = accounts.set_role(
            db, user_id, form.role.data, region_id=form.region_id.data or None, by=current_user
        )
    except CheckinError as exc:
        db.rollback()
        flash(exc.message, "error")
        return redirect(url_for("users.users"))
    return commit_and_redirect(_("Peran %(name)s diubah.", name=user.username), "users.users")


@bp.route("/admin/users/<int:user_id>/tokens", methods=["POST"])
@roles_required(ROLE_ADMIN, every_event=True)
def token_new(user_id: int):
    form = TokenForm()
    if not form.validate_on_submit():
        flash(" ".join(str(m) for ms in form.errors.values() for m in ms), "error")
        return redirect(url_for("users.users"))
    db = get_session()
    user, token = accounts.issue_token(db, user_id, name=form.name.data)
    db.commit()
    flash(_("Token API untuk %(name)s dibuat.", name=user.username), "success")
    # Shown in this answer alone, never through the session: Flask's cookie is signed, not
    # encrypted, and the token is stored nowhere in the clear. A reload shows it no more.
    regions = _regions()
    new_token = {"user": user.username, "token": token}
    response = make_response(_users_page(_user_form(regions, formdata=None), regions, new_token))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/admin/tokens/<int:token_id>/revoke", methods=["POST"])
@roles_required(ROLE_ADMIN, every_event=True)
def token_revoke(token_id: int):
    db = get_session()
    owner = accounts.token_owner(db, token_id)
    revoke_token(db, token_id)
    return commit_and_redirect(_("Token %(name)s dicabut.", name=owner.username), "users.users")
