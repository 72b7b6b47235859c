"""Template filters (checkin.formatting, registered for Jinja) and the status vocabulary."""

from __future__ import annotations

from flask import Flask

from checkin.events import statuses
from checkin.formatting import local_datetime, local_time, long_date_id, thousands


def init_app(app: Flask) -> None:
    """Register the filters, and the status vocabulary as `vocab`."""
    app.add_template_filter(local_time)
    app.add_template_filter(local_datetime)
    app.add_template_filter(long_date_id)
    app.add_template_filter(thousands)
    app.jinja_env.globals["vocab"] = statuses
