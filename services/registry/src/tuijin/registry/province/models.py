"""Tables of the provincial platform adapter: per-region configuration (credentials by reference only),
project links by national code, the item-to-procedure mapping, the pull cursor, the sync log, the last
applied version of each item, and the outgoing project-unit reports (a dedicated outbox)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Date, Float, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import JSONType, TimestampMixin, UTCDateTime, new_id
from tuijin.registry.models import Base


class ProvinceConfig(TimestampMixin, Base):
    """How a region talks to its provincial platform. The credential and the webhook secret are named by
    reference (``env:VAR`` or ``file:/path``); the secrets themselves never enter the database."""

    __tablename__ = "province_configs"

    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), primary_key=True)
    base_url: Mapped[str] = mapped_column(String(300))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    credential_ref: Mapped[str] = mapped_column(String(300), comment="env:VAR or file:/path of the bearer token")
    webhook_secret_ref: Mapped[str] = mapped_column(String(300), default="", comment="env:VAR or file:/path")
    timeout_seconds: Mapped[float] = mapped_column(Float, default=10.0)
    max_retries: Mapped[int] = mapped_column(Integer, default=3)
    backoff_seconds: Mapped[float] = mapped_column(Float, default=0.5)
    rate_per_second: Mapped[float] = mapped_column(Float, default=5.0)
    burst: Mapped[int] = mapped_column(Integer, default=10)
    page_size: Mapped[int] = mapped_column(Integer, default=100)
    updated_by: Mapped[str] = mapped_column(String(100), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ProjectLink(TimestampMixin, Base):
    """A project linked to the platform by its national code (项目代码), verified with the platform."""

    __tablename__ = "province_project_links"
    __table_args__ = (
        UniqueConstraint("project_id"),
        UniqueConstraint("national_code"),
        Index("ix_province_project_links_region_code_status", "region_code", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    region_code: Mapped[str] = mapped_column(String(6))
    national_code: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16), default="linked")
    platform_name: Mapped[str] = mapped_column(String(200), default="", comment="the project's name on the platform")
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    linked_by: Mapped[str] = mapped_column(String(100), default="")


class ItemMapping(TimestampMixin, Base):
    """Which local procedure type (手续) an approval item (审批事项) of the platform fills in, per region."""

    __tablename__ = "province_item_mappings"
    __table_args__ = (
        UniqueConstraint("region_code", "item_code"),
        # one item per procedure type and region: two items on one type would overwrite each other
        UniqueConstraint("region_code", "procedure_type_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    item_code: Mapped[str] = mapped_column(String(60), comment="the platform's approval item code")
    item_name: Mapped[str] = mapped_column(String(200), default="")
    procedure_type_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("procedure_types.id"), index=True)


class SyncCursor(Base):
    """Where the last pull of a region stopped (the platform's opaque cursor)."""

    __tablename__ = "province_sync_cursors"

    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), primary_key=True)
    cursor: Mapped[str] = mapped_column(String(200), default="")
    last_pulled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None, comment="the last attempt")
    last_success_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime(), default=None, comment="the end of the last pull that read every page"
    )
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None, comment="the last failed pull")
    last_error: Mapped[str] = mapped_column(String(2000), default="")
    throttled_until: Mapped[datetime | None] = mapped_column(
        UTCDateTime(), default=None, comment="no pull before this instant: the platform answered 429 (Retry-After)"
    )
    throttled_count: Mapped[int] = mapped_column(
        Integer, default=0, server_default="0", comment="pulls the platform answered 429, ever"
    )


class SyncEntry(Base):
    """One incoming item change and what became of it: applied, duplicate, stale or failed (and why)."""

    __tablename__ = "province_sync_log"
    __table_args__ = (
        Index("ix_province_sync_log_region_code_received_at", "region_code", "received_at"),
        Index("ix_province_sync_log_region_code_outcome", "region_code", "outcome"),
        # a version of an item is applied once: the last line of defence behind the item lock
        Index(
            "uq_province_sync_log_applied_version", "region_code", "item_id", "version", unique=True,
            sqlite_where=text("outcome = 'applied'"), postgresql_where=text("outcome = 'applied'"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6))
    channel: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(100), default="")
    item_id: Mapped[str] = mapped_column(String(100))
    item_code: Mapped[str] = mapped_column(String(60), default="")
    national_code: Mapped[str] = mapped_column(String(24), default="")
    version: Mapped[int] = mapped_column(BigInteger)  # the item's version: 64-bit, grows with each change
    platform_status: Mapped[str] = mapped_column(String(24), default="")
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(2000), default="")
    procedure_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    replayed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    replay_entry_id: Mapped[uuid.UUID | None] = mapped_column(default=None)


class ItemState(Base):
    """The last applied version of a platform approval item: a lower or equal version is skipped, so each
    change applies once and out-of-order changes resolve to the highest version."""

    __tablename__ = "province_item_states"
    __table_args__ = (UniqueConstraint("region_code", "item_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6))
    item_id: Mapped[str] = mapped_column(String(100))
    item_code: Mapped[str] = mapped_column(String(60))
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    procedure_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("project_procedures.id", ondelete="SET NULL"), default=None
    )
    version: Mapped[int] = mapped_column(BigInteger)  # the item's version: 64-bit, grows with each change
    platform_status: Mapped[str] = mapped_column(String(24))
    document_number: Mapped[str] = mapped_column(String(100), default="")
    document_date: Mapped[date | None] = mapped_column(Date, default=None)
    department: Mapped[str] = mapped_column(String(200), default="")
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ItemLock(Base):
    """One row per platform item, claimed (written) first in every transaction that applies a change of the
    item. The write serialises the appliers of one item on both databases and across processes: PostgreSQL
    holds the row's lock until the transaction ends, SQLite holds its single write lock, and the item's state
    read after the claim is the one the last applier committed."""

    __tablename__ = "province_item_locks"

    region_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    claims: Mapped[int] = mapped_column(Integer, default=0)


class OutboundReport(Base):
    """A project-unit report (开工 / 进度 / 停工 / 复工 / 竣工) waiting for or done with delivery. Written in
    the transaction of the change that causes it; its id is the idempotency key the platform honours."""

    __tablename__ = "province_outbound_reports"
    __table_args__ = (
        Index("ix_province_outbound_reports_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_province_outbound_reports_region_code_created_at", "region_code", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    region_code: Mapped[str] = mapped_column(String(6))
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    national_code: Mapped[str] = mapped_column(String(24))
    kind: Mapped[str] = mapped_column(String(16))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0, comment="every attempt, kept across replays")
    replays: Mapped[int] = mapped_column(Integer, default=0, comment="how often an operator put it back in line")
    attempts_at_replay: Mapped[int] = mapped_column(
        Integer, default=0, comment="attempts made before the last replay (the limit counts those after it)"
    )
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(String(2000), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
