"""Blueprint `imports`."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("imports", __name__)
