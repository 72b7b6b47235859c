"""Integration tests start real `checkin serve` processes; they are marked slow."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "both_db: run on SQLite and on PostgreSQL (CHECKIN_TEST_POSTGRES_URL)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/tests/integration/" in str(item.path):
            item.add_marker(pytest.mark.slow)
