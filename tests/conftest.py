"""Fixtures: a real database per test (SQLite file; PostgreSQL when configured) and factories."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import g, has_app_context
from flask.testing import FlaskCliRunner
from sqlalchemy import create_engine, text

from checkin import create_app
from checkin.accounts import create_share_link, create_user, pass_expires_at, passwords
from checkin.db import Base, database
from checkin.db import _close_session as close_request_session
from checkin.events import create_event
from checkin.events.identity import match_key_for, search_text_for
from checkin.events.phones import phone_digits
from checkin.migrate import upgrade
from checkin.models import Delegate, Event, ShareLink

DATA = Path(__file__).parent / "data"
POSTGRES_URL = os.environ.get("CHECKIN_TEST_POSTGRES_URL")
#: In CI every backend and the browser must be there: a missing one fails instead of skipping.
REQUIRE_ALL = os.environ.get("CHECKIN_TEST_REQUIRE_ALL") == "1"
PASSWORD = "rahasia-123"

# Cheap hashing in tests only: scrypt's cost would dominate a suite that signs in thousands
# of times. Production keeps scrypt (checkin/passwords.py).
passwords.METHOD = "pbkdf2:sha256:1000"


def need(condition: bool, reason: str) -> None:
    """Skip locally when something optional is missing; fail in CI."""
    if condition:
        return
    if REQUIRE_ALL:
        pytest.fail(f"required for CI: {reason}")
    pytest.skip(reason)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Domain tests (tests/unit) run on both databases; the rest on SQLite. A test about one
    # database's own machinery says so with `only_backend("sqlite")` / `("postgres")`.
    if "backend" in metafunc.fixturenames:
        only = metafunc.definition.get_closest_marker("only_backend")
        if only is not None:
            backends = list(only.args)
        elif "/tests/unit/" in str(
            metafunc.definition.path
        ) or metafunc.definition.get_closest_marker("both_db"):
            backends = ["sqlite", "postgres"]
        else:
            backends = ["sqlite"]
        metafunc.parametrize("backend", backends)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file built once from the migrations, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_schema() -> str | None:
    """Build the PostgreSQL schema from the migrations once per run."""
    if not POSTGRES_URL:
        return None
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    upgrade(POSTGRES_URL)
    return POSTGRES_URL


def _truncate_postgres(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def backend() -> str:
    return "sqlite"


@pytest.fixture
def db_url(backend: str, tmp_path: Path, sqlite_template: Path, request) -> str:
    """The database URL for this test: a fresh SQLite copy or an emptied PostgreSQL."""
    if backend == "postgres":
        need(bool(POSTGRES_URL), "CHECKIN_TEST_POSTGRES_URL is not set")
        url = request.getfixturevalue("postgres_schema")
        _truncate_postgres(url)
        return url
    path = tmp_path / "checkin.sqlite"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app_config(db_url: str, tmp_path: Path) -> dict:
    return {
        "TESTING": True,
        "DATABASE_URL": db_url,
        "SECRET_KEY": "test-secret-key",
        "WTF_CSRF_ENABLED": False,
        "PUBLIC_URL": "https://checkin.example.id",
        "RATELIMIT_ENABLED": False,
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
    }


@pytest.fixture
def app(app_config: dict) -> Iterator:
    app = create_app(app_config)

    # The `db` fixture keeps a context of this app open, so test-client requests reuse its
    # `g`; end each request as a server would, forgetting what it kept there (its database
    # session, Flask-Login's user), so no state leaks from one request or client to the next.
    # Setup code that runs in the test's app context (a factory whose domain function calls
    # gettext) makes Flask-Babel cache the locale there; a server request never sees that.
    @app.before_request
    def _choose_locale_afresh() -> None:
        g.pop("_flask_babel", None)

    @app.teardown_request
    def _forget_request_globals(exc: BaseException | None) -> None:
        close_request_session(exc)
        for name in list(vars(g)):
            delattr(g, name)

    yield app
    database(app).engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


class _CliRunner(FlaskCliRunner):
    """The app's CLI runner, choosing the interface language afresh for each command (a
    command runs in the test's open context, where earlier code may have cached one)."""

    def invoke(self, *args, **kwargs):
        if has_app_context():
            g.pop("_flask_babel", None)
        return super().invoke(*args, **kwargs)


@pytest.fixture
def runner(app):
    return _CliRunner(app)


@pytest.fixture
def db(app) -> Iterator:
    """A session inside a request context; tests commit what they set up.

    It is a reader session (DEFERRED on SQLite): a test that merely reads between two
    test-client requests must not hold SQLite's write lock against the app it is testing.
    """
    with app.test_request_context():
        session = database(app).reader()
        yield session
        session.close()


@pytest.fixture
def event(db):
    """The Rakor event with two doors, committed."""
    ev = create_event(
        db,
        "rakor-ormas-2024",
        name="Rapat Koordinasi Ormas se-Kalimantan Timur 2024",
        venue="Hotel Mercure Samarinda",
        starts_at=datetime(2024, 10, 15, 0, 0, tzinfo=UTC),
        doors=["Pintu Utama", "Pintu Samping"],
    )
    db.commit()
    return ev


def open_share_link(db, event: Event, *, label: str = "Proyektor") -> tuple[ShareLink, str]:
    """A view-only share link of the event and its token, committed. Links end with their
    event, so an event that has ended (the test event is of 2024) now ends tomorrow."""
    now = datetime.now(UTC)
    if pass_expires_at(event) <= now:
        event.ends_at = now + timedelta(days=1)
    link, token = create_share_link(db, event, label=label, by=None)
    db.commit()
    return link, token


_counter = iter(range(1, 10_000_000))


@pytest.fixture
def make_delegate(db, event):
    """Factory: a delegate of the test event with sensible defaults, committed."""
    from checkin.invitations import new_secret

    def make(**fields) -> Delegate:
        n = next(_counter)
        region = fields.pop("region", None) or event.regions[1]
        secret = fields.pop("secret", None) or new_secret()
        values = {
            "name": f"Peserta {n}",
            "ormas": f"Ormas {n}",
            "position": "Ketua",
            "level": region.level,
            "phone": None,
            **fields,
        }
        # The keys the importer and the edit form store, so searches and re-imports in
        # tests meet the same delegates as in production.
        delegate = Delegate(
            event_id=event.id,
            region_id=region.id,
            secret=secret,
            match_key=match_key_for(values["name"], values["ormas"], region.name),
            search_text=search_text_for(
                name=values["name"],
                ormas=values["ormas"],
                position=values["position"],
                region_name=region.name,
            ),
            phone_digits=phone_digits(values["phone"]),
            **values,
        )
        db.add(delegate)
        db.commit()
        return delegate

    return make


@pytest.fixture
def make_user(db):
    """Factory: an account with a role and the test password, committed."""

    def make(username: str, role: str, **fields):
        user = create_user(db, username, role=role, password=PASSWORD)
        for key, value in fields.items():
            setattr(user, key, value)
        db.commit()
        return user

    return make


#: A form's CSRF field (`name="csrf_token" … value="…"`, whatever attributes lie between) or
#: the page's `<meta name="csrf-token" content="…">` that the scripts read.
CSRF_TOKEN = re.compile(
    r'name="csrf_token"[^>]*?value="([^"]*)"|name="csrf-token" content="([^"]*)"'
)


def csrf_token(page: str) -> str:
    """The CSRF token in an HTML page (the first form field or meta tag that carries one)."""
    match = CSRF_TOKEN.search(page)
    assert match, "no CSRF token in the page"
    return match[1] if match[1] is not None else match[2]


def sign_in(client, username: str, password: str = PASSWORD):
    """Sign in through the login form with its CSRF token, as a browser does; the response."""
    token = csrf_token(client.get("/login").get_data(as_text=True))
    return client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )


@pytest.fixture
def csrf_app(app_config: dict, app) -> Iterator:
    """The test database behind an app that enforces CSRF, as in production."""
    strict = create_app({**app_config, "WTF_CSRF_ENABLED": True})
    yield strict
    database(strict).engine.dispose()


@pytest.fixture
def csrf_client(csrf_app):
    """A test client of the CSRF-enforcing app."""
    return csrf_app.test_client()


@pytest.fixture
def login(client, make_user):
    """Sign the test client in with a new account of the given role."""

    def do(role: str, username: str | None = None, **fields):
        user = make_user(username or f"{role}-user", role, **fields)
        response = client.post("/login", data={"username": user.username, "password": PASSWORD})
        assert response.status_code == 302, response.data
        return user

    return do
