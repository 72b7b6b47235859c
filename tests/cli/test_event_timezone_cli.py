"""checkin create-event without --timezone: the configured default (CHECKIN_DEFAULT_TIMEZONE)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from checkin.models import Event


@pytest.fixture
def app_config(app_config):
    return {**app_config, "DEFAULT_TIMEZONE": "Asia/Jakarta"}


def test_create_event_without_timezone_uses_the_configured_zone(runner, db):
    result = runner.invoke(args=["create-event", "rakor-jkt", "--name", "Rakor Jakarta"])
    assert result.exit_code == 0, result.output
    assert db.scalar(select(Event.timezone).where(Event.slug == "rakor-jkt")) == "Asia/Jakarta"


def test_create_event_help_names_the_default(runner):
    help_text = runner.invoke(args=["create-event", "--help"]).output
    assert "CHECKIN_DEFAULT_TIMEZONE" in help_text
