"""Queries of quarterly written reports."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.registry.models import Project
from tuijin.registry.quarterly_reports.enums import HANDED_IN
from tuijin.registry.quarterly_reports.models import QuarterlyReport


@dataclass
class Filters:
    region_code: str | None = None
    year: int | None = None
    quarter: int | None = None
    status: str | None = None
    unit_id: uuid.UUID | None = None


def list_query(filters: Filters, visibility: ColumnElement | None) -> Select:
    """The reports the caller may see (through their projects)."""
    stmt = select(QuarterlyReport).join(Project, Project.id == QuarterlyReport.project_id)
    if visibility is not None:
        stmt = stmt.where(visibility)
    if filters.region_code:
        stmt = stmt.where(QuarterlyReport.region_code == filters.region_code)
    if filters.year is not None:
        stmt = stmt.where(QuarterlyReport.year == filters.year)
    if filters.quarter is not None:
        stmt = stmt.where(QuarterlyReport.quarter == filters.quarter)
    if filters.status:
        stmt = stmt.where(QuarterlyReport.status == filters.status)
    if filters.unit_id is not None:
        stmt = stmt.where(QuarterlyReport.unit_id == filters.unit_id)
    return stmt


async def one(session: AsyncSession, report_id: uuid.UUID, visibility: ColumnElement | None) -> Any:
    """The report and its project, if the caller may see the project."""
    stmt = (select(QuarterlyReport, Project).join(Project, Project.id == QuarterlyReport.project_id)
            .where(QuarterlyReport.id == report_id))
    if visibility is not None:
        stmt = stmt.where(visibility)
    return (await session.execute(stmt)).first()


async def exists_for(session: AsyncSession, project_id: uuid.UUID, year: int, quarter: int) -> uuid.UUID | None:
    stmt = select(QuarterlyReport.id).where(QuarterlyReport.project_id == project_id, QuarterlyReport.year == year,
                                            QuarterlyReport.quarter == quarter)
    return await session.scalar(stmt)


def missing_query(region_code: str, year: int, quarter: int, stages: list[str],
                  visibility: ColumnElement | None) -> Select:
    """Projects of the region in a reporting stage without a submitted or accepted report for the quarter."""
    handed_in = exists().where(QuarterlyReport.project_id == Project.id, QuarterlyReport.year == year,
                               QuarterlyReport.quarter == quarter, QuarterlyReport.status.in_(HANDED_IN))
    stmt = select(Project).where(Project.region_code == region_code, Project.stage.in_(stages), ~handed_in)
    if visibility is not None:
        stmt = stmt.where(visibility)
    return stmt
