"""Every write of the accounts app, one module per subject, re-exported here."""

from .addresses import (
    address_create,
    address_delete,
    address_set_default,
    address_update,
)
from .data import account_data_export, account_delete
from .email_limits import account_email_allowed
from .login_guard import (
    LimitUnavailable,
    login_guard_blocked,
    login_guard_failed,
    login_guard_passed,
)
from .signup import (
    account_for_verification,
    account_mark_verified,
    account_sign_up,
    account_verification_send,
    account_verify,
    verification_link,
    verification_token,
)
from .tokens import api_token_issue, api_tokens_revoke
from .users import user_create, user_make_moderator, user_update_preferences

__all__ = [
    "LimitUnavailable",
    "account_data_export",
    "account_delete",
    "account_email_allowed",
    "account_for_verification",
    "account_mark_verified",
    "account_sign_up",
    "account_verification_send",
    "account_verify",
    "address_create",
    "address_delete",
    "address_set_default",
    "address_update",
    "api_token_issue",
    "api_tokens_revoke",
    "login_guard_blocked",
    "login_guard_failed",
    "login_guard_passed",
    "user_create",
    "user_make_moderator",
    "user_update_preferences",
    "verification_link",
    "verification_token",
]
