"""Every query of inspections (督查), their visited projects and findings."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Select, delete, exists, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.issues.access import Scope, restrict
from tuijin.issues.attachments.models import Attachment
from tuijin.issues.directory.models import ProjectRefUnit
from tuijin.issues.inspections.enums import InspectionStatus
from tuijin.issues.inspections.models import Inspection, InspectionFinding, InspectionProject
from tuijin.issues.problems.enums import OPEN_STATUSES
from tuijin.issues.problems.models import Problem
from tuijin.issues.rectifications.enums import RectificationSource, RectificationStatus
from tuijin.issues.rectifications.models import Rectification

RECORD_KIND = "inspection"
NOTICE_LIMIT = 2000
"""A month's inspections and findings in one notice: a county holds a few dozen inspections a month."""


def visibility(scope: Scope) -> ColumnElement | None:
    """Inspections the caller may see. The office, supervisors, scorers and viewers: their region's, planned ones
    too. A unit or a leader: only recorded (or closed) ones that visited one of their projects — an inspection is
    not shown to the inspected before it is recorded (四不两直: 不发通知、不打招呼)."""
    region = scope.region(Inspection.region_code)
    if scope.region_wide:
        return region
    own: list[ColumnElement] = []
    if scope.unit_id is not None:
        own.append(InspectionProject.project_id.in_(
            select(ProjectRefUnit.project_id).where(ProjectRefUnit.unit_id == scope.unit_id)))
    if scope.leader_projects:
        own.append(InspectionProject.project_id.in_(scope.leader_projects))
    if not own:
        return false()
    about = exists().where(InspectionProject.inspection_id == Inspection.id, or_(*own))
    clause = (Inspection.status != InspectionStatus.planned.value) & about
    return clause if region is None else region & clause


async def get_visible(session: AsyncSession, inspection_id: uuid.UUID, scope: Scope) -> Inspection | None:
    return await session.scalar(restrict(select(Inspection), visibility(scope), (Inspection.id, inspection_id)))


def list_query(
    clause: ColumnElement | None,
    *,
    region_code: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    project_id: uuid.UUID | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Select:
    """Inspections the caller may see (``clause``) with the list's filters (paginated by the route)."""
    stmt = restrict(select(Inspection), clause, (Inspection.region_code, region_code), (Inspection.kind, kind),
                    (Inspection.status, status))
    if project_id is not None:
        stmt = stmt.where(exists().where(InspectionProject.inspection_id == Inspection.id,
                                         InspectionProject.project_id == project_id))
    if start is not None and end is not None:
        stmt = stmt.where(Inspection.inspected_on >= start, Inspection.inspected_on <= end)
    return stmt


async def projects_of(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[InspectionProject]]:
    out: dict[uuid.UUID, list[InspectionProject]] = {i: [] for i in ids}
    if ids:
        stmt = select(InspectionProject).where(InspectionProject.inspection_id.in_(ids)).order_by(
            InspectionProject.inspection_id, InspectionProject.position)
        for row in (await session.scalars(stmt)).all():
            out[row.inspection_id].append(row)
    return out


async def findings_of(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[InspectionFinding]]:
    out: dict[uuid.UUID, list[InspectionFinding]] = {i: [] for i in ids}
    if ids:
        stmt = select(InspectionFinding).where(InspectionFinding.inspection_id.in_(ids)).order_by(
            InspectionFinding.inspection_id, InspectionFinding.position)
        for row in (await session.scalars(stmt)).all():
            out[row.inspection_id].append(row)
    return out


async def problem_states(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, tuple[str, date | None]]:
    """Each problem's status and the day it was resolved."""
    if not ids:
        return {}
    rows = await session.execute(select(Problem.id, Problem.status, Problem.resolved_on).where(Problem.id.in_(ids)))
    return {pid: (status, resolved_on) for pid, status, resolved_on in rows.all()}


async def rectifications_of(
    session: AsyncSession, finding_ids: set[uuid.UUID]
) -> dict[uuid.UUID, tuple[uuid.UUID, str]]:
    """Each finding's rectification (整改): its id and status."""
    if not finding_ids:
        return {}
    rows = await session.execute(
        select(Rectification.source_id, Rectification.id, Rectification.status).where(
            Rectification.source_kind == RectificationSource.inspection_finding.value,
            Rectification.source_id.in_(finding_ids)))
    return {fid: (rid, status) for fid, rid, status in rows.all()}


async def replace_projects(session: AsyncSession, inspection_id: uuid.UUID, rows: list[InspectionProject]) -> None:
    await session.execute(delete(InspectionProject).where(InspectionProject.inspection_id == inspection_id))
    session.add_all(rows)


async def attachment_ids(session: AsyncSession, inspection_id: uuid.UUID) -> set[uuid.UUID]:
    """The files attached to the inspection."""
    stmt = select(Attachment.id).where(Attachment.record_kind == RECORD_KIND, Attachment.record_id == inspection_id)
    return set((await session.scalars(stmt)).all())


async def month_inspections(session: AsyncSession, region_code: str, start: date, end: date) -> list[Inspection]:
    """The region's inspections recorded (or closed) and held between ``start`` and ``end``. Bounded by
    :data:`NOTICE_LIMIT`."""
    stmt = (select(Inspection)
            .where(Inspection.region_code == region_code, Inspection.status != InspectionStatus.planned.value,
                   Inspection.inspected_on >= start, Inspection.inspected_on <= end)
            .order_by(Inspection.inspected_on, Inspection.id).limit(NOTICE_LIMIT))
    return list((await session.scalars(stmt)).all())


async def findings_resolved_between(
    session: AsyncSession, region_code: str, start: date, end: date
) -> list[InspectionFinding]:
    """Findings of the region whose problem was resolved between ``start`` and ``end`` (whenever found) and is
    resolved or closed now."""
    stmt = (select(InspectionFinding)
            .join(Problem, Problem.id == InspectionFinding.problem_id)
            .where(InspectionFinding.region_code == region_code, Problem.resolved_on >= start,
                   Problem.resolved_on <= end, Problem.status.not_in(OPEN_STATUSES))
            .order_by(Problem.resolved_on, InspectionFinding.id).limit(NOTICE_LIMIT))
    return list((await session.scalars(stmt)).all())


async def project_names(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str]]:
    """(code, name) of projects as the inspections visiting them stored them."""
    if not ids:
        return {}
    rows = await session.execute(select(InspectionProject.project_id, InspectionProject.project_code,
                                        InspectionProject.project_name).where(InspectionProject.project_id.in_(ids)))
    return {pid: (code, name) for pid, code, name in rows.all()}


async def findings_overdue(session: AsyncSession, region_code: str, on: date) -> list[InspectionFinding]:
    """Findings of the region to rectify whose deadline passed before ``on``, whose problem is still open and whose
    rectification the office has not verified."""
    verified = exists().where(Rectification.source_kind == RectificationSource.inspection_finding.value,
                              Rectification.source_id == InspectionFinding.id,
                              Rectification.status == RectificationStatus.verified.value)
    stmt = (select(InspectionFinding)
            .join(Problem, Problem.id == InspectionFinding.problem_id)
            .where(InspectionFinding.region_code == region_code, InspectionFinding.rectification_due_on < on,
                   Problem.status.in_(OPEN_STATUSES), ~verified)
            .order_by(InspectionFinding.rectification_due_on, InspectionFinding.id).limit(NOTICE_LIMIT))
    return list((await session.scalars(stmt)).all())
