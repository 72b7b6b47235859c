"""The time zone of a new event: one default, CHECKIN_DEFAULT_TIMEZONE, for every way in."""

from __future__ import annotations

import re

import pytest

from checkin import config, create_app
from checkin.models import Event

ZONE = "Asia/Jakarta"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "DEFAULT_TIMEZONE": ZONE}


def test_default_zone_is_one_constant():
    assert config.DEFAULTS["DEFAULT_TIMEZONE"] == config.DEFAULT_TIMEZONE == "Asia/Makassar"
    assert config.DEFAULTS["BABEL_DEFAULT_TIMEZONE"] == config.DEFAULT_TIMEZONE
    assert Event.__table__.c.timezone.default.arg == config.DEFAULT_TIMEZONE


def test_default_zone_from_the_environment(app_config, monkeypatch):
    monkeypatch.setenv("CHECKIN_DEFAULT_TIMEZONE", "Asia/Jayapura")
    config_without_override = {k: v for k, v in app_config.items() if k != "DEFAULT_TIMEZONE"}
    assert create_app(config_without_override).config["DEFAULT_TIMEZONE"] == "Asia/Jayapura"


def test_new_event_form_starts_in_the_configured_zone(client, login):
    login("admin")
    html = client.get("/admin/events/new").get_data(as_text=True)
    field = re.search(r'<input[^>]*name="timezone"[^>]*>', html)
    assert field and f'value="{ZONE}"' in field[0]
