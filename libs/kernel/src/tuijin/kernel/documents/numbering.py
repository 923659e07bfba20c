"""Document numbers (发文字号): each kind of document numbers per region and year from an atomic counter, in the
database of the service that issues it. ``document_counters`` holds the last serial of a region, kind and
year; ``document_numbers`` remembers the serial a subject (a meeting's notice, a run's ranking notice …) got, so
that a document downloaded again keeps its number. A service adds both tables to its metadata with
:func:`document_tables` (and its migration creates them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Column, Date, Integer, MetaData, String, Table, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.clock import today


@dataclass(frozen=True)
class DocumentTables:
    counters: Table
    numbers: Table


def document_tables(metadata: MetaData) -> DocumentTables:
    """Define the two numbering tables on ``metadata`` (call once per issuing service)."""
    counters = Table(
        "document_counters",
        metadata,
        Column("region_code", String(6), primary_key=True),
        Column("kind", String(40), primary_key=True, comment="a DocumentKind value, e.g. letter_supervision"),
        Column("year", Integer, primary_key=True),
        Column("last_serial", Integer, nullable=False, default=0),
    )
    numbers = Table(
        "document_numbers",
        metadata,
        Column("subject_key", String(120), primary_key=True,
               comment="what the document is of, e.g. meeting_notice:<meeting id>"),
        Column("region_code", String(6), nullable=False),
        Column("kind", String(40), nullable=False),
        Column("year", Integer, nullable=False),
        Column("serial", Integer, nullable=False),
        Column("issued_on", Date, nullable=False, comment="the business date the document is dated"),
    )
    return DocumentTables(counters, numbers)


def _insert(session: AsyncSession) -> type:
    return postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert


async def next_serial(session: AsyncSession, tables: DocumentTables, region_code: str, kind: str, year: int) -> int:
    """The next serial of the region's kind and year. The counter row is bumped by one atomic
    ``UPDATE … RETURNING``, so concurrent transactions wait for each other's row lock (PostgreSQL) or write lock
    (SQLite) and never share a serial."""
    c = tables.counters
    await session.execute(
        _insert(session)(c).values(region_code=region_code, kind=kind, year=year, last_serial=0)
        .on_conflict_do_nothing()
    )
    serial = await session.scalar(
        update(c)
        .where(c.c.region_code == region_code, c.c.kind == kind, c.c.year == year)
        .values(last_serial=c.c.last_serial + 1)
        .returning(c.c.last_serial)
    )
    assert serial is not None
    return int(serial)


@dataclass(frozen=True)
class Numbered:
    """The number a document got: its year and serial, and the date it is dated (成文日期)."""

    year: int
    serial: int
    on: date


async def number_of(session: AsyncSession, tables: DocumentTables, subject_key: str) -> Numbered | None:
    """The number ``subject_key`` got, if any."""
    n = tables.numbers
    row = (await session.execute(
        select(n.c.year, n.c.serial, n.c.issued_on).where(n.c.subject_key == subject_key))).first()
    return Numbered(int(row[0]), int(row[1]), row[2]) if row else None


async def number_for(
    session: AsyncSession, tables: DocumentTables, region_code: str, kind: str, subject_key: str,
    on: date | None = None,
) -> Numbered:
    """The number of the document of ``subject_key``: the one it got before, else the next serial of the kind in
    the year of ``on`` (default: today), remembered with that date. Two first downloads at once: the subject's
    row is written once (its primary key) and the other reads the winner's number (its serial stays unused)."""
    known = await number_of(session, tables, subject_key)
    if known is not None:
        return known
    day = on or today()
    serial = await next_serial(session, tables, region_code, kind, day.year)
    await session.execute(
        _insert(session)(tables.numbers)
        .values(subject_key=subject_key, region_code=region_code, kind=kind, year=day.year, serial=serial,
                issued_on=day)
        .on_conflict_do_nothing()
    )
    got = await number_of(session, tables, subject_key)
    assert got is not None
    return got
