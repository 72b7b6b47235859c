"""WSGI entry point for any WSGI server: `gunicorn wsgi:app` (without --preload: the upload
purge's thread must start in each worker)."""

from checkin import create_app, start_housekeeping

app = create_app()
start_housekeeping(app)
