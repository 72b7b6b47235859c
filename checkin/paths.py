"""Where the app's files are, from a checkout or from an installed wheel.

In a checkout `templates/`, `static/` and `migrations/` sit at the top of the repository; the
wheel carries them inside the package (pyproject.toml maps them in at build time). The instance
folder (database, secret key, demo log-ins) follows Flask's convention: `instance/` next to the
package in a checkout, `<prefix>/var/checkin-instance` when installed; CHECKIN_INSTANCE_PATH
overrides both.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent


def resource(name: str) -> Path:
    """The folder `templates`, `static` or `migrations`: the package's own once installed,
    else the checkout's."""
    packaged = PACKAGE / name
    return packaged if packaged.is_dir() else CHECKOUT / name


def instance_folder(configured: object = None) -> str:
    """The instance folder: `configured` (CHECKIN_INSTANCE_PATH) when set, else Flask's."""
    if configured:
        return os.path.abspath(os.path.expanduser(str(configured)))
    return Flask(__package__ or "checkin").instance_path
