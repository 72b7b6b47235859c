"""Fixtures shared with the page tests: a value for every URL argument of the app, and a
running event with a door pass."""

from tests.web.test_csp import page_args  # noqa: F401
from tests.web.test_door_passes import door_pass, running_event  # noqa: F401
