"""Routes of the land demand list (用地需求清单)."""

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
from tuijin.registry.land_demands import errors, service
from tuijin.registry.land_demands import repository as repo
from tuijin.registry.land_demands.documents import land_workbook
from tuijin.registry.land_demands.models import LandDemand
from tuijin.registry.land_demands.schemas import LandDemandIn, LandDemandOut, LandDemandPatch, LandSummary
from tuijin.registry.organisation import service as organisation
from tuijin.registry.organisation.errors import RegionNotFound
from tuijin.registry.project_lists.table import XLSX_MEDIA_TYPE, XLSX_RESPONSE, content_disposition
from tuijin.registry.projects.access import project_visibility

router = APIRouter(prefix="/api/v1/land-demands", tags=["land demands"])

RegionCode = Annotated[str, Query(pattern=r"^\d{6}$", examples=["620524"])]
Year = Annotated[int, Query(ge=2000, le=2100, description="the year the land is needed for")]


@router.post("", status_code=201, summary="State a project's land demand",
             responses=problem_responses(RoleRequired, errors.UnitForbidden, errors.InvalidReference,
                                         errors.LandDemandExists))
async def create_demand(etag: SendsETag, location: SendsLocation, body: LandDemandIn, session: SessionDep,
                        principal: CurrentPrincipal) -> LandDemandOut:
    """The land a project needs in ``year`` (用地需求): area in 亩, kind, whether it is in the land-use plan, needed
    by a date. The office states it for any project of its region, a unit for the projects it is responsible for
    or owns. One demand per project, year and land kind (409 ``land_demand_exists``)."""
    demand = await service.create(session, body, principal)
    location(f"/api/v1/land-demands/{demand.id}")
    etag(demand.version)
    return await service.view(session, demand.id)


@router.get("", summary="List land demands")
async def list_demands(session: SessionDep, principal: CurrentPrincipal, page: PageParamsDep,
                       region_code: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
                       year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
                       project_id: uuid.UUID | None = None) -> Page[LandDemandOut]:
    """The demands of the projects the caller may see, by region, year and project; keyset-paginated."""
    stmt = repo.list_query(repo.Filters(region_code, year, project_id), project_visibility(principal))
    rows, cursor = await paginate(session, stmt, order=[LandDemand.year, LandDemand.id], params=page)
    return Page(items=[service.to_out(r) for r in rows], next_cursor=cursor, limit=page.limit)


@router.get("/summary", summary="Land demand summed by unit and township", responses=problem_responses(RegionNotFound))
async def demand_summary(session: SessionDep, principal: CurrentPrincipal, region_code: RegionCode,
                         year: Year) -> LandSummary:
    """The region's land demand of ``year`` in 亩 (of what the caller may see): in total, by responsible unit and by
    township (the project's 乡镇), with the area already in the land-use plan."""
    ensure_region(principal, region_code)
    await organisation.get_region(session, region_code)
    return await service.summary(session, region_code, year, principal)


@router.get("/export.xlsx", summary="The land demand list as .xlsx", response_class=Response,
            responses={**XLSX_RESPONSE, **problem_responses(RegionNotFound)})
async def export_demands(session: SessionDep, principal: CurrentPrincipal, region_code: RegionCode,
                         year: Year) -> Response:
    """The land demand list as the office sends it to natural resources (用地需求清单): the list with a 合计 row,
    then the sums by unit and by township, print-ready."""
    ensure_region(principal, region_code)
    region = await organisation.get_region(session, region_code)
    visibility = project_visibility(principal)
    items = [service.to_out(r) for r in await repo.all_of(session, region_code, year, visibility)]
    summary = await service.summary(session, region_code, year, principal)
    content = await land_workbook(items, summary, region.name)
    return Response(content, media_type=XLSX_MEDIA_TYPE, headers={"Content-Disposition": content_disposition(
        f"{region.name}{year}年度用地需求清单.xlsx", f"land-demands-{region_code}-{year}.xlsx")})


@router.get("/{demand_id}", summary="Read a land demand", responses=problem_responses(errors.LandDemandNotFound))
async def get_demand(etag: SendsETag, demand_id: uuid.UUID, session: SessionDep,
                     principal: CurrentPrincipal) -> LandDemandOut:
    """One demand with its project's names; ETag for edits."""
    row = await service.read(session, demand_id, principal)
    etag(row[0].version)
    return service.to_out(row)


@router.patch("/{demand_id}", summary="Change a land demand",
              responses=problem_responses(errors.LandDemandNotFound, RoleRequired, errors.UnitForbidden,
                                          errors.Required, errors.LandDemandExists))
async def patch_demand(if_match: IfMatchRequired, etag: SendsETag, demand_id: uuid.UUID, body: LandDemandPatch,
                       session: SessionDep, principal: CurrentPrincipal) -> LandDemandOut:
    """Change the area, kind, plan status, date or note (If-Match required); who may is as for stating it."""
    row = await service.read(session, demand_id, principal)
    demand: LandDemand = row[0]
    if_match.check(demand.version)
    await service.patch(session, demand, body, principal)
    etag(demand.version)
    return await service.view(session, demand_id)
