"""The `checkin` command (entry point `checkin.cli:main`): the group is in base.py, each area's
commands in their own module, registered on import."""

from checkin.cli import accounts, events, invitations, server  # noqa: F401  (registers them)
from checkin.cli.base import main

__all__ = ["main"]
