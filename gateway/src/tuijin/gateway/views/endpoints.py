"""Routes of the composed views: a project's dossier, the dashboard, my to-dos and the public overview.
Each reads the services concurrently with the caller's token and answers within the view deadline,
listing in ``missing`` what it could not get."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from tuijin.gateway.errors import RegionRequired
from tuijin.gateway.views import dashboard, dossier, public, todos
from tuijin.gateway.views.dashboard import RegionNotFound
from tuijin.gateway.views.dossier import ProjectNotFound
from tuijin.gateway.views.schemas import Dashboard, Dossier, PublicOverview, Todos
from tuijin.kernel.auth import (
    CurrentPrincipal,
    Principal,
    RegionForbidden,
    Role,
    RoleRequired,
    UnitForbidden,
    ensure_region,
    require_roles,
)
from tuijin.kernel.clock import today
from tuijin.kernel.errors import BadGateway, UpstreamUnavailable, problem_responses

router = APIRouter(prefix="/api/v1", tags=["composed views (组合视图)"])

RegionCode = Annotated[
    str | None, Query(pattern=r"^\d{6}$", examples=["410324"], description="the caller's own region if omitted")
]
Year = Annotated[int | None, Query(ge=2000, le=2100, description="this year if omitted")]
DashboardReader = Annotated[Principal, Depends(require_roles(Role.office, Role.leader, Role.supervisor, Role.viewer))]


def _token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header.split(" ", 1)[1] if header.lower().startswith("bearer ") else None


def _deadline(request: Request) -> float:
    return request.app.state.settings.view_deadline_seconds


@router.get(
    "/dossiers/{project_id}",
    summary="A project's dossier (一项目一档案)",
    # a 403 is the registry's, relayed with its code: the kernel's access refusals
    responses=problem_responses(ProjectNotFound, UpstreamUnavailable, RoleRequired, RegionForbidden, UnitForbidden),
)
async def get_dossier(project_id: uuid.UUID, request: Request, principal: CurrentPrincipal) -> Dossier:
    """The project with its team and leader, node plan, procedures, latest reports and completion rates,
    lights, open problems with their level and timeline, letters, the meetings that took it up and their
    decided items, and its latest published scores: one call, read from the four services at once with the
    caller's token (each service applies its own access rules). When a service is down or slow the dossier
    still answers within ``view_deadline_seconds``: the parts it could not get are null and listed in
    ``missing``, and ``complete`` is false. 404 when the registry has no such project for the caller; 503
    ``upstream_unavailable`` (``upstream``: registry) when the registry cannot confirm the project exists and is
    the caller's to read (down, failing or past the deadline), never a dossier of empty parts. A 403 of the
    registry (a stricter access rule) is relayed with its code."""
    return await dossier.dossier(request.app.state.upstreams, _token(request), _deadline(request), project_id)


@router.get(
    "/dashboard",
    summary="The dashboard of a region and year (挂图作战)",
    responses=problem_responses(RegionRequired, RegionForbidden, RegionNotFound),
)
async def get_dashboard(
    request: Request, principal: DashboardReader, region_code: RegionCode = None, year: Year = None
) -> Dashboard:
    """Counts and investment by stage, system and light; completion against the plan and 序时进度; open
    problems by level and overdue; meetings of the next two weeks; overdue decided items and reports; the
    latest published ranking's top and bottom; the map's points with their lights. Read from aggregates and
    bulk reads only (a fixed number of calls whatever the region's size), with the same deadline and
    ``missing`` rules as the dossier. For the office, leaders, supervisors and viewers of the region; 404 for
    a region the registry does not know."""
    region = region_code or principal.region_code
    if not region:
        raise RegionRequired(
            "The dashboard needs region_code.",
            errors=[{"field": "query.region_code", "message": "required", "type": "missing"}],
        )
    ensure_region(principal, region)
    return await dashboard.dashboard(
        request.app.state.upstreams, _token(request), _deadline(request), region, year or today().year
    )


@router.get("/todos", summary="My to-dos (我的待办)")
async def get_todos(request: Request, principal: CurrentPrincipal) -> Todos:
    """What the logged-in user has to do: for a unit, the reports it missed or had returned, the problems
    it must answer, the letters it must reply to, the decided items it owns and the meetings to attend (or
    ask leave for); for anyone scoring, the score sheets still to fill; for a county leader, the projects of
    the posts they hold with their lights and open problems. Same deadline and ``missing`` rules as the
    dossier."""
    return await todos.todos(request.app.state.upstreams, _token(request), _deadline(request), principal)


@router.get(
    "/public/overview",
    summary="Public overview of a region's key projects (阳光行动, no login)",
    responses=problem_responses(public.PublicRegionNotFound, UpstreamUnavailable, BadGateway),
)
async def get_public_overview(
    request: Request,
    response: Response,
    region_code: Annotated[str, Query(pattern=r"^\d{6}$", examples=["410324"])],
    year: Year = None,
) -> PublicOverview:
    """The region's published key projects as the registry discloses them (leader, service team, time nodes,
    quarterly progress) with the region's name and a few counts. Needs no token and sends none: it shows only
    what anyone may see. 404 for a region the registry does not know; 503 when the registry is down (there is
    nothing else to show)."""
    response.headers["Cache-Control"] = "public, max-age=60"
    return await public.public_overview(
        request.app.state.upstreams, _deadline(request), region_code, year or today().year
    )
