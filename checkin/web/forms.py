"""Reading what a page posts: form fields or the JSON its script sends, and numbers in them.

Read the numbers a client sends (form fields, query arguments; <int:…> in URLs goes through
IdConverter) with these, bounded to what the database's INTEGER columns hold (db.as_int):
10**23 is no id, and a database given one fails instead of finding nothing.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, abort, flash, redirect, render_template, request, url_for
from flask.json.provider import DefaultJSONProvider
from flask_wtf import FlaskForm
from werkzeug.routing import IntegerConverter, Map, UnicodeConverter, ValidationError

from checkin.db import MAX_INTEGER, as_int, get_session
from checkin.errors import CheckinError

#: A page number beyond this is no page of any list (a million pages of 200 rows).
MAX_PAGE = 1_000_000


#: No slug, secret or other text in our URLs holds these (PostgreSQL refuses NUL in text).
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def posted_fields() -> dict:
    """The posted fields, from a form or from the JSON body the page's script sends."""
    return request.get_json(silent=True) or request.form.to_dict() or {}


def id_arg(text: str) -> int:
    """For request.args.get(name, type=id_arg): an id, else ValueError (get gives its default)."""
    number = as_int(text)
    if number is None:
        raise ValueError("not an id")
    return number


def page_arg(text: str) -> int:
    """For request.args.get("page", 1, type=page_arg): 1 to MAX_PAGE, else ValueError."""
    number = as_int(text)
    if number is None or not 1 <= number <= MAX_PAGE:
        raise ValueError("not a page number")
    return number


class IdConverter(IntegerConverter):
    """<int:…> in URLs, up to the largest id the database holds: a larger number is a 404."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None, **kw: Any):
        kw.setdefault("max", MAX_INTEGER)
        super().__init__(map, fixed_digits, min, **kw)


class TextConverter(UnicodeConverter):
    """<slug>, <secret> and other text in URLs: with a control character it is a 404."""

    def to_python(self, value: str) -> str:
        if _CONTROL.search(value):
            raise ValidationError()
        return value


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, reading JSON nested too deep to parse as invalid JSON (not a crash)."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deep") from None


def _pages_take_json_objects() -> None:
    # A page's script posts a JSON object; Flask-WTF reads any JSON body as the form's
    # fields and fails on a list or a number. The API reads its own bodies (json_body).
    if request.blueprint != "api" and request.is_json and request.method not in ("GET", "HEAD"):
        if not isinstance(request.get_json(silent=True), dict):
            abort(400)


def init_app(app: Flask) -> None:
    """Bound URL arguments and read JSON safely; before any route is added."""
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["default"] = app.url_map.converters["string"] = TextConverter
    app.json = JSONProvider(app)
    app.before_request(_pages_take_json_objects)


def fail_form(form: FlaskForm, exc: CheckinError) -> None:
    """Undo the attempt and show the domain's sentence above the form."""
    get_session().rollback()
    form.form_errors.append(exc.message)


def commit_and_redirect(message: str, endpoint: str, **values: Any):
    """Commit the request's work, flash its success and redirect (POST-redirect-GET)."""
    get_session().commit()
    flash(message, "success")
    return redirect(url_for(endpoint, **values))


def render_form(template: str, form: FlaskForm, **context: object):
    """Render a form page; a submitted form with errors answers 422."""
    status = 422 if form.is_submitted() and (form.errors or form.form_errors) else 200
    return render_template(template, form=form, **context), status
