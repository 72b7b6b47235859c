"""Accounts: users and passwords, API tokens, door passes, view-only share links,
who may see which event (`may_access_event`), and whether a credential still holds."""

from .credentials import Credential, account_may_sign_in, credential_is_valid
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
    set_active,
    token_owner,
)
from .passwords import METHOD
from .scope import Account, may_access_delegate, may_access_event
from .share_links import (
    create_share_link,
    list_share_links,
    revoke_share_link,
    share_link_for,
    share_link_is_valid,
)
from .tokens import (
    create_token,
    hash_token,
    revoke_token,
    token_is_valid,
    user_for_token,
    valid_token,
)
from .users import authenticate, create_user

__all__ = [
    "Account",
    "Credential",
    "METHOD",
    "STATUS_ACTIVE",
    "STATUS_EXPIRED",
    "STATUS_NONE",
    "STATUS_REVOKED",
    "account_is_usable",
    "account_may_sign_in",
    "authenticate",
    "create_account",
    "create_share_link",
    "create_token",
    "create_user",
    "credential_is_valid",
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
    "revoke_pass",
    "revoke_share_link",
    "revoke_token",
    "set_active",
    "share_link_for",
    "share_link_is_valid",
    "sign_in_with_pass",
    "token_is_valid",
    "token_owner",
    "user_for_token",
    "valid_token",
]
