"""The per-event links each role sees on the home page (views register theirs here)."""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from checkin.models import ROLE_ADMIN, ROLE_DOOR, ROLE_LIAISON, ROLE_VIEWER

#: (label, endpoint taking `slug`, roles that see it), in display order.
EVENT_LINKS: list[tuple[object, str, tuple[str, ...]]] = [
    (_l("Kelola acara"), "admin.event_dashboard", (ROLE_ADMIN,)),
    (_l("Peserta"), "admin.delegates", (ROLE_ADMIN,)),
    (_l("Impor peserta"), "imports.upload", (ROLE_ADMIN,)),
    (_l("Undangan"), "invitations.overview", (ROLE_ADMIN,)),
    (_l("Pindai di pintu"), "door.scan", (ROLE_ADMIN, ROLE_DOOR)),
    (_l("Pass pintu"), "door.passes", (ROLE_ADMIN,)),
    (_l("Kehadiran langsung"), "live.live", (ROLE_ADMIN, ROLE_VIEWER)),
    (_l("Layar sapa"), "live.welcome", (ROLE_ADMIN, ROLE_VIEWER)),
    (_l("Laporan"), "reports.index", (ROLE_ADMIN,)),
    (_l("Undangan wilayah"), "liaison.region", (ROLE_LIAISON,)),
]


#: The organiser's sub-navigation (templates/admin/_nav.html): (label, endpoint, the
#: blueprint or endpoints whose pages also mark it current), in display order.
ADMIN_LINKS: list[tuple[object, str, tuple[str, ...]]] = [
    (_l("Ringkasan"), "admin.event_dashboard", ()),
    (_l("Peserta"), "admin.delegates", ("admin.delegate_edit",)),
    (_l("Impor"), "imports.upload", ("imports",)),
    (_l("Undangan"), "invitations.overview", ("invitations", "message_templates", "sending")),
    (_l("Pass pintu"), "door.passes", ()),
    (_l("Laporan"), "reports.index", ("reports",)),
    (_l("Wilayah"), "admin.regions", ()),
    (_l("Pengaturan"), "admin.settings", ()),
    (_l("Pindai"), "door.scan", ()),
    (_l("Log pindai"), "scanlog.scans", ("scanlog",)),
    (_l("Konflik luring"), "offline.conflicts", ()),
    (_l("Log audit"), "reports.audit_log", ()),
    (_l("Layar langsung"), "live.live", ()),
    (_l("Tautan layar"), "live.share_links", ()),
]


def admin_links(current: str | None) -> list[tuple[str, str, bool]]:
    """(label, endpoint, is_current) of the organiser pages whose views exist."""
    views = current_app.view_functions
    blueprint = (current or "").partition(".")[0]
    return [
        (str(label), endpoint, current == endpoint or current in also or blueprint in also)
        for label, endpoint, also in ADMIN_LINKS
        if endpoint in views
    ]


def event_links(event) -> list[tuple[str, str]]:
    """Links for the signed-in user's role whose views exist."""
    if not current_user.is_authenticated:
        return []
    views = current_app.view_functions
    return [
        (str(label), endpoint)
        for label, endpoint, roles in EVENT_LINKS
        if current_user.role in roles and endpoint in views
    ]


def init_app(app: Flask) -> None:
    """Expose event_links(), admin_links() and current_locale() to templates."""
    app.jinja_env.globals["event_links"] = event_links
    app.jinja_env.globals["admin_links"] = admin_links
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or "id")
