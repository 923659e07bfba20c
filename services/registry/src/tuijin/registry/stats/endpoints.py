"""Routes of the statistics of a region's yearly list, as JSON and as .xlsx."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from tuijin.kernel.auth import Principal, Role, ensure_region, require_roles
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import problem_responses
from tuijin.registry.organisation import service as core
from tuijin.registry.project_lists.table import XLSX_MEDIA_TYPE, XLSX_RESPONSE, content_disposition
from tuijin.registry.stats import service
from tuijin.registry.stats.documents import statistics_workbook
from tuijin.registry.stats.errors import RegionNotFound
from tuijin.registry.stats.schemas import MapPoint, StageGroups, Statistics

router = APIRouter(prefix="/api/v1/statistics", tags=["statistics"])

READ = problem_responses(RegionNotFound)
Reader = Annotated[Principal, Depends(require_roles(Role.office, Role.leader, Role.supervisor, Role.viewer))]
RegionCode = Annotated[str, Query(pattern=r"^\d{6}$", examples=["410324"])]
Year = Annotated[int | None, Query(ge=2000, le=2100, description="this year if omitted")]
Month = Annotated[
    int | None,
    Query(ge=1, le=12, description="count reports through the end of this month; if omitted, through the latest "
          "period due (this year) or the whole year (a past year)"),
]


StartBy = Annotated[
    date | None,
    Query(description="开工率 counts starts on or before this day; today if omitted (a past year: its last day)"),
]


@router.get("", summary="Statistics of a region's yearly list", responses=READ)
async def get_statistics(
    request: Request,
    session: SessionDep,
    principal: Reader,
    region_code: RegionCode,
    year: Year = None,
    month: Month = None,
    start_by: StartBy = None,
) -> Statistics:
    """The projects with a plan for ``year``, aggregated in the database: counts, total investment,
    planned and completed investment (万元, strings) in total, by stage, by system (体系) and by township;
    completion of the plan against 序时进度; current warning lights; report timeliness by responsible
    unit for the last period counted; 开工率 (planned new starts started by ``start_by``), 联审联批完成率 (procedures
    done, those not needed left out), funds in place (到位资金) and the latest demolition progress (征迁) of each
    project that states one. For the office, leaders, supervisors and viewers of the region."""
    ensure_region(principal, region_code)
    await core.get_region(session, region_code)
    cal = await request.app.state.calendar.get(session, region_code)
    return await service.statistics(session, region_code, year or today().year, cal, month=month, start_by=start_by)


@router.get("/stage-groups", summary="The region's groups of stages against the yearly list", responses=READ)
async def get_stage_groups(
    session: SessionDep, principal: Reader, region_code: RegionCode, year: Year = None
) -> StageGroups:
    """The stages the region uses and its groups of stages with their target counts (its ``stages`` policy; 楚雄's
    "3个30": 30 在建, 30 新开工, 30 重大前期), each with the projects of ``year``'s list at its stages now and how
    many it is still short of the target. For the office, leaders, supervisors and viewers of the region."""
    ensure_region(principal, region_code)
    await core.get_region(session, region_code)
    return await service.stage_groups(session, region_code, year or today().year)


@router.get("/map-points", summary="The yearly list as map points with lights", responses=READ)
async def get_map_points(
    session: SessionDep, principal: Reader, region_code: RegionCode, year: Year = None
) -> list[MapPoint]:
    """Every project with a plan for ``year`` (the same projects the statistics count), by code, with its
    location and coordinates when recorded and its current lights (the worst one in ``light``): the points
    of the map of 挂图作战. Two queries whatever the size of the list.

    Bounded: one point per project on the region's list of one year (a county's yearly key-project list, the
    same projects the statistics count); the dashboard reads it whole."""
    ensure_region(principal, region_code)
    await core.get_region(session, region_code)
    return await service.map_points(session, region_code, year or today().year)


@router.get(
    "/export.xlsx",
    summary="Monthly statistics as .xlsx",
    response_class=Response,
    responses={**XLSX_RESPONSE, **READ},
)
async def export_statistics(
    request: Request,
    session: SessionDep,
    principal: Reader,
    region_code: RegionCode,
    year: Year = None,
    month: Month = None,
) -> Response:
    """The statistics of ``GET /api/v1/statistics`` (same parameters) as a workbook for the monthly
    notice (月度通报): a summary with 序时进度, one sheet per breakdown, the lights and report timeliness
    by unit."""
    ensure_region(principal, region_code)
    region = await core.get_region(session, region_code)
    year = year or today().year
    cal = await request.app.state.calendar.get(session, region_code)
    stats = await service.statistics(session, region_code, year, cal, month=month)
    content = await statistics_workbook(stats, region.name)
    label = f"{year}-{month:02d}" if month else (stats.completion.period or str(year))
    return Response(
        content,
        media_type=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": content_disposition(
            f"{region.name}重点项目统计_{label}.xlsx", f"statistics-{region_code}-{label}.xlsx"
        )},
    )
