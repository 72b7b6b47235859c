"""Rate limits keyed on the signed-in account rather than on the address."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from checkin.accounts.share_links import hash_share_token
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


def viewer_key() -> str:
    """The rate-limit bucket of a live screen: its share link (hashed: the token is a
    secret), else its account or address."""
    token = request.args.get("share", "")
    if token and not current_user.is_authenticated:
        return f"share:{hash_share_token(token)}"
    return account_key()


#: The live statistics (/stats, and opening its stream) draw on one budget per share link or
#: account and one per address: a screen polling every 15 s never meets them, a flood does.
_live_limits = [
    limiter.shared_limit(
        lambda: current_app.config["LIVE_STATS_RATE_LIMIT"], scope="live", key_func=viewer_key
    ),
    limiter.shared_limit(lambda: current_app.config["LIVE_STATS_ADDRESS_LIMIT"], scope="live-ip"),
]


def live_limit(view: Callable) -> Callable:
    """Apply both live-statistics limits to a view."""
    for limit in _live_limits:
        view = limit(view)
    return view
