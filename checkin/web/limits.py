"""Rate limits keyed on the signed-in account rather than on the address."""

from __future__ import annotations

from flask import current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user

from checkin.extensions import limiter


def account_key() -> str:
    """The rate-limit bucket of this request: its account (a person, a door pass or a
    token's owner), else its address."""
    if current_user.is_authenticated:
        return f"account:{current_user.id}"
    return f"address:{get_remote_address()}"


def _search_limit() -> str:
    return str(current_app.config["SEARCH_RATE_LIMIT"])


#: Every delegate search (the door's lookup, the organisers' list) draws on one budget per
#: account, so no account can walk the delegate list however many phones or tokens it has.
search_limit = limiter.shared_limit(_search_limit, scope="delegate-search", key_func=account_key)
