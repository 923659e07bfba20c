"""Routes of dispatches (调度) and the region's list of dispatches due (楚雄's cadence by stage)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request

from tuijin.kernel.access import RoleRequired
from tuijin.kernel.auth import CurrentPrincipal, RegionForbidden, ensure_region
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import problem_responses
from tuijin.kernel.etag import SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.kernel.policies import RegionCodePath
from tuijin.kernel.validation import BusinessDate
from tuijin.registry.dispatches import errors, service
from tuijin.registry.dispatches import repository as repo
from tuijin.registry.dispatches.models import Dispatch
from tuijin.registry.dispatches.schemas import DispatchDue, DispatchIn, DispatchOut
from tuijin.registry.organisation.errors import RegionNotFound
from tuijin.registry.organisation.service import get_region
from tuijin.registry.projects.access import project_visibility

router = APIRouter(prefix="/api/v1/dispatches", tags=["dispatches"])
due_router = APIRouter(prefix="/api/v1/regions", tags=["dispatches"])


@router.post("", status_code=201, summary="Record a dispatch",
             responses=problem_responses(errors.InvalidReference, errors.DispatcherRequired, RoleRequired,
                                         RegionForbidden, errors.DispatchInFuture))
async def create_dispatch(etag: SendsETag, location: SendsLocation, body: DispatchIn, session: SessionDep,
                          principal: CurrentPrincipal) -> DispatchOut:
    """A dispatch (调度) of a project: the day (today if omitted, never later), who dispatched, what was found, what
    was decided and the next step. Recorded by the office of the region or the project's responsible unit; it
    restarts the project's cadence (``GET /api/v1/regions/{region_code}/dispatches-due``). Send an
    ``Idempotency-Key``: a retry returns the first answer."""
    dispatch = await service.create(session, body, principal)
    location(f"/api/v1/dispatches/{dispatch.id}")
    etag(dispatch.version)
    return DispatchOut.model_validate(dispatch)


@router.get("", summary="List dispatches")
async def list_dispatches(
    session: SessionDep, principal: CurrentPrincipal, page: PageParamsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    project_id: uuid.UUID | None = None,
    date_from: Annotated[BusinessDate | None, Query(alias="from", description="dispatched on or after")] = None,
    date_to: Annotated[BusinessDate | None, Query(alias="to", description="dispatched on or before")] = None,
) -> Page[DispatchOut]:
    """The dispatches of the projects the caller may see, by region, project and day; latest first,
    keyset-paginated."""
    stmt = repo.list_query(repo.Filters(region_code, project_id, date_from, date_to), project_visibility(principal))
    rows, cursor = await paginate(session, stmt, order=[Dispatch.dispatched_on, Dispatch.id], descending=True,
                                  params=page)
    return Page(items=[DispatchOut.model_validate(r) for r in rows], next_cursor=cursor, limit=page.limit)


@router.get("/{dispatch_id}", summary="Read a dispatch", responses=problem_responses(errors.DispatchNotFound))
async def get_dispatch(etag: SendsETag, dispatch_id: uuid.UUID, session: SessionDep,
                       principal: CurrentPrincipal) -> DispatchOut:
    """One dispatch. Another region's, or one of a project the caller cannot see, is 404."""
    dispatch = await service.read(session, dispatch_id, principal)
    etag(dispatch.version)
    return DispatchOut.model_validate(dispatch)


@due_router.get("/{region_code}/dispatches-due", summary="Projects whose dispatch is due",
                responses=problem_responses(RegionNotFound, RegionForbidden))
async def dispatches_due(request: Request, region_code: RegionCodePath, session: SessionDep,
                         principal: CurrentPrincipal,
                         on: Annotated[BusinessDate | None, Query(description="the day; today if omitted")] = None,
                         ) -> list[DispatchDue]:
    """Bounded: the region's key projects in a stage with a cadence (a county's list). The projects the caller may
    see whose next dispatch (调度) is due or overdue on ``on`` by their stage's cadence in the region's
    ``dispatch_cadence`` policy (楚雄: not started daily, about to start every ten days, started monthly), with
    the last dispatch, the days since it (calendar and working days) and the working days overdue on the
    region's calendar. ``daily`` means every working day; ``every_n_days`` counts working days or calendar days as
    the policy's ``days_counted`` says; ``monthly`` is due the same day next month (a non-working due day moves to
    the next working day). Empty when the policy sets no cadence (the default)."""
    ensure_region(principal, region_code)
    await get_region(session, region_code)
    day: date = on or today()
    cal = await request.app.state.calendar.get(session, region_code)
    return await service.due(session, region_code, day, principal, cal)
