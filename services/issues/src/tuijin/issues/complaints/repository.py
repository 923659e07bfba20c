"""Every query of efficiency complaints."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, false, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.issues.access import Scope, restrict
from tuijin.issues.complaints.enums import ComplaintStatus
from tuijin.issues.complaints.models import Complaint


def visibility(scope: Scope) -> ColumnElement | None:
    """Complaints are seen region-wide (the office, supervisors, scorers, viewers) and by nobody else: the unit
    complained about does not see who complained (the office hears it during the investigation)."""
    return scope.region(Complaint.region_code) if scope.region_wide else false()


async def get_visible(session: AsyncSession, complaint_id: uuid.UUID, scope: Scope) -> Complaint | None:
    return await session.scalar(restrict(select(Complaint), visibility(scope), (Complaint.id, complaint_id)))


@dataclass
class ComplaintFilters:
    region_code: str | None = None
    status: str | None = None
    unit_id: uuid.UUID | None = None
    project_id: uuid.UUID | None = None
    finding: str | None = None
    start: date | None = None
    end: date | None = None
    overdue: bool | None = None


def list_query(f: ComplaintFilters, clause: ColumnElement | None, on: date) -> Select:
    stmt = restrict(
        select(Complaint),
        clause,
        (Complaint.region_code, f.region_code),
        (Complaint.status, f.status),
        (Complaint.unit_id, f.unit_id),
        (Complaint.project_id, f.project_id),
        (Complaint.finding, f.finding),
    )
    if f.start is not None:
        stmt = stmt.where(Complaint.received_on >= f.start)
    if f.end is not None:
        stmt = stmt.where(Complaint.received_on <= f.end)
    if f.overdue is not None:
        late = (Complaint.status != ComplaintStatus.concluded.value) & (Complaint.finding_due_on < on)
        stmt = stmt.where(late if f.overdue else ~late)
    return stmt
