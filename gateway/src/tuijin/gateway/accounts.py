"""Accounts: password hashing (argon2), login (throttled in :mod:`tuijin.gateway.throttle`), access tokens and
rotating refresh tokens, and the first admin from configuration."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

import structlog
from pwdlib import PasswordHash
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tuijin.gateway.errors import (
    AccountDisabled,
    RefreshTokenExpired,
    RefreshTokenInvalid,
    RefreshTokenReused,
    RefreshTokenRevoked,
)
from tuijin.gateway.models import RefreshToken, User
from tuijin.gateway.schemas import TokenPair, UserOut
from tuijin.gateway.settings import GatewaySettings
from tuijin.kernel.auth import Role, TokenCodec
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


async def issue_tokens(
    session: AsyncSession, codec: TokenCodec, user: User, *, family_id: uuid.UUID | None = None
) -> TokenPair:
    common = codec.settings
    access = codec.encode(
        {
            "sub": str(user.id),
            "uid": str(user.id),
            "name": user.username,
            "roles": list(user.roles),
            "unit": str(user.unit_id) if user.unit_id else None,
            "person": str(user.person_id) if user.person_id else None,
            "region": user.region_code,
            "typ": "access",
        },
        timedelta(seconds=common.access_token_ttl_seconds),
    )
    refresh = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(RefreshToken(
        family_id=family_id or uuid.uuid4(), user_id=user.id, token_hash=_token_hash(refresh), issued_at=now,
        expires_at=now + timedelta(seconds=common.refresh_token_ttl_seconds),
    ))
    return TokenPair(access_token=access, expires_in=common.access_token_ttl_seconds, refresh_token=refresh,
                     refresh_expires_in=common.refresh_token_ttl_seconds, user=UserOut.model_validate(user))


async def revoke_family(sessionmaker: async_sessionmaker[AsyncSession], family_id: uuid.UUID) -> None:
    async with sessionmaker() as session, session.begin():
        await session.execute(update(RefreshToken).where(RefreshToken.family_id == family_id,
                                                         RefreshToken.revoked_at.is_(None))
                              .values(revoked_at=utcnow()))


async def rotate_refresh(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], codec: TokenCodec, token: str
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
    result = await session.execute(update(RefreshToken).where(RefreshToken.id == row.id,
                                                              RefreshToken.used_at.is_(None))
                                   .values(used_at=utcnow()))
    if result.rowcount != 1:  # a concurrent refresh won the race
        raise RefreshTokenReused("The refresh token was already used.")
    return await issue_tokens(session, codec, user, family_id=row.family_id)


async def logout(session: AsyncSession, token: str) -> None:
    row = await session.scalar(select(RefreshToken).where(RefreshToken.token_hash == _token_hash(token)))
    if row is None:
        return
    await session.execute(update(RefreshToken).where(RefreshToken.family_id == row.family_id,
                                                     RefreshToken.revoked_at.is_(None)).values(revoked_at=utcnow()))


async def revoke_user_tokens(session: AsyncSession, user_id: uuid.UUID) -> None:
    await session.execute(update(RefreshToken).where(RefreshToken.user_id == user_id,
                                                     RefreshToken.revoked_at.is_(None)).values(revoked_at=utcnow()))


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
    await session.flush()
    await revoke_user_tokens(session, user.id)
    await clear_account(session, username)
    log.warning("admin_reset", username=username, created=created)
    return created
