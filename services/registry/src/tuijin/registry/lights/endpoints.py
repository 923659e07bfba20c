"""Routes of warning lights (亮灯)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from tuijin.kernel.access import ensure_office_of
from tuijin.kernel.auth import CurrentPrincipal
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import problem_responses
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.registry.deps import VisibleProject
from tuijin.registry.lights import repository as repo
from tuijin.registry.lights import service
from tuijin.registry.lights.enums import LightColour, LightKind
from tuijin.registry.lights.errors import ProjectNotFound
from tuijin.registry.lights.models import WarningLight, WarningLightChange
from tuijin.registry.lights.schemas import LightChangeOut, LightOut, LightRecomputeOut, RegionLightOut
from tuijin.registry.models import Project
from tuijin.registry.projects.access import project_visibility

router = APIRouter(prefix="/api/v1", tags=["warning lights"])

ON_PROJECT = problem_responses(ProjectNotFound)
RegionCode = Annotated[str, Query(pattern=r"^\d{6}$", examples=["410324"])]


@router.get("/projects/{project_id}/warning-lights", summary="A project's current lights", responses=ON_PROJECT)
async def project_lights(project: VisibleProject, session: SessionDep) -> list[LightOut]:
    """The start light (开工灯), progress light (进度灯) and procedure light (手续灯) with their reasons, as
    last recomputed (by the hourly job, and whenever one of the project's reports is submitted,
    verified or returned); empty before the first recomputation.

    Bounded: one light per kind, three at most."""
    return [LightOut.model_validate(light) for light in await repo.project_lights(session, project.id)]


@router.get("/projects/{project_id}/warning-lights/history", summary="A project's colour changes",
            responses=ON_PROJECT)
async def light_history(
    project: VisibleProject, session: SessionDep, page: PageParamsDep, kind: LightKind | None = None
) -> Page[LightChangeOut]:
    """Every colour a light took, newest first (append-only)."""
    stmt = repo.history_query(project.id, kind.value if kind else None)
    rows, cursor = await paginate(
        session, stmt, order=[WarningLightChange.changed_at, WarningLightChange.id], params=page, descending=True
    )
    return Page(items=[LightChangeOut.model_validate(c) for c in rows], next_cursor=cursor, limit=page.limit)


@router.get("/warning-lights", summary="Lights of a region")
async def region_lights(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageParamsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    kind: LightKind | None = None,
    colour: LightColour | None = None,
) -> Page[RegionLightOut]:
    """Current lights of the projects the caller may see, by project code; filter by region, kind and
    colour (e.g. every red light of the county)."""
    stmt = repo.region_lights_query(
        project_visibility(principal),
        region_code=region_code,
        kind=kind.value if kind else None,
        colour=colour.value if colour else None,
    )
    rows, cursor = await paginate(session, stmt, order=[Project.code, WarningLight.id], params=page)
    items = [
        RegionLightOut.model_validate(
            {**LightOut.model_validate(row[0]).model_dump(), "project_code": row.code, "project_name": row.name}
        )
        for row in rows
    ]
    return Page(items=items, next_cursor=cursor, limit=page.limit)


@router.post("/warning-lights/recompute", summary="Recompute a region's lights now")
async def recompute(
    request: Request, session: SessionDep, principal: CurrentPrincipal, region_code: RegionCode
) -> LightRecomputeOut:
    """What the hourly job does, for one region, now (office): colour changes go into the history and
    out as "light.changed" events."""
    ensure_office_of(principal, region_code)
    cal = await request.app.state.calendar.get(session, region_code)
    counts = await service.recompute(session, cal, region_code=region_code)
    return LightRecomputeOut(**counts)
