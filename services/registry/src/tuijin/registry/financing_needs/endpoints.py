"""Routes of the financing needs list (融资需求清单)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from tuijin.kernel.auth import CurrentPrincipal, RoleRequired, ensure_region
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import problem_responses
from tuijin.kernel.etag import IfMatchRequired, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.registry.financing_needs import errors, service
from tuijin.registry.financing_needs import repository as repo
from tuijin.registry.financing_needs.documents import financing_workbook
from tuijin.registry.financing_needs.models import FinancingNeed
from tuijin.registry.financing_needs.schemas import (
    FinancingNeedIn,
    FinancingNeedOut,
    FinancingNeedPatch,
    FinancingSummary,
)
from tuijin.registry.organisation import service as organisation
from tuijin.registry.organisation.errors import RegionNotFound
from tuijin.registry.project_lists.table import XLSX_MEDIA_TYPE, XLSX_RESPONSE, content_disposition
from tuijin.registry.projects.access import project_visibility

router = APIRouter(prefix="/api/v1/financing-needs", tags=["financing needs"])

RegionCode = Annotated[str, Query(pattern=r"^\d{6}$", examples=["620524"])]
Year = Annotated[int, Query(ge=2000, le=2100, description="the year the financing is sought for")]


@router.post("", status_code=201, summary="State a project's financing need",
             responses=problem_responses(RoleRequired, errors.UnitForbidden, errors.InvalidReference,
                                         errors.FinancingNeedExists))
async def create_need(etag: SendsETag, location: SendsLocation, body: FinancingNeedIn, session: SessionDep,
                        principal: CurrentPrincipal) -> FinancingNeedOut:
    """The financing a project seeks in ``year`` (融资需求): amount in 万元, channel, status. The office states it
    for any project of its region, a unit for the projects it is responsible for or owns. One need per project, year
    and channel (409 ``financing_need_exists``)."""
    need = await service.create(session, body, principal)
    location(f"/api/v1/financing-needs/{need.id}")
    etag(need.version)
    return await service.view(session, need.id)


@router.get("", summary="List financing needs")
async def list_needs(session: SessionDep, principal: CurrentPrincipal, page: PageParamsDep,
                       region_code: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
                       year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
                       project_id: uuid.UUID | None = None) -> Page[FinancingNeedOut]:
    """The needs of the projects the caller may see, by region, year and project; keyset-paginated."""
    stmt = repo.list_query(repo.Filters(region_code, year, project_id), project_visibility(principal))
    rows, cursor = await paginate(session, stmt, order=[FinancingNeed.year, FinancingNeed.id], params=page)
    return Page(items=[service.to_out(r) for r in rows], next_cursor=cursor, limit=page.limit)


@router.get("/summary", summary="Financing needs summed by unit and township",
            responses=problem_responses(RegionNotFound))
async def need_summary(session: SessionDep, principal: CurrentPrincipal, region_code: RegionCode,
                       year: Year) -> FinancingSummary:
    """The region's financing needs of ``year`` in 万元 (of what the caller may see): in total, by responsible unit
    and by township (the project's 乡镇), with the amount already secured."""
    ensure_region(principal, region_code)
    await organisation.get_region(session, region_code)
    return await service.summary(session, region_code, year, principal)


@router.get("/export.xlsx", summary="The financing needs list as .xlsx", response_class=Response,
            responses={**XLSX_RESPONSE, **problem_responses(RegionNotFound)})
async def export_needs(session: SessionDep, principal: CurrentPrincipal, region_code: RegionCode,
                         year: Year) -> Response:
    """The financing needs list as the office sends it to banks and financial institutions (融资需求清单): the list
    with a 合计 row, then the sums by unit and by township, print-ready."""
    ensure_region(principal, region_code)
    region = await organisation.get_region(session, region_code)
    visibility = project_visibility(principal)
    items = [service.to_out(r) for r in await repo.all_of(session, region_code, year, visibility)]
    summary = await service.summary(session, region_code, year, principal)
    content = await financing_workbook(items, summary, region.name)
    return Response(content, media_type=XLSX_MEDIA_TYPE, headers={"Content-Disposition": content_disposition(
        f"{region.name}{year}年度融资需求清单.xlsx", f"financing-needs-{region_code}-{year}.xlsx")})


@router.get("/{need_id}", summary="Read a financing need", responses=problem_responses(errors.FinancingNeedNotFound))
async def get_need(etag: SendsETag, need_id: uuid.UUID, session: SessionDep,
                     principal: CurrentPrincipal) -> FinancingNeedOut:
    """One need with its project's names; ETag for edits."""
    row = await service.read(session, need_id, principal)
    etag(row[0].version)
    return service.to_out(row)


@router.patch("/{need_id}", summary="Change a financing need",
              responses=problem_responses(errors.FinancingNeedNotFound, RoleRequired, errors.UnitForbidden,
                                          errors.Required, errors.FinancingNeedExists))
async def patch_need(if_match: IfMatchRequired, etag: SendsETag, need_id: uuid.UUID, body: FinancingNeedPatch,
                       session: SessionDep, principal: CurrentPrincipal) -> FinancingNeedOut:
    """Change the amount, channel, status or note (If-Match required); who may is as for stating it."""
    row = await service.read(session, need_id, principal)
    need: FinancingNeed = row[0]
    if_match.check(need.version)
    await service.patch(session, need, body, principal)
    etag(need.version)
    return await service.view(session, need_id)
