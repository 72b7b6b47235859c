"""The organiser's pages: events, settings, regions, delegates and accounts."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from checkin import accounts
from checkin.db import get_session
from checkin.errors import CheckinError, InvalidInput, PhoneInvalid
from checkin.events import delegates, events, normalise_phone, statuses
from checkin.invitations import invitation_url
from checkin.models import ROLE_ADMIN, Delegate, Event
from checkin.views.admin_forms import (
    INDONESIAN_ZONES,
    DelegateForm,
    EventCreateForm,
    EventSettingsForm,
    RegionForm,
    local_input,
)
from checkin.web.access import event_view, roles_required
from checkin.web.forms import commit_and_redirect, fail_form, id_arg, page_arg, render_form
from checkin.web.limits import search_limit
from checkin.web.urls import join_path, public_base_source, public_base_url

bp = Blueprint("admin", __name__)


# --- events ------------------------------------------------------------------------------


@bp.route("/admin/")
@roles_required(ROLE_ADMIN)
def index():
    return redirect(url_for("admin.events"))


@bp.route("/admin/events", endpoint="events")
@roles_required(ROLE_ADMIN)
def events_list():
    listed = accounts.accessible_events(get_session(), current_user)
    return render_template("admin/events.html", events=listed)


@bp.route("/admin/events/new", methods=["GET", "POST"])
@roles_required(ROLE_ADMIN, every_event=True)
def event_new():
    form = EventCreateForm()
    if form.validate_on_submit():
        db = get_session()
        try:
            event = events.create_event(
                db,
                form.slug.data,
                name=form.name.data,
                venue=_text(form.venue.data),
                address=_text(form.address.data),
                starts_at=events.local_to_utc(form.starts_at.data, form.timezone.data.strip()),
                timezone=form.timezone.data.strip(),
                doors=events.parse_door_names(form.doors.data),
                allow_door_walkin=form.allow_door_walkin.data,
            )
        except CheckinError as exc:
            fail_form(form, exc)
        else:
            message = _("Acara %(name)s dibuat.", name=event.name)
            return commit_and_redirect(message, "admin.event_dashboard", slug=event.slug)
    return render_form("admin/event_new.html", form, zones=INDONESIAN_ZONES)


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


# --- one event ---------------------------------------------------------------------------

#: The dashboard's tiles: (endpoint, title, what it is for); shown when the view exists.
DASHBOARD_PAGES = (
    ("admin.delegates", _l("Peserta"), _l("Cari, saring dan perbaiki data peserta.")),
    ("imports.upload", _l("Impor peserta"), _l("Unggah daftar XLSX atau CSV dari kantor.")),
    (
        "invitations.overview",
        _l("Undangan"),
        _l("Kartu PDF, WhatsApp, email dan tautan undangan."),
    ),
    ("door.passes", _l("Pass pintu"), _l("QR dan PIN untuk ponsel petugas pintu.")),
    ("door.scan", _l("Pindai di pintu"), _l("Buka pemindai QR di ponsel ini.")),
    ("live.live", _l("Kehadiran langsung"), _l("Layar proyektor: hadir per wilayah dan ormas.")),
    ("scanlog.scans", _l("Log pindai"), _l("Setiap pindaian: siapa, di pintu mana, hasilnya.")),
    ("offline.conflicts", _l("Konflik luring"), _l("Pindaian luring ganda dan jam ponsel salah.")),
    ("reports.index", _l("Laporan"), _l("Daftar Hadir PDF, XLSX dan CSV.")),
    ("reports.audit_log", _l("Log audit"), _l("Siapa mengunduh atau melihat data pribadi.")),
    ("admin.regions", _l("Wilayah"), _l("Nama wilayah, tingkat dan ejaan lainnya.")),
    ("admin.settings", _l("Pengaturan"), _l("Nama, waktu, tempat, kontak dan pintu.")),
)


@bp.route("/e/<slug>/admin/")
@event_view(ROLE_ADMIN)
def event_dashboard(event: Event):
    levels = delegates.level_summary(get_session(), event)
    views = current_app.view_functions
    return render_template(
        "admin/dashboard.html",
        event=event,
        pages=[page for page in DASHBOARD_PAGES if page[0] in views],
        levels=levels,
        invited=sum(c.invited for c in levels),
        checked_in=sum(c.checked_in for c in levels),
    )


@bp.route("/e/<slug>/admin/settings", methods=["GET", "POST"])
@event_view(ROLE_ADMIN)
def settings(event: Event):
    form = EventSettingsForm(obj=event)
    if request.method == "GET":
        form.starts_at.data = local_input(event.starts_at, event.timezone)  # type: ignore[assignment]  # wtforms types .data as None
        form.ends_at.data = local_input(event.ends_at, event.timezone)  # type: ignore[assignment]
        form.doors.data = "\n".join(d.name for d in event.doors)
    if form.validate_on_submit():
        try:
            events.update_event(
                get_session(),
                event,
                name=form.name.data,
                starts_at=form.starts_at.data,
                ends_at=form.ends_at.data,
                timezone=form.timezone.data.strip(),
                doors=_posted_doors(form, event),
                map_url=form.map_url.data,
                allow_door_walkin=form.allow_door_walkin.data,
                allow_free_gate=form.allow_free_gate.data,
                theme=form.theme.data,
                venue=form.venue.data,
                address=form.address.data,
                organizer=form.organizer.data,
                contact_name=form.contact_name.data,
                contact_phone=_contact_phone(form.contact_phone.data),
                public_url=_posted_public_url(form, event),
                by=current_user,
            )
        except CheckinError as exc:
            fail_form(form, exc)
        else:
            return commit_and_redirect(
                _("Pengaturan acara disimpan."), "admin.settings", slug=event.slug
            )
    return render_form(
        "admin/settings.html", form, event=event, zones=INDONESIAN_ZONES, **_addresses(event)
    )


def _posted_public_url(form: EventSettingsForm, event: Event) -> str | None:
    """The public address typed in the form; a post without the field keeps the event's."""
    if "public_url" not in request.form:
        return event.public_url
    return form.public_url.data


def _addresses(event: Event) -> dict:
    """What Pengaturan shows under the public address: where the links go now, and why."""
    base = public_base_url(event)
    door = join_path(base, "door.pass_signin", secret="x")[:-1] + "…" if base else None
    return {
        "public_base": base,
        "public_source": public_base_source(event),
        "invitation_example": invitation_url(base, "…") if base else None,
        "door_example": door,
    }


def _posted_doors(form: EventSettingsForm, event: Event) -> list[str]:
    """The doors typed in the settings form; a post without the field keeps the doors."""
    if "doors" not in request.form:
        return [door.name for door in event.doors]
    return events.parse_door_names(form.doors.data)


def _contact_phone(text: str | None) -> str | None:
    try:
        return normalise_phone(text)
    except PhoneInvalid as exc:
        raise InvalidInput(_("Telepon narahubung: %(why)s.", why=exc.message)) from None


@bp.route("/e/<slug>/admin/regions", methods=["GET", "POST"])
@event_view(ROLE_ADMIN)
def regions(event: Event):
    editing = _region_to_edit(event)
    form = RegionForm(obj=editing) if editing else RegionForm()
    if editing and request.method == "GET":
        form.region_id.data = str(editing.id)
    if form.validate_on_submit():
        region_id = int(form.region_id.data) if (form.region_id.data or "").isdigit() else None
        try:
            region = events.update_region(
                get_session(),
                event,
                region_id,
                name=form.name.data,
                level=form.level.data,
                aliases=form.aliases.data or "",
            )
        except CheckinError as exc:
            fail_form(form, exc)
        else:
            return commit_and_redirect(
                _("Wilayah %(name)s disimpan.", name=region.name), "admin.regions", slug=event.slug
            )
    counts = delegates.region_counts(get_session(), event)
    return render_form("admin/regions.html", form, event=event, editing=editing, counts=counts)


def _region_to_edit(event: Event):
    raw = request.values.get("edit") or request.form.get("region_id") or ""
    if not raw.isdigit():
        return None
    region = next((r for r in event.regions if r.id == int(raw)), None)
    if region is None:
        abort(404)
    return region


@bp.route("/e/<slug>/admin/delegates", endpoint="delegates")
@event_view(ROLE_ADMIN)
@search_limit
def delegates_list(event: Event):
    q = request.args.get("q", "").strip()[:200]
    region_id = request.args.get("region", type=id_arg)
    status = request.args.get("status")
    status = status if status in statuses.ARRIVAL_STATUSES else None
    results = delegates.search_delegates(
        get_session(),
        event,
        q=q,
        region_id=region_id,
        status=status,
        page=request.args.get("page", 1, type=page_arg),
        match_phone=True,
    )
    return render_template(
        "admin/delegates.html",
        event=event,
        results=results,
        q=q,
        region_id=region_id,
        status=status,
        status_of=delegates.delegate_status,
        has_invitation_page="invitations.delegate" in current_app.view_functions,
    )


@bp.route("/e/<slug>/admin/delegates/<int:delegate_id>/edit", methods=["GET", "POST"])
@event_view(ROLE_ADMIN)
def delegate_edit(event: Event, delegate: Delegate):
    db = get_session()
    form = DelegateForm(obj=delegate)
    form.region_id.choices = [(r.id, r.name) for r in event.regions]
    if form.validate_on_submit():
        try:
            delegates.update_delegate(
                db,
                event,
                delegate,
                name=form.name.data,
                ormas=form.ormas.data,
                region_id=form.region_id.data,
                level=form.level.data,
                position=form.position.data,
                phone=form.phone.data,
                email=form.email.data,
                is_vip=form.is_vip.data,
            )
        except CheckinError as exc:
            fail_form(form, exc)
        else:
            message = _("Data %(name)s disimpan.", name=delegate.name)
            return commit_and_redirect(
                message, "admin.delegates", slug=event.slug, q=request.args.get("q") or None
            )
    return render_form(
        "admin/delegate_edit.html",
        form,
        event=event,
        delegate=delegate,
        has_invitation_page="invitations.delegate" in current_app.view_functions,
    )
