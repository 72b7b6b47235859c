"""The per-event links each role sees on the home page (views register theirs here)."""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .models import ROLE_ADMIN, ROLE_DOOR, ROLE_LIAISON, ROLE_VIEWER

#: (label, endpoint taking `slug`, roles that see it), in display order.
EVENT_LINKS: list[tuple[object, str, tuple[str, ...]]] = [
    (_l("Kelola acara"), "admin.event_dashboard", (ROLE_ADMIN,)),
    (_l("Peserta"), "admin.delegates", (ROLE_ADMIN,)),
    (_l("Pindai di pintu"), "door.scan", (ROLE_ADMIN, ROLE_DOOR)),
    (_l("Kehadiran langsung"), "live.live", (ROLE_ADMIN, ROLE_VIEWER)),
    (_l("Undangan wilayah"), "liaison.region", (ROLE_LIAISON,)),
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
    """Expose event_links() and current_locale() to templates."""
    app.jinja_env.globals["event_links"] = event_links
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or "id")
