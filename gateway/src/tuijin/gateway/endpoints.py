"""The gateway's own routes: login, refresh, logout, the caller's account, password and sessions, and the
management of accounts by the admin and by each region's office, with the audit of every change."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, OAuth2PasswordRequestForm
from sqlalchemy import String, cast, select

from tuijin.gateway import accounts, throttle
from tuijin.gateway.clientaddr import request_client_address
from tuijin.gateway.enums import AccountAction
from tuijin.gateway.errors import (
    AccountDisabled,
    AdminPasswordResetForbidden,
    InvalidCredentials,
    LoginRateLimited,
    OwnPasswordNeedsCurrent,
    PasswordBreached,
    PasswordContainsUsername,
    PasswordTooShort,
    PasswordUnchanged,
    RefreshTokenExpired,
    RefreshTokenInvalid,
    RefreshTokenReused,
    RefreshTokenRevoked,
    RegionRequired,
    RoleNotGrantable,
    SelfLockout,
    SessionNotFound,
    UsernameTaken,
    UserNotFound,
)
from tuijin.gateway.models import AccountAudit, User
from tuijin.gateway.passwords import check_password, one_time_password
from tuijin.gateway.refresh_cookie import clear_refresh_cookie, refresh_token_of, set_refresh_cookie
from tuijin.gateway.schemas import (
    AccountAuditOut,
    PasswordChange,
    PasswordReset,
    PasswordResetOut,
    RefreshRequest,
    SessionOut,
    TokenPair,
    UserCreate,
    UserCreated,
    UserOut,
    UserPatch,
)
from tuijin.kernel.auth import (
    ROLE_LABELS,
    CurrentPrincipal,
    Principal,
    RegionForbidden,
    Role,
    _bearer,
    ensure_region,
    principal_from_claims,
    region_clause,
    require_roles,
)
from tuijin.kernel.clock import utcnow
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import NotAuthenticated, TokenExpired, TokenInvalid, problem_responses, raises
from tuijin.kernel.etag import IfMatchRequired, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.kernel.scope import ensure_visible

auth_router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
users_router = APIRouter(prefix="/api/v1/users", tags=["users"])

AdminPrincipal = Annotated[Principal, Depends(require_roles(Role.admin))]
OfficePrincipal = Annotated[Principal, Depends(require_roles(Role.office))]


OFFICE_GRANTS = frozenset({Role.unit, Role.leader, Role.supervisor, Role.scorer, Role.viewer})
"""The roles an office grants and manages in its region: its people, never an admin or another office."""
POLICY_ERRORS = (PasswordTooShort, PasswordContainsUsername, PasswordBreached)


def _client_ip(request: Request) -> str:
    return request_client_address(request, request.app.state.settings.trusted_proxies)


def _user_agent(request: Request) -> str | None:
    return request.headers.get("user-agent")


@raises(NotAuthenticated, TokenInvalid, TokenExpired)
async def account_principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller of a route that also takes the limited token of a login that must change its password
    (change the password, read the account)."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise NotAuthenticated("A bearer access token is required.")
    claims = request.app.state.tokens.decode(credentials.credentials)
    if claims.get("typ", "access") not in ("access", accounts.PASSWORD_CHANGE_TOKEN):
        raise TokenInvalid("A refresh token cannot be used as an access token.")
    principal = principal_from_claims(claims)
    if principal.is_service:
        raise TokenInvalid("A service token is not accepted here.")
    return principal


AccountPrincipal = Annotated[Principal, Depends(account_principal)]


@auth_router.post("/token", summary="Log in (OAuth2 password)",
                  responses=problem_responses(InvalidCredentials, LoginRateLimited),
                  openapi_extra={"requestBody": {"content": {"application/x-www-form-urlencoded": {
                      "example": {"grant_type": "password", "username": "lc.jtj", "password": "Jtj-2026-tuijin"}}}}})
async def login(form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request, response: Response,
                session: SessionDep) -> TokenPair:
    """Exchange a username and password for a short-lived access token and a refresh token.
    After a few failures for one account from one address, that address waits before the next try, twice as
    long after each further failure (429 with Retry-After); failures for one account from every address, and
    from one address for every account, slow down further tries the same way with higher counts.
    The refresh token is also set as an httpOnly, SameSite=Strict cookie for the web console.

    After a password reset (or for an account created with a one-time password) the answer has
    ``password_change_required: true``, a short-lived limited access token and no refresh token: that token may
    only change the password (``POST /api/v1/auth/password``), read the account (``GET /api/v1/auth/me``) and log
    out; every other call answers 403 ``password_change_required``. Log in again with the new password."""
    state = request.app.state
    ip = _client_ip(request)
    reservation = await throttle.reserve(state.sessionmaker, state.settings, form.username, ip)
    user = await accounts.authenticate(session, form.username, form.password)
    if user is None:
        await throttle.failed(state.sessionmaker, state.settings, reservation)
        raise InvalidCredentials("用户名或密码错误，或账号已停用。")
    await throttle.succeeded(state.sessionmaker, reservation)
    user.last_login_at = utcnow()
    pair = await accounts.issue_tokens(session, state.tokens, user, client_ip=ip, user_agent=_user_agent(request))
    if pair.refresh_token is not None:
        set_refresh_cookie(response, request, pair.refresh_token, pair.refresh_expires_in)
    return pair


@auth_router.post("/refresh", summary="Rotate the refresh token", responses=problem_responses(
    RefreshTokenInvalid, RefreshTokenRevoked, RefreshTokenReused, RefreshTokenExpired, AccountDisabled))
async def refresh(request: Request, response: Response, session: SessionDep,
                  body: RefreshRequest | None = None) -> TokenPair:
    """Trade a refresh token for a new access token and a new refresh token. Each refresh token works
    once; presenting a used one again revokes every token of that login. The token is the body's, or, with no
    body, the httpOnly cookie login set (the web console); the new one is set in that cookie too."""
    state = request.app.state
    token = refresh_token_of(request, body.refresh_token if body else None)
    if token is None:
        raise RefreshTokenInvalid("No refresh token: log in again.")
    pair = await accounts.rotate_refresh(session, state.sessionmaker, state.tokens, token,
                                         client_ip=_client_ip(request), user_agent=_user_agent(request))
    if pair.refresh_token is not None:
        set_refresh_cookie(response, request, pair.refresh_token, pair.refresh_expires_in)
    return pair


@auth_router.post("/logout", status_code=204, summary="Log out")
async def logout(request: Request, session: SessionDep, body: RefreshRequest | None = None) -> Response:
    """Revoke the refresh token and every token rotated from the same login. Access tokens already
    issued expire on their own within minutes. The token is the body's, or with no body the httpOnly cookie's;
    the cookie is cleared."""
    token = refresh_token_of(request, body.refresh_token if body else None)
    if token is not None:
        await accounts.logout(session, token)
    response = Response(status_code=204)
    clear_refresh_cookie(response, request)
    return response


@auth_router.get("/me", summary="The logged-in account", responses=problem_responses(UserNotFound))
async def me(principal: AccountPrincipal, session: SessionDep) -> UserOut:
    """The caller's account with roles, unit, person and region (also with the limited token of a login that
    must change its password)."""
    user = await session.get(User, principal.user_id) if principal.user_id else None
    if user is None:
        raise UserNotFound("No account behind this token.")
    return UserOut.model_validate(user)


@auth_router.post("/password", status_code=204, summary="Change my password", responses=problem_responses(
    InvalidCredentials, LoginRateLimited, PasswordUnchanged, *POLICY_ERRORS))
async def change_password(body: PasswordChange, request: Request, principal: AccountPrincipal,
                          session: SessionDep) -> Response:
    """Change the caller's password, with the current one. The new password must follow the password policy
    (at least 10 characters, not containing the username, not a common breached password: 422 naming
    ``new_password``) and differ from the current one. Every session (refresh token) of the account is revoked:
    log in again with the new password. This is also how a login after a reset (``password_change_required``)
    replaces its one-time password; the limited token of that login is accepted here.

    Wrong current passwords count as failed logins of the account (a stolen access token cannot be used to
    guess it)."""
    user = await session.get(User, principal.user_id) if principal.user_id else None
    if user is None:
        raise InvalidCredentials("The current password is wrong.")
    state = request.app.state
    reservation = await throttle.reserve(state.sessionmaker, state.settings, user.username, _client_ip(request))
    if not accounts.password_hash.verify(body.current_password, user.password_hash):
        await throttle.failed(state.sessionmaker, state.settings, reservation)
        raise InvalidCredentials("当前密码不正确。")
    await throttle.succeeded(state.sessionmaker, reservation)
    if body.new_password == body.current_password:
        raise PasswordUnchanged("The new password is the current one.", field="body.new_password",
                                message="新密码不能与当前密码相同。")
    check_password(body.new_password, user.username, field="body.new_password")
    before = accounts.snapshot(user)
    user.password_hash = accounts.hash_password(body.new_password)
    user.password_changed_at = utcnow()
    user.must_change_password = False
    revoked = await accounts.revoke_user_tokens(session, user.id)
    changes = accounts.diff(before, accounts.snapshot(user))
    if revoked:
        changes["sessions"] = {"before": revoked, "after": 0}
    accounts.audit(session, principal, AccountAction.password_changed, user, changes)
    return Response(status_code=204)


@auth_router.get("/sessions", summary="List my sessions", responses=problem_responses(UserNotFound))
async def list_my_sessions(principal: CurrentPrincipal, session: SessionDep) -> list[SessionOut]:
    """Bounded: the caller's logins that can still be refreshed (a login lasts at most the refresh token's
    lifetime), the most recently used first, with the login time, last use, address and expiry."""
    user = await session.get(User, principal.user_id) if principal.user_id else None
    if user is None:
        raise UserNotFound("No account behind this token.")
    return await accounts.list_sessions(session, user.id)


@auth_router.delete("/sessions", status_code=204, summary="Revoke all my sessions",
                    responses=problem_responses(UserNotFound))
async def revoke_my_sessions(request: Request, principal: CurrentPrincipal, session: SessionDep) -> Response:
    """Log out everywhere: every refresh token of the caller's account is revoked (a refresh with any of them
    answers 401 ``refresh_token_revoked``); access tokens already issued expire within minutes. The console's
    refresh cookie is cleared too. Written to the account's audit record."""
    user = await session.get(User, principal.user_id) if principal.user_id else None
    if user is None:
        raise UserNotFound("No account behind this token.")
    revoked = await accounts.revoke_user_tokens(session, user.id)
    accounts.audit(session, principal, AccountAction.sessions_revoked, user,
                   {"sessions": {"before": revoked, "after": 0}})
    response = Response(status_code=204)
    clear_refresh_cookie(response, request)
    return response


# ---------------------------------------------------------------- users (admin, and an office for its region)

ACCOUNTS_RULES = """

Who may: an admin manages every account (and creates each region's office accounts). An office (重点项目办公室)
manages the accounts of its own region (and the regions within it) holding only the roles unit (责任单位 liaison),
leader, supervisor, scorer and viewer: an account of another region answers 404 ``user_not_found`` as a missing
one does, and a role it may not grant or an account holding one (admin, office) answers 403
``role_not_grantable`` naming the role (``role``). Every change is written to the audit record
(``GET /api/v1/users/audit-records``)."""


def _with_rules(endpoint):
    """Append who may manage which accounts to an endpoint's description."""
    endpoint.__doc__ = (endpoint.__doc__ or "") + ACCOUNTS_RULES
    return endpoint


def _can_grant(principal: Principal, roles: Iterable[str]) -> None:
    """403 unless the caller may grant (and manage an account holding) every role of ``roles``."""
    if principal.is_admin:
        return
    for role in sorted(str(r) for r in roles):
        if role not in OFFICE_GRANTS:
            label = ROLE_LABELS.get(Role(role), role) if role in Role.__members__ else role
            raise RoleNotGrantable(f"An office may not grant or manage the role {role!r}.", role=role,
                                   message=f"重点项目办公室不能授予或管理“{label}”角色。")


async def _user(session: SessionDep, user_id: uuid.UUID) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise UserNotFound("No such user.")
    return user


async def _managed_user(session: SessionDep, principal: Principal, user_id: uuid.UUID) -> User:
    """The account, when the caller manages it: 404 outside the caller's region, 403 for an account holding a
    role the caller may not grant."""
    user = await _user(session, user_id)
    ensure_visible(principal, user.region_code, "No such user.", UserNotFound.code)
    _can_grant(principal, user.roles or [])
    return user


def _account_region(principal: Principal, region_code: str | None) -> str | None:
    """The region an account is given: an office's accounts are of a region it runs (its own when omitted)."""
    if principal.is_admin:
        return region_code
    region = region_code or principal.region_code
    if region is None:
        raise RegionRequired("An office of no region cannot create accounts.")
    ensure_region(principal, region)
    return region


@users_router.get("", summary="List users")
async def list_users(
    session: SessionDep, principal: OfficePrincipal, page: PageParamsDep,
    region_code: str | None = None, active: bool | None = None, role: Role | None = None,
) -> Page[UserOut]:
    """Accounts ordered by username, with their roles, unit, last login and whether they are active. An admin
    sees every account, an office the accounts of its own region (and the regions within it)."""
    stmt = select(User)
    scope = region_clause(principal, User.region_code)
    if scope is not None:
        stmt = stmt.where(scope)
    if region_code:
        stmt = stmt.where(User.region_code == region_code)
    if active is not None:
        stmt = stmt.where(User.is_active.is_(active))
    if role is not None:  # roles are a JSON list of plain names: its text holds the quoted name
        stmt = stmt.where(cast(User.roles, String).like(f'%"{role.value}"%'))
    rows, cursor = await paginate(session, stmt, order=[User.username, User.id], params=page)
    return Page(items=[UserOut.model_validate(u) for u in rows], next_cursor=cursor, limit=page.limit)


@users_router.get("/audit-records", summary="List account changes")
async def list_audit_records(
    session: SessionDep, principal: OfficePrincipal, page: PageParamsDep,
    user_id: uuid.UUID | None = None, action: AccountAction | None = None,
) -> Page[AccountAuditOut]:
    """The audit record of account changes (账号变更记录), the newest first: who made each change, when, and what
    (the action, the account, each changed field before and after; never a password). An admin sees every
    record, an office those of the accounts of its region. ``user_id`` narrows to one account."""
    stmt = select(AccountAudit)
    scope = region_clause(principal, AccountAudit.region_code)
    if scope is not None:
        stmt = stmt.where(scope)
    if user_id is not None:
        stmt = stmt.where(AccountAudit.target_id == user_id)
    if action is not None:
        stmt = stmt.where(AccountAudit.action == action.value)
    rows, cursor = await paginate(session, stmt, order=[AccountAudit.at, AccountAudit.id], params=page,
                                  descending=True)
    return Page(items=[AccountAuditOut.model_validate(r) for r in rows], next_cursor=cursor, limit=page.limit)


@users_router.post("", status_code=201, summary="Create a user", responses=problem_responses(
    UsernameTaken, RoleNotGrantable, RegionForbidden, RegionRequired, *POLICY_ERRORS))
@_with_rules
async def create_user(
    etag: SendsETag, location: SendsLocation, body: UserCreate, session: SessionDep, principal: OfficePrincipal
) -> UserCreated:
    """Create an account. With a ``password`` it must follow the password policy (at least 10 characters, not
    containing the username, not a common breached password: 422 naming ``password``). Without one the server
    chooses a one-time password, answers it once in ``one_time_password`` (it is stored as an argon2 hash only
    and never shown again) and the person must change it at the first login.

    An office creates accounts of its own region (``region_code`` omitted: the office's) with the roles unit
    (责任单位 liaison), leader, supervisor, scorer and viewer; admin or office answers 403 ``role_not_grantable``
    naming the role, another region 403 ``region_forbidden``. An admin creates any account, among them each
    region's office accounts."""
    _can_grant(principal, body.roles)
    region = _account_region(principal, body.region_code)
    if await session.scalar(select(User.id).where(User.username == body.username)):
        raise UsernameTaken(f"The username {body.username!r} is taken.")
    user, one_time = await accounts.new_account(
        session, principal, username=body.username, display_name=body.display_name, roles=body.roles,
        unit_id=body.unit_id, person_id=body.person_id, region_code=region, password=body.password,
        must_change_password=body.must_change_password)
    location(f"/api/v1/users/{user.id}")
    etag(user.version)
    return UserCreated.model_validate({**UserOut.model_validate(user).model_dump(), "one_time_password": one_time})


@users_router.get("/{user_id}", summary="Read a user", responses=problem_responses(UserNotFound))
async def get_user(etag: SendsETag, user_id: uuid.UUID, session: SessionDep, principal: OfficePrincipal) -> UserOut:
    """One account; the ETag header is what PATCH expects in If-Match. An account of a region the caller does
    not see (or of no region, for an office) answers 404 as a missing one does."""
    user = await _user(session, user_id)
    ensure_visible(principal, user.region_code, "No such user.", UserNotFound.code)
    etag(user.version)
    return UserOut.model_validate(user)


@users_router.patch("/{user_id}", summary="Change a user", responses=problem_responses(
    UserNotFound, SelfLockout, RoleNotGrantable, RegionForbidden, RegionRequired))
@_with_rules
async def patch_user(if_match: IfMatchRequired, etag: SendsETag, user_id: uuid.UUID, body: UserPatch,
                     session: SessionDep, principal: OfficePrincipal) -> UserOut:
    """Change roles, unit, person, region or name, disable the account (``is_active: false``: every session
    of it is revoked and it can no longer log in) or enable it again (``is_active: true``). Requires If-Match
    with the ETag last read. An admin cannot disable or demote their own account (403 ``self_lockout``).

    An office changes the accounts of its region holding only the roles it grants, gives only those roles
    (403 ``role_not_grantable`` naming the role) and keeps the account in a region it runs."""
    user = await _managed_user(session, principal, user_id)
    if_match.check(user.version)
    changes = body.model_dump(exclude_unset=True)
    if "roles" in changes:
        _can_grant(principal, changes["roles"])
    if "region_code" in changes and not principal.is_admin:
        changes["region_code"] = _account_region(principal, changes["region_code"])
    if user.id == principal.user_id and (changes.get("is_active") is False or (
            "roles" in changes and Role.admin not in changes["roles"])):
        raise SelfLockout("An admin cannot disable or demote their own account.")
    before = accounts.snapshot(user)
    for field, value in changes.items():
        setattr(user, field, [r.value for r in value] if field == "roles" else value)
    revoked = await accounts.revoke_user_tokens(session, user.id) if changes.get("is_active") is False else 0
    await session.flush()
    diff = accounts.diff(before, accounts.snapshot(user))
    if diff:
        action = (AccountAction.disabled if diff.get("is_active", {}).get("after") is False
                  else AccountAction.enabled if "is_active" in diff
                  else AccountAction.roles_changed if "roles" in diff else AccountAction.updated)
        if revoked:
            diff["sessions"] = {"before": revoked, "after": 0}
        accounts.audit(session, principal, action, user, diff)
    etag(user.version)
    return UserOut.model_validate(user)


@users_router.post("/{user_id}/password", summary="Reset a user's password", responses=problem_responses(
    UserNotFound, OwnPasswordNeedsCurrent, AdminPasswordResetForbidden, RoleNotGrantable, *POLICY_ERRORS))
@_with_rules
async def reset_password(user_id: uuid.UUID, session: SessionDep, principal: OfficePrincipal,
                         body: PasswordReset | None = None) -> PasswordResetOut:
    """Reset a password (the liaison forgot theirs). With no ``password`` the server chooses a one-time password
    and answers it here, once (it is stored as an argon2 hash only); a chosen ``password`` must follow the
    password policy. Either way the person must change it at the next login (``password_change_required``),
    every session of the account is revoked, and its failed logins are forgotten (a locked-out person can log
    in with the new password).

    Not for the caller's own account (``POST /api/v1/auth/password`` with the current password) nor for an
    admin's: a locked-out admin is recovered on the server with ``tuijin-gateway reset-admin``, so a stolen
    session cannot take over another admin's account. An office resets the passwords of its region's accounts
    holding the roles it grants."""
    from tuijin.gateway.throttle import clear_account

    user = await _managed_user(session, principal, user_id)
    if user.id == principal.user_id:
        raise OwnPasswordNeedsCurrent("修改自己的密码请使用“修改密码”(POST /api/v1/auth/password)，并提供当前密码。")
    if Role.admin.value in (user.roles or []):
        raise AdminPasswordResetForbidden("不能通过接口重置其他管理员的密码；管理员无法登录时，"
                                          "请在服务器上用 tuijin-gateway reset-admin 恢复。")
    chosen = body.password if body is not None else None
    if chosen is not None:
        check_password(chosen, user.username)
    one_time = None if chosen is not None else one_time_password()
    before = accounts.snapshot(user)
    user.password_hash = accounts.hash_password(chosen if chosen is not None else one_time)
    user.password_changed_at = utcnow()
    user.must_change_password = True
    revoked = await accounts.revoke_user_tokens(session, user.id)
    await clear_account(session, user.username)
    await session.flush()
    changes = accounts.diff(before, accounts.snapshot(user))
    changes["password"] = {"before": None, "after": "one-time" if one_time else "chosen"}
    if revoked:
        changes["sessions"] = {"before": revoked, "after": 0}
    accounts.audit(session, principal, AccountAction.password_reset, user, changes)
    return PasswordResetOut(user_id=user.id, username=user.username, one_time_password=one_time,
                            must_change_password=True)


@users_router.get("/{user_id}/sessions", summary="List a user's sessions",
                  responses=problem_responses(UserNotFound, RoleNotGrantable))
@_with_rules
async def list_user_sessions(user_id: uuid.UUID, session: SessionDep, principal: OfficePrincipal) -> list[SessionOut]:
    """Bounded: the account's logins that can still be refreshed (a login lasts at most the refresh token's
    lifetime), the most recently used first, with the login time, last use, address and expiry. An admin sees
    any account's, an office those of the accounts it manages."""
    user = await _managed_user(session, principal, user_id)
    return await accounts.list_sessions(session, user.id)


@users_router.delete("/{user_id}/sessions", status_code=204, summary="Revoke all of a user's sessions",
                     responses=problem_responses(UserNotFound, RoleNotGrantable))
@_with_rules
async def revoke_user_sessions(user_id: uuid.UUID, session: SessionDep, principal: OfficePrincipal) -> Response:
    """Log the account out everywhere: every refresh token is revoked; access tokens already issued expire
    within minutes. Written to the audit record."""
    user = await _managed_user(session, principal, user_id)
    revoked = await accounts.revoke_user_tokens(session, user.id)
    accounts.audit(session, principal, AccountAction.sessions_revoked, user,
                   {"sessions": {"before": revoked, "after": 0}})
    return Response(status_code=204)


@users_router.delete("/{user_id}/sessions/{session_id}", status_code=204, summary="Revoke one of a user's sessions",
                     responses=problem_responses(UserNotFound, RoleNotGrantable, SessionNotFound))
@_with_rules
async def revoke_user_session(user_id: uuid.UUID, session_id: uuid.UUID, session: SessionDep,
                              principal: OfficePrincipal) -> Response:
    """Revoke one login of the account (404 ``session_not_found`` when it has no such live session). Written to
    the audit record."""
    user = await _managed_user(session, principal, user_id)
    if not await accounts.revoke_session(session, user.id, session_id):
        raise SessionNotFound("No live session of that id on this account.")
    accounts.audit(session, principal, AccountAction.session_revoked, user,
                   {"session": {"before": str(session_id), "after": None}})
    return Response(status_code=204)
