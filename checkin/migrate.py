"""Schema upgrades through Alembic, used by `checkin init-db` and the tests."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from checkin.paths import resource

MIGRATIONS = resource("migrations")


def alembic_config(url: str) -> Config:
    """An Alembic config for the migrations folder, pointed at this database URL."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["url"] = url
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at this URL up to the given revision."""
    command.upgrade(alembic_config(url), revision)
