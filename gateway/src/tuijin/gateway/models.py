"""Tables of the gateway: user accounts, refresh tokens (sessions), login throttles, the audit of account changes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import JSONType, TimestampMixin, UTCDateTime, make_base, new_id
from tuijin.kernel.tables import kernel_tables

Base = make_base()
kernel = kernel_tables(Base.metadata)


class User(TimestampMixin, Base):
    """An account (账号) with its roles and the unit, person and region it acts for."""

    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    roles: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    unit_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    person_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    region_code: Mapped[str | None] = mapped_column(String(6), default=None, index=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, comment="set by a reset (or a creation with a one-time password): the next login "
                                        "may only change the password")
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class RefreshToken(Base):
    """A refresh token (stored as a hash). Each use rotates it; tokens of one login share a family,
    and presenting a used token again revokes the whole family (it has leaked)."""

    __tablename__ = "refresh_tokens"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    family_id: Mapped[uuid.UUID] = mapped_column(index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    client_ip: Mapped[str | None] = mapped_column(String(64), default=None, comment="address the token went to")
    user_agent: Mapped[str | None] = mapped_column(String(200), default=None)


class LoginThrottle(Base):
    """Failed logins counted under one key: an account from one client address (``pair``), an account from
    every address (``account``) or one address for every account (``address``). Counting is one atomic
    upsert per key, so parallel attempts cannot all pass the limit; past the free failures each further
    failure makes that key wait twice as long (capped), and failures are forgotten after a quiet window."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(64), primary_key=True, comment="sha256 of kind, username, address")
    kind: Mapped[str] = mapped_column(String(8), comment="pair | account | address")
    username: Mapped[str | None] = mapped_column(String(64), index=True)
    client_ip: Mapped[str | None] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    last_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class AccountAudit(Base):
    """One change of an account (账号变更记录): who made it, when, what (the action and each changed field before
    and after; never a password or its hash). Written in the transaction of the change itself."""

    __tablename__ = "account_audit"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(default=None, comment="the account that made the change")
    actor_name: Mapped[str] = mapped_column(String(100), default="", comment="its username (or the token's subject)")
    action: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[uuid.UUID] = mapped_column(index=True)
    target_username: Mapped[str] = mapped_column(String(64))
    region_code: Mapped[str | None] = mapped_column(String(6), default=None, index=True,
                                                    comment="the changed account's region (after the change)")
    changes: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict,
                                                    comment="field -> {before, after}")
