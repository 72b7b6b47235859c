"""File downloads: one place that sets the headers every export and PDF needs."""

from __future__ import annotations

import re

from flask import Response


def file_response(
    body: bytes | str, mimetype: str, filename: str, *, attachment: bool = True
) -> Response:
    """A download (or inline view) that no shared cache keeps: exports hold personal data."""
    response = Response(body, mimetype=mimetype)
    disposition = "attachment" if attachment else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def safe_filename(text: str) -> str:
    """A name for a downloaded file: lower-case letters, digits and dashes."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "undangan"
