"""Every state-changing route refuses a request without the CSRF token (400) and changes
nothing: forms, the JSON API used with a session cookie, and the public POSTs too."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from checkin import create_app
from checkin.db import Base
from tests.web.test_csp import _urls


def _post_rules() -> list:
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite:///unused-by-collection.sqlite"})
    params = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.methods & {"POST", "PUT", "PATCH", "DELETE"}:
            continue
        roles = getattr(app.view_functions[rule.endpoint], "allowed_roles", None)
        # Public routes: a visitor's and an organiser's session alike need the token.
        for role in roles[:1] if roles else ("anonymous", "admin"):
            params.append(pytest.param(rule.rule, rule.endpoint, role, id=f"{rule.rule} {role}"))
    return params


POST_RULES = _post_rules()


def _snapshot(db) -> dict:
    db.expire_all()
    rows = {
        t.name: sorted(map(tuple, db.execute(select(t)).all()), key=repr)
        for t in Base.metadata.sorted_tables
    }
    db.commit()
    return rows


def test_every_state_changing_route_is_listed():
    assert len(POST_RULES) >= 30


@pytest.mark.parametrize(("rule", "endpoint", "role"), POST_RULES)
def test_post_without_csrf_token_is_refused_and_changes_nothing(
    app,
    client,
    csrf_client,
    login,
    db,
    event,
    page_args,
    rule,
    endpoint,
    role,
):
    if role != "anonymous":
        fields = {"region_id": event.regions[1].id} if role == "liaison" else {}
        login(role, **fields)
        # The same signed session cookie, now presented to the CSRF-protected app.
        csrf_client.set_cookie("session", client.get_cookie("session").value)
    before = _snapshot(db)
    for url in _urls(app, rule, endpoint, page_args):
        for body in ({"data": {"name": "x", "reason": "x", "code": "x"}}, {"json": {"code": "x"}}):
            response = csrf_client.post(url, **body)
            assert response.status_code == 400, f"{url} as {role}: {response.status_code}"
    assert _snapshot(db) == before
