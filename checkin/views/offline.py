"""Offline door scanning: the service worker, the installable scanner (manifest, icons) and
the organisers' list of offline conflicts."""

from __future__ import annotations

import functools
import io

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from PIL import Image, ImageDraw

from checkin.db import get_session
from checkin.formatting import tz_label
from checkin.models import ROLE_ADMIN, ROLE_DOOR, Event, User
from checkin.scanning import list_conflicts, review_conflict
from checkin.web.access import event_view

bp = Blueprint("offline", __name__)

BRAND = "#0b5fa5"
ICON_SIZES = (180, 192, 512)


@bp.get("/sw.js")
def service_worker():
    """The service worker, from the site's root so its scope covers /e/…/scan and /i/…."""
    response = send_from_directory(current_app.static_folder, "js/sw.js", max_age=0)
    response.headers["Content-Type"] = "text/javascript; charset=utf-8"
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/e/<slug>/manifest.webmanifest")
@event_view(ROLE_ADMIN, ROLE_DOOR)
def manifest(event: Event):
    """The web app manifest of an event's scanner (installed, it opens the scanner)."""
    icons = [
        {
            "src": url_for("static", filename="img/icon.svg"),
            "sizes": "any",
            "type": "image/svg+xml",
        },
        *(
            {
                "src": url_for("offline.icon", size=size),
                "sizes": f"{size}x{size}",
                "type": "image/png",
            }
            for size in ICON_SIZES
        ),
    ]
    body = {
        "name": _("Pindai · %(event)s", event=event.name),
        "short_name": _("Pindai"),
        "start_url": url_for("door.scan", slug=event.slug),
        "scope": request.script_root + "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": BRAND,
        "lang": "id",
        "icons": icons,
    }
    response = current_app.json.response(body)
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/icon-<int:size>.png")
def icon(size: int):
    """The app icon as PNG (Android and iOS want PNGs), drawn once per size."""
    if size not in ICON_SIZES:
        return Response(status=404)
    response = Response(_icon_png(size), mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@functools.cache
def _icon_png(size: int) -> bytes:
    scale = size / 512
    image = Image.new("RGB", (size, size), "#ffffff")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=int(96 * scale), fill=BRAND)
    width = max(2, int(44 * scale))
    draw.line(
        [(168 * scale, 262 * scale), (228 * scale, 322 * scale), (348 * scale, 190 * scale)],
        fill="#ffffff",
        width=width,
        joint="curve",
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


# --- conflicts ----------------------------------------------------------------------------


@bp.get("/e/<slug>/admin/conflicts")
@event_view(ROLE_ADMIN)
def conflicts(event: Event):
    """Delegates admitted offline at a second door, to review."""
    db = get_session()
    return render_template(
        "offline/conflicts.html",
        event=event,
        tz_label=tz_label(event.timezone),
        open_items=list_conflicts(db, event),
        reviewed_items=list_conflicts(db, event, reviewed=True),
    )


@bp.post("/e/<slug>/admin/conflicts/<int:scan_id>/review")
@event_view(ROLE_ADMIN)
def review(event: Event, scan_id: int):
    """Mark a conflict as reviewed."""
    db = get_session()
    scan = review_conflict(db, event, scan_id, by=db.get(User, current_user.id))
    db.commit()
    name = scan.delegate.name if scan.delegate else scan.code
    flash(_("Konflik %(name)s ditandai sudah diperiksa.", name=name), "success")
    return redirect(url_for("offline.conflicts", slug=event.slug))
