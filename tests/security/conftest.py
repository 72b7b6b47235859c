"""Fixtures shared with the page tests: a value for every URL argument of the app."""

from tests.web.test_csp import page_args  # noqa: F401
