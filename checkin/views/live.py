"""Blueprint `live`."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("live", __name__)
