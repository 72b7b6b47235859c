"""Configuration defaults and loading from the environment."""

from __future__ import annotations

import secrets
from pathlib import Path

#: The zone of a new event's times, unless the organiser picks another (WITA, Kalimantan).
DEFAULT_TIMEZONE = "Asia/Makassar"

#: Every setting and its default, the one table: each key can be overridden by an environment
#: variable CHECKIN_<KEY>, and code reads app.config[KEY] without a fallback of its own. The
#: README's "Configuration" table lists the same keys and defaults (tests/unit/test_readme.py).
DEFAULTS: dict[str, object] = {
    #: None: `instance/` in a checkout, `<prefix>/var/checkin-instance` when installed.
    "INSTANCE_PATH": None,
    "DATABASE_URL": None,  # None: a SQLite file in the instance folder
    "SECRET_KEY": None,  # None: generated once and kept in the instance folder
    #: Base of invitation URLs, door passes and share links unless an event sets its own
    #: (Pengaturan). Never the request's Host header: a client chooses that.
    "PUBLIC_URL": "",
    #: The address `checkin serve` announces (set by it, from its --host/--port/--https):
    #: links use it when neither the event nor PUBLIC_URL gives one. Empty: no links.
    "SERVED_URL": "",
    "DEFAULT_TIMEZONE": DEFAULT_TIMEZONE,  # a new event's zone (forms, checkin create-event)
    "MAX_CONTENT_LENGTH": 10 * 1024 * 1024,  # uploads (spreadsheets) up to 10 MiB
    #: Uploaded spreadsheets wait here between preview and confirmation (None: instance/imports).
    "UPLOAD_FOLDER": None,
    #: Seconds an upload waits for its import (it holds phone numbers): older ones are
    #: deleted by the import pages and by a timer of the server process (importing/pending.py).
    "IMPORT_PENDING_MAX_AGE": 60 * 60,
    "API_MAX_BODY": 256 * 1024,  # JSON bodies, including a batch of 500 scans
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,  # set True behind HTTPS (checkin serve --https does)
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24,
    "WTF_CSRF_TIME_LIMIT": None,  # door phones stay on one page for hours
    "BABEL_DEFAULT_LOCALE": "id",
    "BABEL_DEFAULT_TIMEZONE": DEFAULT_TIMEZONE,
    "LANGUAGES": ["id", "en"],
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    "LOGIN_RATE_LIMIT": "10 per minute",
    #: Own-password changes (each checks the current password) per account.
    "PASSWORD_CHANGE_RATE_LIMIT": "5 per minute",
    #: Delegate searches (the door's lookup and the organisers' list) per account.
    "SEARCH_RATE_LIMIT": "60 per minute",
    #: How many reverse proxies in front of the app set X-Forwarded-For / -Proto (nginx or
    #: Caddy on the same host: 1). 0: the headers are ignored, so a client cannot forge its
    #: address to escape a rate limit; behind a proxy every client then shares its address.
    "TRUSTED_PROXIES": 0,
    "SMTP_HOST": "",
    "SMTP_PORT": 587,
    "SMTP_USER": "",
    "SMTP_PASSWORD": "",
    "SMTP_FROM": "",
    "SMTP_STARTTLS": True,
    #: Flask-WTF's switch, read by the JSON API's session check too; only tests turn it off.
    "WTF_CSRF_ENABLED": True,
    #: Guessing invitation secrets: every unknown one counts against the visitor's address.
    "INVITE_MISS_LIMIT": "60 per minute",
    #: Every other invitation request, generous: a whole hall may share one public address.
    "INVITE_PAGE_LIMIT": "600 per minute",
    "DOOR_PASS_RATE_LIMIT": "5 per minute",  # PIN attempts per address on a door pass
    #: How often the live feed reads the change signal (seconds): a few index reads.
    "LIVE_POLL_INTERVAL": 0.1,
    #: At most one computation (and one message to every screen) per this many seconds.
    "LIVE_MIN_INTERVAL": 0.4,
    "LIVE_IDLE_TIMEOUT": 60.0,  # stop an event's watcher after this long without a screen
    "LIVE_HEARTBEAT": 15.0,  # a heartbeat when nothing else was sent for this long
    #: Close a stream after about this long (the browser reconnects, the thread is freed).
    "LIVE_STREAM_LIFETIME": 300.0,
    "LIVE_RETRY_MS": 2000,  # the reconnection delay the browser is told
    #: Each open stream holds a server thread, so streams are limited (checkin/live/slots.py):
    #: in all per process, and per share link, per account and per client address.
    "LIVE_MAX_STREAMS": 200,
    #: Under `checkin serve`, streams never take the last this many threads (doors, pages),
    #: or the last half of them when there are fewer than twice as many.
    "LIVE_RESERVED_THREADS": 56,
    "LIVE_MAX_STREAMS_PER_LINK": 20,
    "LIVE_MAX_STREAMS_PER_ACCOUNT": 20,
    "LIVE_MAX_STREAMS_PER_ADDRESS": 40,
    #: An open stream re-checks its share link, account or token this often (seconds).
    "LIVE_RECHECK_INTERVAL": 3.0,
    #: How often a screen whose stream was refused polls /stats instead (ms, with jitter).
    "LIVE_BUSY_POLL_MS": 15000,
    #: /stats and stream opens per share link or account, and per address (floods only).
    "LIVE_STATS_RATE_LIMIT": "120 per minute",
    "LIVE_STATS_ADDRESS_LIMIT": "240 per minute",
    #: The threads of each server process: `checkin serve` sets its --threads (None: unknown).
    "SERVER_THREADS": None,
    #: Door scanner timings in milliseconds; the page gets them in data- attributes.
    "DOOR_VERDICT_MS": 2500,  # how long a verdict stays on screen
    "DOOR_REPEAT_MS": 3000,  # the same code in view again within this is not sent again
    "DOOR_ONLINE_TIMEOUT_MS": 1500,  # a check-in slower than this switches to offline mode
    "DOOR_WEDGE_IDLE_MS": 300,  # a pause this long ends a keyboard-wedge scan without Enter
    "DOOR_SCAN_INTERVAL_MS": 0,  # least time between two frames decoded (0: every new frame)
    "DOOR_SEARCH_DELAY_MS": 250,  # pause in typing before a name search is sent
}


def trusted_proxies(value: object) -> int:
    """The TRUSTED_PROXIES setting as a number of proxies (0 to 10), else ValueError."""
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or int(text) > 10:
        raise ValueError(f"CHECKIN_TRUSTED_PROXIES must be a whole number 0-10, not {value!r}")
    return int(text)


def instance_secret_key(instance_path: str) -> str:
    """Return the secret key kept in the instance folder, creating it once."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def default_database_url(instance_path: str) -> str:
    """Return the URL of the default SQLite file in the instance folder."""
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(instance_path) / 'checkin.sqlite'}"


def default_upload_folder(instance_path: str) -> str:
    """Return the folder in the instance folder where uploads wait for confirmation."""
    return str(Path(instance_path) / "imports")
