"""Routes of the public disclosure view (阳光行动): no login, nothing private."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import problem_responses
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.registry.models import Project
from tuijin.registry.public import repository as repo
from tuijin.registry.public import service
from tuijin.registry.public.errors import ProjectNotFound, RegionNotFound
from tuijin.registry.public.schemas import PublicProject, PublicRegion

router = APIRouter(prefix="/api/v1/public", tags=["public disclosure (阳光行动)"])
CACHE = "public, max-age=60"


@router.get("/regions/{region_code}", summary="A region's name for its public page (no login)",
            responses=problem_responses(RegionNotFound))
async def get_public_region(
    response: Response, session: SessionDep, region_code: Annotated[str, Path(pattern=r"^\d{6}$", examples=["410324"])],
) -> PublicRegion:
    """The region's code and name, for the heading of its public page (阳光行动). Needs no token."""
    region = await repo.region(session, region_code)
    if region is None:
        raise RegionNotFound("No such region.")
    response.headers["Cache-Control"] = CACHE
    return PublicRegion(code=region.code, name=region.name)


@router.get("/projects", summary="Published key projects of a region (no login)")
async def list_public_projects(
    response: Response,
    session: SessionDep,
    page: PageParamsDep,
    region_code: Annotated[str, Query(pattern=r"^\d{6}$", examples=["410324"])],
    year: Annotated[int | None, Query(ge=2000, le=2100, description="whose yearly list; this year if omitted")] = None,
) -> Page[PublicProject]:
    """The region's projects on the yearly list, by code, with what is published (seed 000, 舆论监督):
    the responsible leader (post and current holder), the service team (names and roles), the time
    nodes, and the progress of each ended quarter from verified reports. Needs no token; carries no
    phone numbers and no money. Keyset-paginated."""
    year = year or today().year
    stmt = repo.list_query(region_code, year)
    rows, cursor = await paginate(session, stmt, order=[Project.code, Project.id], params=page)
    response.headers["Cache-Control"] = CACHE
    return Page(items=await service.public_views(session, rows, year), next_cursor=cursor, limit=page.limit)


@router.get("/projects/{project_id}", summary="A published key project (no login)",
            responses=problem_responses(ProjectNotFound))
async def get_public_project(
    project_id: uuid.UUID,
    response: Response,
    session: SessionDep,
    year: Annotated[int | None, Query(ge=2000, le=2100, description="whose quarterly progress; this year if "
                                      "omitted")] = None,
) -> PublicProject:
    """One project as the public sees it (404 for a project on no yearly list, e.g. in the reserve
    library). Needs no token."""
    project = await repo.published(session, project_id)
    if project is None:
        raise ProjectNotFound("No such published project.")
    response.headers["Cache-Control"] = CACHE
    return (await service.public_views(session, [project], year or today().year))[0]
