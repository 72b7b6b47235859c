"""Browser fixtures: the system Chromium driven by Playwright, never a downloaded browser."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import need
from tests.servers import threaded_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def playwright_instance():
    need(os.path.exists(CHROMIUM), f"{CHROMIUM} is not installed (scripts/setup-system)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture
def launch_browser(playwright_instance):
    """Launch Chromium with extra flags (e.g. a fake camera); closed after the test."""
    browsers = []

    def launch(*extra_args: str):
        browser = playwright_instance.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_FLAGS, *extra_args]
        )
        browsers.append(browser)
        return browser

    yield launch
    for browser in browsers:
        browser.close()


@pytest.fixture
def browser(launch_browser):
    return launch_browser()


@pytest.fixture
def live_url(app) -> Iterator[str]:
    """The test app served on 127.0.0.1 from a thread."""
    with threaded_server(app) as url:
        yield url


@pytest.fixture
def running_event(db, event):
    """The event, happening now (door passes work)."""
    event.starts_at = datetime.now(UTC) - timedelta(hours=1)
    event.ends_at = datetime.now(UTC) + timedelta(hours=6)
    db.commit()
    return event


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)
