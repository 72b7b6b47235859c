"""Blueprint `door`."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("door", __name__)
