"""Public addresses: the base delegates and door phones open, and absolute links built on it.

The base is never taken from the request: its Host header is the client's to choose, and a
link built on it would send delegates (in a QR card, a WhatsApp text) or door staff (a door
pass) wherever that client likes. It is the event's public address (Pengaturan), else
CHECKIN_PUBLIC_URL, else the address `checkin serve` announced; the rule is
checkin/invitations/links.py public_base. With none of them there is no base: pages show the
warning of templates/_public_url_missing.html (a link to the field in Pengaturan), and the
downloads that would carry links answer PublicUrlMissing (409) with the same link.

The base is the app's root, so a link to a page is the base plus the page's path inside the
app: an app mounted under /checkin with CHECKIN_PUBLIC_URL=https://example.id/checkin gives
https://example.id/checkin/i/<secret>. The CLI has no request: it takes --base-url, else the
same rule (checkin/cli/base.py: base_url_for).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, has_request_context, request, url_for
from flask_babel import gettext as _

from checkin.errors import PublicUrlMissing
from checkin.invitations import public_base
from checkin.models import Event

#: Where each base comes from, for the settings page.
SOURCE_EVENT, SOURCE_DEPLOYMENT, SOURCE_SERVED = "event", "deployment", "served"


def public_base_url(event: Event | None) -> str | None:
    """The event's public root (see the module), or None when no address is known."""
    return public_base(event, current_app.config)


def public_base_source(event: Event | None) -> str | None:
    """Which setting gives the event's base: SOURCE_EVENT, _DEPLOYMENT, _SERVED or None."""
    config = current_app.config
    if event is not None and public_base(event, {}):
        return SOURCE_EVENT
    if public_base(None, {"PUBLIC_URL": config.get("PUBLIC_URL")}):
        return SOURCE_DEPLOYMENT
    if public_base(None, {"SERVED_URL": config.get("SERVED_URL")}):
        return SOURCE_SERVED
    return None


def require_public_base(event: Event) -> str:
    """The event's public root, else PublicUrlMissing (for downloads that carry links)."""
    base = public_base_url(event)
    if base is None:
        raise PublicUrlMissing(
            _(
                "Alamat publik undangan belum diatur, jadi tautan undangan belum dapat dibuat. "
                "Atur alamat yang dibuka ponsel peserta dan petugas di Pengaturan acara."
            ),
            slug=event.slug,
        )
    return base


def join_path(base: str, endpoint: str, **values: Any) -> str:
    """An absolute link to one of the app's pages on the given base."""
    path = url_for(endpoint, **values)
    # url_for's path starts with the mount point, which the base already ends in.
    if has_request_context() and request.script_root:
        if path.startswith(request.script_root + "/"):
            path = path[len(request.script_root) :]
    return base.rstrip("/") + path


def public_url_for(event: Event, endpoint: str, **values: Any) -> str | None:
    """An absolute link to a page on the event's public base (for a QR or a message), or
    None when no address is known."""
    base = public_base_url(event)
    return join_path(base, endpoint, **values) if base is not None else None


def init_app(app: Flask) -> None:
    """`public_base_url(event)` in templates (the warning of templates/_public_url_missing)."""
    app.add_template_global(public_base_url, "public_base_url")
