"""The kernel's own tables (outbox, inbox, idempotency keys, calendar overrides), added to each
service's metadata so that they live in that service's database and migration tree."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Boolean, Column, Date, Index, Integer, LargeBinary, MetaData, String, Table, Text, Uuid, text

from tuijin.kernel.db import JSONType, UTCDateTime


@dataclass(frozen=True)
class KernelTables:
    outbox: Table
    inbox: Table
    idempotency: Table
    calendar_overrides: Table


def kernel_tables(metadata: MetaData) -> KernelTables:
    """Define the kernel tables on ``metadata`` (call once per service)."""
    outbox = Table(
        "outbox_events",
        metadata,
        Column("id", Uuid(), primary_key=True),
        Column("event_id", Uuid(), nullable=False, comment="shared by every destination of one event"),
        Column("event_type", String(100), nullable=False),
        Column("destination", String(40), nullable=False),
        Column("region_code", String(6)),
        Column("payload", JSONType, nullable=False),
        Column("ordering_key", String(200),
               comment="the record the event is about; events with one key reach a destination in order"),
        Column("status", String(16), nullable=False, comment="pending | delivered | parked | dead"),
        Column("attempts", Integer, nullable=False, default=0),
        Column("next_attempt_at", UTCDateTime(), nullable=False),
        Column("last_error", Text),
        Column("created_at", UTCDateTime(), nullable=False),
        Column("delivered_at", UTCDateTime()),
        Index("ix_outbox_events_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_outbox_events_destination_ordering_key", "destination", "ordering_key"),
    )
    inbox = Table(
        "inbox_events",
        metadata,
        Column("event_id", Uuid(), primary_key=True),
        Column("event_type", String(100), nullable=False),
        Column("source", String(40), nullable=False),
        Column("outcome", String(16), nullable=False, comment="applied | ignored"),
        Column("received_at", UTCDateTime(), nullable=False),
    )
    idempotency = Table(
        "idempotency_keys",
        metadata,
        Column("scope_key", String(64), primary_key=True, comment="sha256 of caller, method, path, key"),
        Column("request_hash", String(64), nullable=False),
        Column("status_code", Integer, nullable=False),
        Column("headers", JSONType, nullable=False),
        Column("body", LargeBinary, nullable=False),
        Column("created_at", UTCDateTime(), nullable=False, index=True),
    )
    calendar_overrides = Table(
        "calendar_overrides",
        metadata,
        Column("id", Uuid(), primary_key=True, default=uuid.uuid4),
        Column("region_code", String(6), comment="NULL: a national override (admin); else that region's own"),
        Column("day", Date, nullable=False),
        Column("is_working_day", Boolean, nullable=False),
        Column("note", String(200), nullable=False, default=""),
        Column("updated_at", UTCDateTime(), nullable=False),
        Column("updated_by", String(100), nullable=False, default=""),
        # one national override per day, one per region and day (NULLs are distinct in a unique index)
        Index("uq_calendar_overrides_national_day", "day", unique=True,
              sqlite_where=text("region_code IS NULL"), postgresql_where=text("region_code IS NULL")),
        Index("uq_calendar_overrides_region_day", "region_code", "day", unique=True,
              sqlite_where=text("region_code IS NOT NULL"), postgresql_where=text("region_code IS NOT NULL")),
    )
    return KernelTables(outbox, inbox, idempotency, calendar_overrides)
