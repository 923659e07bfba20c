"""Accounts: password hashing (argon2), login (throttled in :mod:`tuijin.gateway.throttle`), access tokens and
rotating refresh tokens (a login's tokens are its session), the limited token of a login that must change its
password, the audit of account changes, and the first admin from configuration."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

import structlog
from pwdlib import PasswordHash
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tuijin.gateway.enums import AccountAction
from tuijin.gateway.errors import (
    AccountDisabled,
    RefreshTokenExpired,
    RefreshTokenInvalid,
    RefreshTokenReused,
    RefreshTokenRevoked,
)
from tuijin.gateway.models import AccountAudit, RefreshToken, User
from tuijin.gateway.passwords import check_password, one_time_password
from tuijin.gateway.schemas import SessionOut, TokenPair, UserOut
from tuijin.gateway.settings import GatewaySettings
from tuijin.kernel.auth import Principal, Role, TokenCodec
from tuijin.kernel.clock import utcnow

log = structlog.get_logger("tuijin.accounts")
password_hash = PasswordHash.recommended()
# verifying against this keeps a wrong username as slow as a wrong password
_DUMMY_HASH = password_hash.hash("not-a-real-password-" + secrets.token_hex(8))


def hash_password(password: str) -> str:
    return password_hash.hash(password)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def authenticate(session: AsyncSession, username: str, password: str) -> User | None:
    user = await session.scalar(select(User).where(User.username == username))
    if user is None:
        password_hash.verify(password, _DUMMY_HASH)
        return None
    valid, new_hash = password_hash.verify_and_update(password, user.password_hash)
    if not valid or not user.is_active:
        return None
    if new_hash:
        user.password_hash = new_hash
    return user


PASSWORD_CHANGE_TOKEN = "password_change"
"""The ``typ`` of the limited access token a login gets while its password must be changed: every service
refuses it (its ``typ`` is not ``access``), and the gateway answers 403 ``password_change_required`` for it."""
PASSWORD_CHANGE_TTL_SECONDS = 600
USER_AGENT_MAX = 200


def _claims(user: User, typ: str) -> dict[str, Any]:
    return {
        "sub": str(user.id),
        "uid": str(user.id),
        "name": user.username,
        "roles": list(user.roles),
        "unit": str(user.unit_id) if user.unit_id else None,
        "person": str(user.person_id) if user.person_id else None,
        "region": user.region_code,
        "typ": typ,
    }


async def issue_tokens(
    session: AsyncSession, codec: TokenCodec, user: User, *, family_id: uuid.UUID | None = None,
    client_ip: str | None = None, user_agent: str | None = None,
) -> TokenPair:
    """A new access token and refresh token (a session). An account that must change its password gets only a
    short limited token and no refresh token: no session starts before the password is changed."""
    common = codec.settings
    if user.must_change_password:
        access = codec.encode(_claims(user, PASSWORD_CHANGE_TOKEN), timedelta(seconds=PASSWORD_CHANGE_TTL_SECONDS))
        return TokenPair(access_token=access, expires_in=PASSWORD_CHANGE_TTL_SECONDS, refresh_token=None,
                         refresh_expires_in=0, password_change_required=True, user=UserOut.model_validate(user))
    access = codec.encode(_claims(user, "access"), timedelta(seconds=common.access_token_ttl_seconds))
    refresh = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(RefreshToken(
        family_id=family_id or uuid.uuid4(), user_id=user.id, token_hash=_token_hash(refresh), issued_at=now,
        expires_at=now + timedelta(seconds=common.refresh_token_ttl_seconds), client_ip=client_ip,
        user_agent=(user_agent or None) and user_agent[:USER_AGENT_MAX],
    ))
    return TokenPair(access_token=access, expires_in=common.access_token_ttl_seconds, refresh_token=refresh,
                     refresh_expires_in=common.refresh_token_ttl_seconds, user=UserOut.model_validate(user))


async def revoke_family(sessionmaker: async_sessionmaker[AsyncSession], family_id: uuid.UUID) -> None:
    async with sessionmaker() as session, session.begin():
        await session.execute(update(RefreshToken).where(RefreshToken.family_id == family_id,
                                                         RefreshToken.revoked_at.is_(None))
                              .values(revoked_at=utcnow()))


async def rotate_refresh(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], codec: TokenCodec, token: str,
    *, client_ip: str | None = None, user_agent: str | None = None,
) -> TokenPair:
    """Exchange a refresh token for a new pair. A token used twice revokes its family."""
    row = await session.scalar(select(RefreshToken).where(RefreshToken.token_hash == _token_hash(token)))
    if row is None:
        raise RefreshTokenInvalid("Unknown refresh token.")
    if row.revoked_at is not None:
        raise RefreshTokenRevoked("The refresh token was revoked; log in again.")
    if row.used_at is not None:
        log.warning("refresh_token_reused", family_id=str(row.family_id), user_id=str(row.user_id))
        await revoke_family(sessionmaker, row.family_id)
        raise RefreshTokenReused("The refresh token was already used; every session of this login is revoked.")
    if row.expires_at <= utcnow():
        raise RefreshTokenExpired("The refresh token has expired; log in again.")
    user = await session.get(User, row.user_id)
    if user is None or not user.is_active:
        raise AccountDisabled("The account is disabled.")
    if user.must_change_password:  # a reset revokes every token; this one slipped through a race
        raise RefreshTokenRevoked("The password was reset; log in again.")
    result = await session.execute(update(RefreshToken).where(RefreshToken.id == row.id,
                                                              RefreshToken.used_at.is_(None))
                                   .values(used_at=utcnow()))
    if result.rowcount != 1:  # a concurrent refresh won the race
        raise RefreshTokenReused("The refresh token was already used.")
    return await issue_tokens(session, codec, user, family_id=row.family_id, client_ip=client_ip,
                              user_agent=user_agent)


async def logout(session: AsyncSession, token: str) -> None:
    row = await session.scalar(select(RefreshToken).where(RefreshToken.token_hash == _token_hash(token)))
    if row is None:
        return
    await session.execute(update(RefreshToken).where(RefreshToken.family_id == row.family_id,
                                                     RefreshToken.revoked_at.is_(None)).values(revoked_at=utcnow()))


async def revoke_user_tokens(session: AsyncSession, user_id: uuid.UUID) -> int:
    """Revoke every refresh token of the account (all its sessions); returns how many sessions were live."""
    live = len(await live_families(session, user_id))
    await session.execute(update(RefreshToken).where(RefreshToken.user_id == user_id,
                                                     RefreshToken.revoked_at.is_(None)).values(revoked_at=utcnow()))
    return live


async def live_families(session: AsyncSession, user_id: uuid.UUID) -> list[uuid.UUID]:
    """The sessions of an account that can still be refreshed: families with an unused, unrevoked, unexpired
    token."""
    rows = await session.scalars(select(RefreshToken.family_id).where(
        RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None), RefreshToken.used_at.is_(None),
        RefreshToken.expires_at > utcnow()).distinct())
    return list(rows)


async def list_sessions(session: AsyncSession, user_id: uuid.UUID) -> list[SessionOut]:
    """The live sessions of an account, the most recently used first."""
    families = await live_families(session, user_id)
    if not families:
        return []
    tokens = (await session.scalars(select(RefreshToken).where(RefreshToken.family_id.in_(families))
                                    .order_by(RefreshToken.issued_at))).all()
    by_family: dict[uuid.UUID, list[RefreshToken]] = {}
    for token in tokens:
        by_family.setdefault(token.family_id, []).append(token)
    out = []
    for family, rows in by_family.items():
        last = rows[-1]
        out.append(SessionOut(id=family, logged_in_at=rows[0].issued_at, last_used_at=last.issued_at,
                              expires_at=max(r.expires_at for r in rows), client_ip=last.client_ip,
                              user_agent=last.user_agent))
    return sorted(out, key=lambda s: (s.last_used_at, s.id), reverse=True)


async def revoke_session(session: AsyncSession, user_id: uuid.UUID, family_id: uuid.UUID) -> bool:
    """Revoke one live session of the account; False when it has no such live session."""
    if family_id not in await live_families(session, user_id):
        return False
    await session.execute(update(RefreshToken).where(RefreshToken.family_id == family_id,
                                                     RefreshToken.user_id == user_id,
                                                     RefreshToken.revoked_at.is_(None)).values(revoked_at=utcnow()))
    return True


# ---------------------------------------------------------------- the audit of account changes

AUDITED_FIELDS = ("username", "display_name", "roles", "unit_id", "person_id", "region_code", "is_active",
                  "must_change_password")


def snapshot(user: User) -> dict[str, Any]:
    """The audited fields of an account, JSON-ready (never the password hash)."""
    out: dict[str, Any] = {}
    for name in AUDITED_FIELDS:
        value = getattr(user, name)
        out[name] = str(value) if isinstance(value, uuid.UUID) else (sorted(value) if name == "roles" else value)
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k: {"before": before.get(k), "after": after.get(k)} for k in after if before.get(k) != after.get(k)}


def audit(session: AsyncSession, actor: Principal, action: AccountAction, user: User,
          changes: dict[str, Any] | None = None, *, at: datetime | None = None) -> AccountAudit:
    """Add the audit record of a change of ``user`` made by ``actor``, in the caller's transaction."""
    record = AccountAudit(at=at or utcnow(), actor_id=actor.user_id, actor_name=actor.username or actor.sub,
                          action=action.value, target_id=user.id, target_username=user.username,
                          region_code=user.region_code, changes=changes or {})
    session.add(record)
    return record



async def new_account(
    session: AsyncSession, actor: Principal, *, username: str, roles: list[Role] | list[str], display_name: str = "",
    unit_id: uuid.UUID | None = None, person_id: uuid.UUID | None = None, region_code: str | None = None,
    password: str | None = None, must_change_password: bool | None = None,
) -> tuple[User, str | None]:
    """Add an account made by ``actor``, with its audit record, and return it with its one-time password.

    A given ``password`` must follow the policy (422 naming ``body.password``); without one the server chooses a
    one-time password (:func:`new_one_time_account`). Who may grant which role in which region is the caller's
    check; the username's uniqueness too (the unique index is the last guard)."""
    if password is None:
        return await new_one_time_account(session, actor, username=username, roles=roles, display_name=display_name,
                                          unit_id=unit_id, person_id=person_id, region_code=region_code)
    check_password(password, username)
    user = await _add_account(session, actor, password, bool(must_change_password), username=username, roles=roles,
                              display_name=display_name, unit_id=unit_id, person_id=person_id,
                              region_code=region_code)
    return user, None


async def new_one_time_account(
    session: AsyncSession, actor: Principal, *, username: str, roles: list[Role] | list[str], display_name: str = "",
    unit_id: uuid.UUID | None = None, person_id: uuid.UUID | None = None, region_code: str | None = None,
) -> tuple[User, str]:
    """Add an account with a server-chosen one-time password (returned here only, stored as a hash; it passes the
    policy), which the first login must change; with its audit record."""
    secret = one_time_password()
    user = await _add_account(session, actor, secret, True, username=username, roles=roles,
                              display_name=display_name, unit_id=unit_id, person_id=person_id,
                              region_code=region_code)
    return user, secret


async def _add_account(session: AsyncSession, actor: Principal, password: str, must_change: bool, *, username: str,
                       roles: list[Role] | list[str], display_name: str, unit_id: uuid.UUID | None,
                       person_id: uuid.UUID | None, region_code: str | None) -> User:
    user = User(
        username=username, display_name=display_name, password_hash=hash_password(password),
        roles=sorted({str(r) for r in roles}), unit_id=unit_id, person_id=person_id, region_code=region_code,
        password_changed_at=utcnow(), must_change_password=must_change,
    )
    session.add(user)
    await session.flush()
    audit(session, actor, AccountAction.created, user, diff({}, snapshot(user)))
    return user


async def ensure_first_admin(sessionmaker: async_sessionmaker[AsyncSession], settings: GatewaySettings) -> None:
    """Create the configured admin when no active admin exists. Nothing happens without a password."""
    async with sessionmaker() as session, session.begin():
        users = (await session.scalars(select(User).where(User.is_active.is_(True)))).all()
        if any(Role.admin.value in (u.roles or []) for u in users):
            return
        if settings.admin_password is None or not settings.admin_password.get_secret_value():
            log.warning("no_admin_account", hint="set TUIJIN_GATEWAY_ADMIN_PASSWORD to create the first admin")
            return
        existing = await session.scalar(select(User).where(User.username == settings.admin_username))
        if existing is not None:
            existing.roles = sorted({*existing.roles, Role.admin.value})
            existing.is_active = True
            return
        session.add(User(username=settings.admin_username, display_name="系统管理员",
                         password_hash=hash_password(settings.admin_password.get_secret_value()),
                         roles=[Role.admin.value], password_changed_at=utcnow()))
        log.info("first_admin_created", username=settings.admin_username)


async def reset_admin(session: AsyncSession, username: str, password: str) -> bool:
    """Recovery when no admin can log in: give ``username`` the admin role and ``password``, activate it,
    forget its failed logins and revoke its refresh tokens. Creates the account when missing; returns
    whether it was created."""
    from tuijin.gateway.throttle import clear_account

    user = await session.scalar(select(User).where(User.username == username))
    created = user is None
    if user is None:
        user = User(username=username, display_name="系统管理员", roles=[Role.admin.value])
        session.add(user)
    user.roles = sorted({*(user.roles or []), Role.admin.value})
    user.is_active = True
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.must_change_password = False  # the operator chose it on the server
    await session.flush()
    await revoke_user_tokens(session, user.id)
    await clear_account(session, username)
    log.warning("admin_reset", username=username, created=created)
    return created
