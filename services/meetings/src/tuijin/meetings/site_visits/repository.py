"""Queries of site visits: one visit, the lists, what each names, and the month's visits the duty counts read."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.meetings.minutes.models import DecidedItem
from tuijin.meetings.site_visits.enums import LinkKind
from tuijin.meetings.site_visits.models import SiteVisit, SiteVisitLink


async def visit(session: AsyncSession, visit_id: uuid.UUID, visibility: ColumnElement | None) -> SiteVisit | None:
    """The visit if the caller may see it (``visibility``: the WHERE clause of what they see)."""
    stmt = select(SiteVisit).where(SiteVisit.id == visit_id)
    if visibility is not None:
        stmt = stmt.where(visibility)
    return await session.scalar(stmt)


@dataclass
class VisitFilters:
    region_code: str | None = None
    project_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    unit_id: uuid.UUID | None = None
    date_from: date | None = None
    date_to: date | None = None
    kind: str | None = None


def _named(kind: LinkKind, ref_id: uuid.UUID) -> ColumnElement[bool]:
    return SiteVisit.id.in_(select(SiteVisitLink.visit_id).where(SiteVisitLink.kind == kind.value,
                                                                 SiteVisitLink.ref_id == ref_id))


def list_query(f: VisitFilters, visibility: ColumnElement | None) -> Select:
    stmt = select(SiteVisit)
    if visibility is not None:
        stmt = stmt.where(visibility)
    if f.region_code:
        stmt = stmt.where(SiteVisit.region_code == f.region_code)
    if f.project_id:
        stmt = stmt.where(_named(LinkKind.project, f.project_id))
    if f.person_id:
        stmt = stmt.where(_named(LinkKind.person, f.person_id))
    if f.unit_id:
        stmt = stmt.where(_named(LinkKind.unit, f.unit_id))
    if f.date_from:
        stmt = stmt.where(SiteVisit.visited_on >= f.date_from)
    if f.date_to:
        stmt = stmt.where(SiteVisit.visited_on <= f.date_to)
    if f.kind:
        stmt = stmt.where(SiteVisit.kind == f.kind)
    return stmt


async def links(session: AsyncSession, visit_ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, list[uuid.UUID]]]:
    """What each visit names, by kind (person, project, unit), in the order given."""
    out: dict[uuid.UUID, dict[str, list[uuid.UUID]]] = defaultdict(lambda: {k.value: [] for k in LinkKind})
    if not visit_ids:
        return out
    stmt = select(SiteVisitLink).where(SiteVisitLink.visit_id.in_(visit_ids)).order_by(
        SiteVisitLink.visit_id, SiteVisitLink.kind, SiteVisitLink.position)
    for row in (await session.scalars(stmt)).all():
        out[row.visit_id][row.kind].append(row.ref_id)
    return out


async def replace_links(session: AsyncSession, visit_id: uuid.UUID, kind: LinkKind, ids: list[uuid.UUID]) -> None:
    """The visit's people, projects or units, replaced as a whole."""
    await session.execute(delete(SiteVisitLink).where(SiteVisitLink.visit_id == visit_id,
                                                      SiteVisitLink.kind == kind.value))
    session.add_all([SiteVisitLink(visit_id=visit_id, kind=kind.value, ref_id=ref, position=i)
                     for i, ref in enumerate(ids)])


async def decided_items(session: AsyncSession, visit_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[DecidedItem]]:
    out: dict[uuid.UUID, list[DecidedItem]] = defaultdict(list)
    if not visit_ids:
        return out
    stmt = select(DecidedItem).where(DecidedItem.site_visit_id.in_(visit_ids)).order_by(
        DecidedItem.site_visit_id, DecidedItem.seq)
    for row in (await session.scalars(stmt)).all():
        out[row.site_visit_id].append(row)
    return out


async def last_seq(session: AsyncSession, visit_id: uuid.UUID) -> int:
    rows = await decided_items(session, [visit_id])
    return max((d.seq for d in rows.get(visit_id, [])), default=0)


@dataclass(frozen=True)
class VisitFact:
    """One visit as the duty counts read it."""

    visited_on: date
    kind: str
    people: frozenset[uuid.UUID]
    projects: frozenset[uuid.UUID]
    units: frozenset[uuid.UUID]


async def visits_between(session: AsyncSession, region_code: str, date_from: date, date_to: date,
                         kinds: list[str]) -> list[VisitFact]:
    """The region's visits of ``kinds`` in the period with what each names (two queries)."""
    stmt = select(SiteVisit.id, SiteVisit.visited_on, SiteVisit.kind).where(
        SiteVisit.region_code == region_code, SiteVisit.visited_on.between(date_from, date_to),
        SiteVisit.kind.in_(kinds))
    rows = (await session.execute(stmt)).all()
    named = await links(session, [r.id for r in rows])
    return [VisitFact(visited_on=r.visited_on, kind=r.kind, people=frozenset(named[r.id]["person"]),
                      projects=frozenset(named[r.id]["project"]), units=frozenset(named[r.id]["unit"]))
            for r in rows]
