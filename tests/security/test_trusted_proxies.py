"""Rate limits key on the real client: CHECKIN_TRUSTED_PROXIES and X-Forwarded-For.

With the default 0 the app ignores X-Forwarded-For, so a client that sends a new forged
address with every attempt still meets its limit. Behind one proxy (TRUSTED_PROXIES=1) the
client is the entry the proxy appended, so clients behind the same nginx get a bucket each.
"""

from __future__ import annotations

import pytest
from flask import request

from checkin import create_app
from checkin.invitations import new_secret

PROXY = "127.0.0.1"
ALICE, BOB = "203.0.113.10", "198.51.100.20"


def limited_app(app_config: dict, **overrides):
    return create_app({**app_config, "RATELIMIT_ENABLED": True, **overrides})


def bad_login(client, forwarded_for: str | None = None, peer: str = PROXY) -> int:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    response = client.post(
        "/login",
        data={"username": "panitia", "password": "salah-sekali"},
        headers=headers,
        environ_base={"REMOTE_ADDR": peer},
    )
    return response.status_code


def test_forged_forwarded_for_does_not_escape_the_login_limit_by_default(app_config):
    app = limited_app(app_config)
    assert app.config["TRUSTED_PROXIES"] == 0
    client = app.test_client()
    # Ten bad logins (the default limit), each claiming to come from somewhere else.
    codes = [bad_login(client, f"10.0.0.{n}", peer=ALICE) for n in range(10)]
    assert codes == [200] * 10
    assert bad_login(client, "10.0.0.99", peer=ALICE) == 429
    assert bad_login(client, peer=ALICE) == 429
    # Another peer is not affected.
    assert bad_login(client, peer=BOB) == 200


def test_behind_one_proxy_each_client_gets_its_own_login_bucket(app_config):
    client = limited_app(app_config, TRUSTED_PROXIES=1).test_client()
    assert [bad_login(client, ALICE) for _ in range(10)] == [200] * 10
    assert bad_login(client, ALICE) == 429
    # Same TCP peer (the proxy), another client behind it: not locked out.
    assert bad_login(client, BOB) == 200


def test_behind_one_proxy_a_forged_leading_entry_does_not_escape(app_config):
    client = limited_app(app_config, TRUSTED_PROXIES=1).test_client()
    # nginx appends the address it saw to whatever the client sent: only the last is trusted.
    codes = [bad_login(client, f"10.0.0.{n}, {ALICE}") for n in range(11)]
    assert codes == [200] * 10 + [429]
    assert bad_login(client, f"10.9.9.9, {BOB}") == 200


def test_behind_one_proxy_invitation_guesses_block_only_the_guesser(app_config, event):
    app = limited_app(app_config, TRUSTED_PROXIES=1, INVITE_MISS_LIMIT="3 per minute")
    client = app.test_client()

    def guess(who: str) -> int:
        url = f"/i/{new_secret()}"
        return client.get(url, headers={"X-Forwarded-For": who}).status_code

    assert [guess(ALICE) for _ in range(4)] == [404, 404, 404, 429]
    assert guess(BOB) == 404


@pytest.fixture
def echo_app(app_config):
    def make(**overrides):
        app = create_app({**app_config, **overrides})
        app.add_url_rule(
            "/_echo", "echo", lambda: {"addr": request.remote_addr, "url": request.url_root}
        )
        return app.test_client()

    return make


def test_without_trusted_proxies_forwarded_headers_change_nothing(echo_app):
    headers = {
        "X-Forwarded-For": ALICE,
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "evil.example",
    }
    body = echo_app().get("/_echo", headers=headers, environ_base={"REMOTE_ADDR": BOB}).get_json()
    assert body == {"addr": BOB, "url": "http://localhost/"}


def test_behind_one_proxy_client_address_and_scheme_come_from_the_proxy(echo_app):
    headers = {
        "X-Forwarded-For": f"10.0.0.1, {ALICE}",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "evil.example",
    }
    client = echo_app(TRUSTED_PROXIES=1)
    body = client.get("/_echo", headers=headers, environ_base={"REMOTE_ADDR": PROXY}).get_json()
    # The Host header the proxy passed on is kept: X-Forwarded-Host is never trusted.
    assert body == {"addr": ALICE, "url": "https://localhost/"}


def test_trusted_proxies_read_from_the_environment(app_config, monkeypatch):
    monkeypatch.setenv("CHECKIN_TRUSTED_PROXIES", "2")
    config = {k: v for k, v in app_config.items() if k != "TRUSTED_PROXIES"}
    assert create_app(config).config["TRUSTED_PROXIES"] == 2


@pytest.mark.parametrize("value", ["-1", "yes", "1.5", "11", True])
def test_trusted_proxies_must_be_a_small_whole_number(app_config, value):
    with pytest.raises(ValueError, match="CHECKIN_TRUSTED_PROXIES"):
        create_app({**app_config, "TRUSTED_PROXIES": value})
