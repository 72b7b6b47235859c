"""Public addresses: the base delegates and door phones open, and absolute links built on it.

The base is CHECKIN_PUBLIC_URL when set, else the root of the app as this request reached it
(a laptop at the venue, `checkin serve --https`). It is the app's root, so a link to a page is
the base plus the page's path inside the app: an app mounted under /checkin with
CHECKIN_PUBLIC_URL=https://example.id/checkin gives https://example.id/checkin/i/<secret>.
The CLI has no request: it takes --base-url or CHECKIN_PUBLIC_URL (checkin/cli.py).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request, url_for


def public_url_is_set() -> bool:
    """True when CHECKIN_PUBLIC_URL says where delegates reach the app."""
    return bool((current_app.config.get("PUBLIC_URL") or "").strip())


def public_base_url() -> str:
    """The app's public root: CHECKIN_PUBLIC_URL, else this request's own root."""
    return (current_app.config.get("PUBLIC_URL") or "").strip() or request.url_root


def public_url_for(endpoint: str, **values: Any) -> str:
    """An absolute link to one of the app's pages on the public base (for a QR or a message)."""
    path = url_for(endpoint, **values)
    # url_for's path starts with the mount point, which the base already ends in.
    if request.script_root and path.startswith(request.script_root + "/"):
        path = path[len(request.script_root) :]
    return public_base_url().rstrip("/") + path
