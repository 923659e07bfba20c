"""The gateway's own routes: login, refresh, logout, the caller's account, and user management."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import OAuth2PasswordRequestForm
from sqlalchemy import select

from tuijin.gateway import accounts, throttle
from tuijin.gateway.clientaddr import request_client_address
from tuijin.gateway.errors import (
    AccountDisabled,
    AdminPasswordResetForbidden,
    InvalidCredentials,
    LoginRateLimited,
    OwnPasswordNeedsCurrent,
    RefreshTokenExpired,
    RefreshTokenInvalid,
    RefreshTokenReused,
    RefreshTokenRevoked,
    SelfLockout,
    UsernameTaken,
    UserNotFound,
)
from tuijin.gateway.models import User
from tuijin.gateway.refresh_cookie import clear_refresh_cookie, refresh_token_of, set_refresh_cookie
from tuijin.gateway.schemas import (
    PasswordChange,
    PasswordReset,
    RefreshRequest,
    TokenPair,
    UserCreate,
    UserOut,
    UserPatch,
)
from tuijin.kernel.auth import CurrentPrincipal, Principal, Role, require_roles
from tuijin.kernel.clock import utcnow
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import problem_responses
from tuijin.kernel.etag import IfMatchRequired, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.kernel.scope import ensure_visible

auth_router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
users_router = APIRouter(prefix="/api/v1/users", tags=["users"])

AdminPrincipal = Annotated[Principal, Depends(require_roles(Role.admin))]
OfficePrincipal = Annotated[Principal, Depends(require_roles(Role.office))]


def _client_ip(request: Request) -> str:
    return request_client_address(request, request.app.state.settings.trusted_proxies)


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
    The refresh token is also set as an httpOnly, SameSite=Strict cookie for the web console."""
    state = request.app.state
    ip = _client_ip(request)
    reservation = await throttle.reserve(state.sessionmaker, state.settings, form.username, ip)
    user = await accounts.authenticate(session, form.username, form.password)
    if user is None:
        await throttle.failed(state.sessionmaker, state.settings, reservation)
        raise InvalidCredentials("用户名或密码错误，或账号已停用。")
    await throttle.succeeded(state.sessionmaker, reservation)
    pair = await accounts.issue_tokens(session, state.tokens, user)
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
    pair = await accounts.rotate_refresh(session, state.sessionmaker, state.tokens, token)
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
async def me(principal: CurrentPrincipal, session: SessionDep) -> UserOut:
    """The caller's account with roles, unit, person and region."""
    user = await session.get(User, principal.user_id) if principal.user_id else None
    if user is None:
        raise UserNotFound("No account behind this token.")
    return UserOut.model_validate(user)


@auth_router.post("/password", status_code=204, summary="Change my password",
                  responses=problem_responses(InvalidCredentials, LoginRateLimited))
async def change_password(body: PasswordChange, request: Request, principal: CurrentPrincipal,
                          session: SessionDep) -> Response:
    """Change the caller's password; every refresh token of the account is revoked. Wrong current passwords
    count as failed logins of the account (a stolen access token cannot be used to guess it)."""
    user = await session.get(User, principal.user_id) if principal.user_id else None
    if user is None:
        raise InvalidCredentials("The current password is wrong.")
    state = request.app.state
    reservation = await throttle.reserve(state.sessionmaker, state.settings, user.username, _client_ip(request))
    if not accounts.password_hash.verify(body.current_password, user.password_hash):
        await throttle.failed(state.sessionmaker, state.settings, reservation)
        raise InvalidCredentials("当前密码不正确。")
    await throttle.succeeded(state.sessionmaker, reservation)
    user.password_hash = accounts.hash_password(body.new_password)
    user.password_changed_at = utcnow()
    await accounts.revoke_user_tokens(session, user.id)
    return Response(status_code=204)


# ---------------------------------------------------------------- users (admin)


async def _user(session: SessionDep, user_id: uuid.UUID) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise UserNotFound("No such user.")
    return user


@users_router.get("", summary="List users")
async def list_users(
    session: SessionDep, principal: OfficePrincipal, page: PageParamsDep,
    region_code: str | None = None, active: bool | None = None,
) -> Page[UserOut]:
    """Accounts ordered by username. An office sees the accounts of its own region."""
    stmt = select(User)
    if not principal.is_admin:
        stmt = stmt.where(User.region_code == principal.region_code)
    if region_code:
        stmt = stmt.where(User.region_code == region_code)
    if active is not None:
        stmt = stmt.where(User.is_active.is_(active))
    rows, cursor = await paginate(session, stmt, order=[User.username, User.id], params=page)
    return Page(items=[UserOut.model_validate(u) for u in rows], next_cursor=cursor, limit=page.limit)


@users_router.post("", status_code=201, summary="Create a user", responses=problem_responses(UsernameTaken))
async def create_user(
    etag: SendsETag, location: SendsLocation, body: UserCreate, session: SessionDep, _: AdminPrincipal
) -> UserOut:
    """Create an account. The password is stored as an argon2 hash only."""
    if await session.scalar(select(User.id).where(User.username == body.username)):
        raise UsernameTaken(f"The username {body.username!r} is taken.")
    user = User(
        username=body.username, display_name=body.display_name,
        password_hash=accounts.hash_password(body.password), roles=[r.value for r in body.roles],
        unit_id=body.unit_id, person_id=body.person_id, region_code=body.region_code, password_changed_at=utcnow(),
    )
    session.add(user)
    await session.flush()
    location(f"/api/v1/users/{user.id}")
    etag(user.version)
    return UserOut.model_validate(user)


@users_router.get("/{user_id}", summary="Read a user", responses=problem_responses(UserNotFound))
async def get_user(etag: SendsETag, user_id: uuid.UUID, session: SessionDep, principal: OfficePrincipal) -> UserOut:
    """One account; the ETag header is what PATCH expects in If-Match. An account of a region the caller does
    not see (or of no region, for an office) answers 404 as a missing one does."""
    user = await _user(session, user_id)
    ensure_visible(principal, user.region_code, "No such user.", UserNotFound.code)
    etag(user.version)
    return UserOut.model_validate(user)


@users_router.patch("/{user_id}", summary="Change a user", responses=problem_responses(UserNotFound, SelfLockout))
async def patch_user(if_match: IfMatchRequired, etag: SendsETag, user_id: uuid.UUID, body: UserPatch,
                     request: Request, session: SessionDep, principal: AdminPrincipal) -> UserOut:
    """Change roles, unit, person, region or name, or disable the account (its refresh tokens are
    revoked). Requires If-Match with the ETag last read."""
    user = await _user(session, user_id)
    if_match.check(user.version)
    changes = body.model_dump(exclude_unset=True)
    if user.id == principal.user_id and (changes.get("is_active") is False or (
            "roles" in changes and Role.admin not in changes["roles"])):
        raise SelfLockout("An admin cannot disable or demote their own account.")
    for field, value in changes.items():
        setattr(user, field, [r.value for r in value] if field == "roles" else value)
    if changes.get("is_active") is False:
        await accounts.revoke_user_tokens(session, user.id)
    await session.flush()
    etag(user.version)
    return UserOut.model_validate(user)


@users_router.post("/{user_id}/password", status_code=204, summary="Reset a user's password",
                   responses=problem_responses(UserNotFound, OwnPasswordNeedsCurrent, AdminPasswordResetForbidden))
async def reset_password(user_id: uuid.UUID, body: PasswordReset, session: SessionDep,
                         principal: AdminPrincipal) -> Response:
    """Set a new password (e.g. the liaison forgot theirs); their refresh tokens are revoked.

    Not for an admin's account: an admin changes their own password with the current one
    (``POST /api/v1/auth/password``), and a locked-out admin is recovered on the server with
    ``tuijin-gateway reset-admin``, so a stolen admin session cannot take over another admin's account."""
    user = await _user(session, user_id)
    if user.id == principal.user_id:
        raise OwnPasswordNeedsCurrent("修改自己的密码请使用“修改密码”(POST /api/v1/auth/password)，并提供当前密码。")
    if Role.admin.value in (user.roles or []):
        raise AdminPasswordResetForbidden("不能通过接口重置其他管理员的密码；管理员无法登录时，"
                                          "请在服务器上用 tuijin-gateway reset-admin 恢复。")
    user.password_hash = accounts.hash_password(body.password)
    user.password_changed_at = utcnow()
    await accounts.revoke_user_tokens(session, user.id)
    return Response(status_code=204)
