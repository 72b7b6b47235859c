"""Template filters: the formatting functions of checkin.formatting, registered for Jinja."""

from __future__ import annotations

from flask import Flask

from checkin.formatting import local_datetime, local_time, long_date_id, thousands


def init_app(app: Flask) -> None:
    """Register the filters."""
    app.add_template_filter(local_time)
    app.add_template_filter(local_datetime)
    app.add_template_filter(long_date_id)
    app.add_template_filter(thousands)
