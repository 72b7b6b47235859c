"""Accounts: users and passwords, API tokens, door passes, view-only share links,
and who may see which event (`may_access_event`, `event_for_account`)."""

from .door_passes import (
    STATUS_ACTIVE,
    STATUS_EXPIRED,
    STATUS_NONE,
    STATUS_REVOKED,
    account_is_usable,
    door_for_pass,
    issue_pass,
    pass_expires_at,
    pass_qr_png,
    pass_status,
    revoke_pass,
    sign_in_with_pass,
)
from .management import (
    create_account,
    issue_token,
    liaison_regions,
    list_users,
    set_account_events,
    set_active,
    token_owner,
)
from .passwords import METHOD
from .scope import (
    Account,
    accessible_events,
    event_for_account,
    is_limited,
    limit_to_events,
    may_access_delegate,
    may_access_event,
)
from .share_links import create_share_link, list_share_links, revoke_share_link, share_link_for
from .tokens import create_token, hash_token, revoke_token, user_for_token
from .users import authenticate, create_user

__all__ = [
    "Account",
    "METHOD",
    "STATUS_ACTIVE",
    "STATUS_EXPIRED",
    "STATUS_NONE",
    "STATUS_REVOKED",
    "accessible_events",
    "account_is_usable",
    "authenticate",
    "create_account",
    "create_share_link",
    "create_token",
    "create_user",
    "door_for_pass",
    "event_for_account",
    "hash_token",
    "issue_pass",
    "is_limited",
    "issue_token",
    "liaison_regions",
    "limit_to_events",
    "list_share_links",
    "list_users",
    "may_access_delegate",
    "may_access_event",
    "pass_expires_at",
    "pass_qr_png",
    "pass_status",
    "revoke_pass",
    "revoke_share_link",
    "revoke_token",
    "set_account_events",
    "set_active",
    "share_link_for",
    "sign_in_with_pass",
    "token_owner",
    "user_for_token",
]
