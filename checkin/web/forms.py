"""Reading what a page posts: form fields or the JSON its script sends, and numbers in them."""

from __future__ import annotations

from flask import request


def posted_fields() -> dict:
    """The posted fields, from a form or from the JSON body the page's script sends."""
    return request.get_json(silent=True) or request.form.to_dict() or {}


def as_int(value: object) -> int | None:
    """The value as an int, None when it is not one."""
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
