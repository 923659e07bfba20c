"""Routes of the reserve library (储备库)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request

from tuijin.kernel.auth import CurrentPrincipal, RoleRequired
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import problem_responses
from tuijin.kernel.etag import IfMatchRequired, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.registry.public.errors import ProjectNotFound
from tuijin.registry.reserve import errors, service
from tuijin.registry.reserve import repository as repo
from tuijin.registry.reserve.enums import ReserveCategory, ReserveLevel, ReserveStatus
from tuijin.registry.reserve.models import ReserveEntry
from tuijin.registry.reserve.schemas import PromotionIn, ReserveEntryIn, ReserveEntryOut, ReserveEntryPatch

router = APIRouter(prefix="/api/v1/reserve-entries", tags=["reserve library"])



@router.post(
    "", status_code=201, summary="Put a reserve project into a library",
    responses=problem_responses(RoleRequired, errors.ProjectNotInReserve, errors.ReserveEntryExists,
                                *errors.ENTRY_FIELD_PROBLEMS),
)
async def create_entry(
    etag: SendsETag, location: SendsLocation, body: ReserveEntryIn, session: SessionDep, principal: CurrentPrincipal
) -> ReserveEntryOut:
    """Enter a project of stage 储备 into the county, department or township library (三级滚动储备库) with
    its category, planned total and first-year investment and the year it is proposed for. The office
    writes every level; a unit proposes into the department or township library, in its own name, for
    a project it is responsible for or owns. The answer carries the selection check (选定标准)."""
    entry = await service.create_entry(session, body, principal)
    location(f"/api/v1/reserve-entries/{entry.id}")
    etag(entry.version)
    return (await service.to_out(session, [entry]))[0]


@router.get("", summary="List the reserve library")
async def list_entries(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageParamsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    level: ReserveLevel | None = None,
    category: ReserveCategory | None = None,
    proposed_year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    status: ReserveStatus | None = None,
    proposing_unit_id: uuid.UUID | None = None,
) -> Page[ReserveEntryOut]:
    """Entries by level, category, year and status, each with its selection check (pass/fail per rule
    with the numbers, against the policy of its proposed year); ordered by year, keyset-paginated. A unit
    sees its projects' entries and the ones it proposed; a leader those of its posts' projects."""
    filters = repo.EntryFilters(
        region_code=region_code,
        level=level.value if level else None,
        category=category.value if category else None,
        proposed_year=proposed_year,
        status=status.value if status else None,
        proposing_unit_id=proposing_unit_id,
    )
    stmt = repo.entry_list_query(filters, repo.entry_visibility(principal))
    rows, cursor = await paginate(session, stmt, order=[ReserveEntry.proposed_year, ReserveEntry.id], params=page)
    return Page(items=await service.to_out(session, list(rows)), next_cursor=cursor, limit=page.limit)


async def _entry(session: SessionDep, entry_id: uuid.UUID, principal: CurrentPrincipal) -> ReserveEntry:
    entry = await repo.visible_entry(session, entry_id, repo.entry_visibility(principal))
    if entry is None:
        raise errors.ReserveEntryNotFound("No such reserve entry.")
    return entry


@router.get("/{entry_id}", summary="Read a reserve entry", responses=problem_responses(errors.ReserveEntryNotFound))
async def get_entry(
    etag: SendsETag, entry_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> ReserveEntryOut:
    """The entry with its selection check; ETag for edits."""
    entry = await _entry(session, entry_id, principal)
    etag(entry.version)
    return (await service.to_out(session, [entry]))[0]


@router.patch(
    "/{entry_id}", summary="Change a reserve entry",
    responses=problem_responses(RoleRequired, errors.ReserveEntryNotFound, ProjectNotFound, errors.EntryPromoted,
                                errors.Required,
                                *errors.ENTRY_FIELD_PROBLEMS),
)
async def patch_entry(
    if_match: IfMatchRequired,
    etag: SendsETag,
    entry_id: uuid.UUID,
    body: ReserveEntryPatch,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> ReserveEntryOut:
    """Edit an entry still in the library (If-Match required). Rolling (滚动): an entry not selected for
    its year moves on with a later ``proposed_year``. A promoted entry is the record of its promotion
    and cannot change (409)."""
    entry = await _entry(session, entry_id, principal)
    if_match.check(entry.version)
    await service.patch_entry(session, entry, body, principal)
    etag(entry.version)
    return (await service.to_out(session, [entry]))[0]


@router.post(
    "/promotions", summary="Promote reserve projects into a year's list",
    responses=problem_responses(RoleRequired, errors.PromotionRefused, errors.YearInPast,
                                errors.StageTransitionNotAllowed, errors.StageNotUsed),
)
async def promote(body: PromotionIn, session: SessionDep, principal: CurrentPrincipal) -> list[ReserveEntryOut]:
    """The office promotes selected entries into year ``year``'s key-project list, all or nothing: each
    project moves 储备 → 前期 or 计划新开工 (kept in its stage history) and gets its plan for the year with
    the entry's first-year investment. An entry failing the selection check for that year needs an
    ``override_reason``; otherwise the whole batch is refused (422 ``promotion_refused``) and the problem
    names every failing project with its numbers.

    Bounded: the entries promoted, at most the batch's 500 items."""
    promoted = await service.promote(session, body, principal)
    return await service.to_out(session, promoted)
