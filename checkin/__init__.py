"""checkin: QR invitations, door scanning and live attendance. create_app() builds the app."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale
from werkzeug.middleware.proxy_fix import ProxyFix

from checkin import config, db, paths
from checkin.extensions import babel, csrf, limiter
from checkin.web import access, filters, forms, navigation, urls
from checkin.web import errors as web_errors

log = logging.getLogger(__name__)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build and configure the Flask app; never touches the schema or the network."""
    app = Flask(
        __name__,
        template_folder=str(paths.resource("templates")),
        static_folder=str(paths.resource("static")),
    )
    app.config.from_mapping(config.DEFAULTS)
    app.config.from_prefixed_env("CHECKIN")
    if test_config:
        app.config.from_mapping(test_config)
    app.instance_path = paths.instance_folder(app.config["INSTANCE_PATH"])
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = config.instance_secret_key(app.instance_path)
    if not app.config["DATABASE_URL"]:
        app.config["DATABASE_URL"] = config.default_database_url(app.instance_path)
    if not app.config["UPLOAD_FOLDER"]:
        app.config["UPLOAD_FOLDER"] = config.default_upload_folder(app.instance_path)

    _trust_proxies(app)
    forms.init_app(app)
    db.init_app(app)
    access.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    limiter.init_app(app)
    filters.init_app(app)
    navigation.init_app(app)
    urls.init_app(app)
    web_errors.init_app(app)
    _register_blueprints(app)
    _register_commands(app)
    app.after_request(_security_headers)
    return app


def start_housekeeping(app: Flask) -> None:
    """What a server process runs beside its requests: the timer that deletes uploads
    nobody imported (checkin/importing/pending.py). Called by `checkin serve`'s worker and
    wsgi.py, once per process; never by create_app, so tests and commands run none."""
    from checkin.importing import start_purger

    start_purger(app.config["UPLOAD_FOLDER"], max_age=float(app.config["IMPORT_PENDING_MAX_AGE"]))


def _trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES proxies, take the client's address and scheme from the headers
    those proxies set (the rightmost entries), so rate limits key on the real client.

    Only X-Forwarded-For and -Proto: the proxies pass the Host header on as they got it, and
    X-Forwarded-Host would let a client choose the host of the links the app builds.
    """
    count = config.trusted_proxies(app.config["TRUSTED_PROXIES"])
    app.config["TRUSTED_PROXIES"] = count
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]


def _register_blueprints(app: Flask) -> None:
    from checkin.views import (
        account,
        admin,
        api,
        door,
        imports,
        invitations,
        invite,
        liaison,
        live,
        message_templates,
        offline,
        reports,
        scanlog,
        sending,
        users,
    )
    from checkin.views import auth as auth_views

    for module in (
        auth_views,
        account,
        admin,
        users,
        imports,
        invitations,
        message_templates,
        sending,
        reports,
        scanlog,
        api,
        door,
        invite,
        live,
        liaison,
        offline,
    ):
        app.register_blueprint(module.bp)


def _register_commands(app: Flask) -> None:
    from checkin.cli import main

    for command in main.commands.values():
        app.cli.add_command(command)


def _select_locale() -> str:
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default
    choice = request.args.get("lang") or session.get("lang")
    return str(choice) if choice in current_app.config["LANGUAGES"] else str(default)


CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
    "worker-src 'self' blob:; manifest-src 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'; object-src 'none'"
)


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    # Invitation URLs are secrets: never leak them to other sites in Referer.
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(self), microphone=()")
    response.headers.setdefault("Content-Language", str(get_locale() or "id"))
    return response
