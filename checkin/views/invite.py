"""Blueprint `invite`."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("invite", __name__)
