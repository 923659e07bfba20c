"""Tables of the gateway: user accounts, refresh tokens, failed logins."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
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


class LoginFailure(Base):
    """A failed login, counted by the rate limiter."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_username_at", "username", "at"),
                      Index("ix_login_failures_client_ip_at", "client_ip", "at"))

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(64))
    client_ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
