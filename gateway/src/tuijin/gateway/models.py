"""Tables of the gateway: user accounts, refresh tokens, login throttles."""

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
