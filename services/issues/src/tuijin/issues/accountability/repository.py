"""Every query of accountability records."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.issues.access import Scope, restrict
from tuijin.issues.accountability.models import AccountabilityRecord
from tuijin.issues.interviews.models import Interview
from tuijin.issues.letters.models import Letter


def visibility(scope: Scope) -> ColumnElement | None:
    """The caller's regions (the route has already refused every role but the office and supervisors)."""
    return scope.region(AccountabilityRecord.region_code)


async def get_visible(session: AsyncSession, record_id: uuid.UUID, scope: Scope) -> AccountabilityRecord | None:
    return await session.scalar(
        restrict(select(AccountabilityRecord), visibility(scope), (AccountabilityRecord.id, record_id))
    )


@dataclass
class AccountabilityFilters:
    region_code: str | None = None
    start: date | None = None
    end: date | None = None
    sanction: str | None = None
    unit_id: uuid.UUID | None = None
    post_id: uuid.UUID | None = None
    project_id: uuid.UUID | None = None


def list_query(f: AccountabilityFilters, clause: ColumnElement | None) -> Select:
    stmt = restrict(
        select(AccountabilityRecord),
        clause,
        (AccountabilityRecord.region_code, f.region_code),
        (AccountabilityRecord.sanction, f.sanction),
        (AccountabilityRecord.unit_id, f.unit_id),
        (AccountabilityRecord.post_id, f.post_id),
        (AccountabilityRecord.project_id, f.project_id),
    )
    if f.start is not None:
        stmt = stmt.where(AccountabilityRecord.decided_on >= f.start)
    if f.end is not None:
        stmt = stmt.where(AccountabilityRecord.decided_on <= f.end)
    return stmt


async def letter_region(session: AsyncSession, letter_id: uuid.UUID) -> str | None:
    return await session.scalar(select(Letter.region_code).where(Letter.id == letter_id))


async def interview_region(session: AsyncSession, interview_id: uuid.UUID) -> str | None:
    return await session.scalar(select(Interview.region_code).where(Interview.id == interview_id))
