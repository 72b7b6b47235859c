"""Accounts: users and passwords, API tokens, door passes, view-only share links,
and who may see which event (`may_access_event`)."""

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
    reset_pin_lockouts,
    revoke_pass,
    sign_in_with_pass,
)
from .management import (
    create_account,
    issue_token,
    liaison_regions,
    list_users,
    set_active,
    token_owner,
)
from .passwords import METHOD
from .pin_attempts import PinLockouts, pin_lockouts, pin_wait_seconds, wait_text
from .scope import Account, may_access_delegate, may_access_event
from .share_links import (
    create_share_link,
    list_share_links,
    revoke_share_link,
    share_link_expires_at,
    share_link_for,
    share_link_status,
)
from .tokens import create_token, hash_token, revoke_token, user_for_token
from .users import authenticate, create_user

__all__ = [
    "Account",
    "METHOD",
    "PinLockouts",
    "STATUS_ACTIVE",
    "STATUS_EXPIRED",
    "STATUS_NONE",
    "STATUS_REVOKED",
    "account_is_usable",
    "authenticate",
    "create_account",
    "create_share_link",
    "create_token",
    "create_user",
    "door_for_pass",
    "hash_token",
    "issue_pass",
    "issue_token",
    "liaison_regions",
    "list_share_links",
    "list_users",
    "may_access_delegate",
    "may_access_event",
    "pass_expires_at",
    "pass_qr_png",
    "pass_status",
    "pin_lockouts",
    "pin_wait_seconds",
    "reset_pin_lockouts",
    "revoke_pass",
    "revoke_share_link",
    "revoke_token",
    "set_active",
    "share_link_expires_at",
    "share_link_for",
    "share_link_status",
    "sign_in_with_pass",
    "token_owner",
    "user_for_token",
    "wait_text",
]
