"""Every page, for every role that may open it, carries a strict Content-Security-Policy and
HTML that needs no inline script or style: no <script> without src, no on*= handlers, no
style= attributes or <style> blocks, no javascript: URLs. Offenders are reported by URL.
"""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from checkin import create_app
from checkin.accounts import create_share_link, issue_pass
from checkin.db import utcnow
from checkin.models import Scan
from checkin.scanning import check_in

#: Data blocks are not executed, so they may be inline.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
#: Values for URL arguments that are not ids of fixtures.
FIXED_ARGS = {
    "kind": ["png", "svg"],
    "fmt": ["xlsx", "csv", "pdf"],
    "code": ["en"],
    "size": [192, 512],
}
#: Endless responses: their headers are checked in test_csp_on_event_stream.
STREAMS = {"api.stats_stream"}
#: Pages a screen opens with ?share=<token> instead of an account.
SHARED_SCREENS = {"live.live", "live.welcome", "api.stats"}


def _pages_by_role() -> dict[str, list[tuple[str, str]]]:
    """(rule, endpoint) of every GET page, by each role that may open it."""
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite:///unused-by-collection.sqlite"})
    pages: dict[str, list[tuple[str, str]]] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint == "static" or rule.endpoint in STREAMS:
            continue
        roles = getattr(app.view_functions[rule.endpoint], "allowed_roles", None)
        # Open routes: as a visitor and as signed-in roles (the live screens differ by role).
        for role in roles or ("anonymous", "admin", "viewer"):
            pages.setdefault(role, []).append((rule.rule, rule.endpoint))
    return pages


PAGES = _pages_by_role()


class PageCheck(HTMLParser):
    """Collects everything in a page that a strict CSP would block or that needs inline code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.offences: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and not values.get("src"):
            if (values.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
                self.offences.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.offences.append(f"<style> block at line {self.getpos()[0]}")
        for name, value in attrs:
            if name.startswith("on"):
                self.offences.append(f"<{tag} {name}=…> event handler")
            elif name == "style":
                self.offences.append(f"<{tag} style=…> attribute")
            elif value and "".join(value.split()).lower().startswith("javascript:"):
                self.offences.append(f"<{tag} {name}=javascript:…>")

    handle_startendtag = handle_starttag


def offences_in(html: str) -> list[str]:
    """What in this HTML a strict CSP would refuse."""
    check = PageCheck()
    check.feed(html)
    check.close()
    return check.offences


@pytest.fixture
def page_args(db, event, make_delegate, make_user):
    """A value for every URL argument, from fixtures."""
    event.starts_at = utcnow() + timedelta(days=1)
    delegate = make_delegate(name="Hj. Nurul Aini")
    door = event.doors[0]
    issued = issue_pass(db, door)
    token_user = make_user("skrip", "door")
    from checkin.accounts import create_token

    create_token(db, token_user.username)
    link, share = create_share_link(db, event, label="Proyektor", by=None)
    check_in(db, event, "bukan-kode", gate="Pintu Utama", by=None)
    db.flush()
    scan_id = db.scalar(select(func.max(Scan.id)))
    args = {
        "slug": [event.slug],
        "delegate_id": [delegate.id],
        "secret": {"invite": [delegate.secret], "door": [issued.secret]},
        "door_id": [door.id],
        "region_id": [event.regions[1].id],
        "user_id": [token_user.id],
        "token_id": [token_user.tokens[0].id],
        "link_id": [link.id],
        "scan_id": [scan_id],
        #: Screens without an account open the live pages with a share link.
        "share": share,
        **FIXED_ARGS,
    }
    # Last: any read after a commit would open a write transaction (SQLite's lock).
    db.commit()
    return args


def _urls(app, rule_text: str, endpoint: str, args: dict) -> list[str]:
    rule = next(r for r in app.url_map.iter_rules() if r.rule == rule_text)
    combos: list[dict] = [{}]
    for name in rule.arguments:
        # A new route's argument not listed yet: any id (the page may then answer 404).
        choices = args.get(name, [1])
        if isinstance(choices, dict):
            choices = choices[endpoint.split(".")[0]]
        combos = [{**c, name: v} for c in combos for v in choices]
    with app.test_request_context():
        from flask import url_for

        urls = [url_for(endpoint, **combo) for combo in combos]
        if endpoint in SHARED_SCREENS:
            urls += [url_for(endpoint, **combo, share=args["share"]) for combo in combos]
        return urls


@pytest.mark.parametrize("role", sorted(PAGES))
def test_pages_have_strict_csp_and_no_inline_code(app, client, login, page_args, event, role):
    if role != "anonymous":
        fields = {"region_id": event.regions[1].id} if role == "liaison" else {}
        login(role, **fields)
    offenders: dict[str, list[str]] = {}
    for rule, endpoint in PAGES[role]:
        for url in _urls(app, rule, endpoint, page_args):
            response = client.get(url)
            try:
                offenders[url] = _problems(response)
            finally:
                response.close()
    offenders = {url: found for url, found in offenders.items() if found}
    assert not offenders, f"as {role}: " + "\n".join(f"{u}: {p}" for u, p in offenders.items())
    assert len(PAGES[role]) >= 1


def _problems(response) -> list[str]:
    if response.status_code >= 500:
        return [f"status {response.status_code}"]
    policy = response.headers.get("Content-Security-Policy", "")
    tokens = policy.replace(";", " ").split()
    found = []
    if not policy:
        found.append("no Content-Security-Policy")
    found += [f"CSP allows {t}" for t in ("'unsafe-inline'", "'unsafe-eval'") if t in tokens]
    if response.mimetype == "text/html":
        found += offences_in(response.get_data(as_text=True))
    return found


def test_csp_on_event_stream(client, login, event):
    login("viewer")
    response = client.get(f"/api/events/{event.slug}/stats/stream", buffered=False)
    try:
        assert _problems(response) == []
    finally:
        response.close()


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<button onclick="go()">x</button>',
        '<p style="color:red">x</p>',
        '<a href=" JavaScript:alert(1)">x</a>',
        "<style>p{}</style>",
    ],
)
def test_page_check_catches_inline_code(html):
    assert offences_in(f"<!doctype html><html><body>{html}</body></html>")


def test_page_check_allows_module_scripts_and_data_blocks():
    html = (
        '<script type="module" src="/static/js/scan.js"></script>'
        '<script type="application/json" id="d">{"a": 1}</script>'
        '<a href="/e/x/live" data-on="1" class="button">x</a>'
    )
    assert offences_in(html) == []
