"""The gateway's typed problems: login, tokens and accounts (their zh-CN texts are in ``messages.py``)."""

from __future__ import annotations

from tuijin.kernel.errors import (
    Conflict,
    FieldProblem,
    Forbidden,
    NotFound,
    TooManyRequests,
    Unauthorized,
    Unprocessable,
)

# ---------------------------------------------------------------- login and tokens


class InvalidCredentials(Unauthorized):
    """The username or the password is wrong, or the account is disabled (login), or the current password is
    wrong (a password change)."""

    code = "invalid_credentials"


class LoginRateLimited(TooManyRequests):
    """Too many failed logins for the account or from the address: wait ``Retry-After`` seconds."""

    code = "login_rate_limited"


class RefreshTokenInvalid(Unauthorized):
    code = "refresh_token_invalid"


class RefreshTokenRevoked(Unauthorized):
    code = "refresh_token_revoked"


class RefreshTokenReused(Unauthorized):
    """A refresh token presented twice: every token of that login is revoked."""

    code = "refresh_token_reused"


class RefreshTokenExpired(Unauthorized):
    code = "refresh_token_expired"


class AccountDisabled(Unauthorized):
    code = "account_disabled"


class PasswordChangeRequired(Forbidden):
    """The token is the limited one a login answers after a password reset: it may only change the password
    (``POST /api/v1/auth/password``), read the account and log out, until the password is changed."""

    code = "password_change_required"


# ---------------------------------------------------------------- accounts


class UserNotFound(NotFound):
    """No such account, or one of a region the caller does not see (the same answer)."""

    code = "user_not_found"


class UsernameTaken(Conflict):
    code = "username_taken"


class SelfLockout(Forbidden):
    """An admin may not disable or demote their own account."""

    code = "self_lockout"


class OwnPasswordNeedsCurrent(Forbidden):
    code = "own_password_needs_current"


class AdminPasswordResetForbidden(Forbidden):
    code = "admin_password_reset_forbidden"


class RoleNotGrantable(Forbidden):
    """An office grants and manages the roles of its region's people (unit, leader, supervisor, scorer,
    viewer) only: never admin or office. The problem's ``role`` names the role at fault."""

    code = "role_not_grantable"


class SessionNotFound(NotFound):
    """No live session (login) of that id on the account."""

    code = "session_not_found"


# ---------------------------------------------------------------- the password policy


class PasswordTooShort(FieldProblem):
    code = "password_too_short"


class PasswordContainsUsername(FieldProblem):
    code = "password_contains_username"


class PasswordBreached(FieldProblem):
    """The password is on the list of common passwords of public breaches the project ships."""

    code = "password_breached"


class PasswordUnchanged(FieldProblem):
    """The new password is the current one (a one-time password must be replaced)."""

    code = "password_unchanged"


# ---------------------------------------------------------------- composed views


class RegionRequired(Unprocessable):
    """A view of a region called by someone of no region, without ``region_code``."""

    code = "region_required"


class RegionNotFound(NotFound):
    """A region the caller does not run (another region's office): answered as a missing one."""

    code = "region_not_found"


class OrganisationWorkbookInvalid(Unprocessable):
    """The organisation workbook has errors: ``errors`` lists every one (sheet, row, column label, reason in
    Chinese), the registry's and the accounts' together, and nothing was written."""

    code = "organisation_workbook_invalid"
