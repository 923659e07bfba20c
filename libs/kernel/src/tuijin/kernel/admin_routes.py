"""The admin API every service mounts under ``/api/v1/admin/<service>``: background jobs, the outbox, the
clock."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from tuijin.kernel.auth import Principal, Role, require_roles
from tuijin.kernel.clock import clock
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import BadRequest, Forbidden, NotFound, problem_responses
from tuijin.kernel.outbox import OutboxStatus, replay
from tuijin.kernel.pagination import Page, PageParamsDep, paginate


class JobNotFound(NotFound):
    code = "job_not_found"


class OutboxEventNotFound(NotFound):
    code = "outbox_event_not_found"


class ClockControlDisabled(Forbidden):
    """The clock is not controllable here (``TUIJIN_CLOCK_CONTROL`` is off)."""

    code = "clock_control_disabled"


class NaiveInstant(BadRequest):
    code = "naive_instant"


AdminPrincipal = Annotated[Principal, Depends(require_roles(Role.admin))]


class JobInfo(BaseModel):
    name: str
    description: str
    interval_seconds: float
    last_started_at: datetime | None
    last_finished_at: datetime | None
    last_result: dict[str, Any] | None
    last_error: str | None


class OutboxRow(BaseModel):
    id: uuid.UUID
    event_id: uuid.UUID
    event_type: str
    destination: str
    status: OutboxStatus
    ordering_key: str | None = Field(None, description="the record the event is about; events with one key "
                                                       "reach the destination in order")
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None
    payload: dict[str, Any]


class ClockState(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"now": "2026-10-09T01:00:00Z", "today": "2026-10-09", "is_real": False, "controllable": True}]})

    now: datetime
    today: date
    is_real: bool
    controllable: bool


class ClockSet(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"instant": "2026-10-09T09:00:00+08:00", "frozen": True}]})

    instant: datetime = Field(description="aware instant, e.g. 2026-10-09T01:00:00Z")
    frozen: bool = Field(False, description="stop the clock at that instant instead of letting it run")


class ClockAdvance(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"days": 7, "seconds": 0}]})

    days: int = 0
    seconds: int = 0


routes = APIRouter()
"""The admin routes, mounted under each service's prefix by :func:`admin_router`."""
clock_errors = problem_responses(ClockControlDisabled)


@routes.get("/jobs", summary="List background jobs")
async def list_jobs(request: Request, _: AdminPrincipal) -> list[JobInfo]:
    """Bounded: the jobs this service runs (a handful, fixed by its code). Every background job of this service
    with its interval and its last run."""
    return [
        JobInfo(name=j.name, description=j.description, interval_seconds=j.interval_seconds,
                last_started_at=j.last_started_at, last_finished_at=j.last_finished_at,
                last_result=j.last_result, last_error=j.last_error)
        for j in request.app.state.jobs.jobs.values()
    ]


@routes.post("/jobs/{name}/run", summary="Run a background job now", responses=problem_responses(JobNotFound))
async def run_job(name: str, request: Request, _: AdminPrincipal) -> dict[str, Any]:
    """Run the job now (operators and tests use this to drive time). Returns the job's result, or
    ``{"skipped": ...}`` when another replica is running it."""
    runner = request.app.state.jobs
    if name not in runner.jobs:
        raise JobNotFound(f"No job named {name!r}.")
    return await runner.run(name, request.app)


@routes.get("/outbox", summary="List outbox events")
async def list_outbox(
    request: Request, session: SessionDep, _: AdminPrincipal, page: PageParamsDep,
    status: OutboxStatus | None = None,
) -> Page[OutboxRow]:
    """Events this service has published, newest first; ``status=parked`` lists the events a receiver's
    handler failed on (with the error; retried on their own, and replayable), ``status=dead`` those given
    up on: both need an operator."""
    t = request.app.state.kernel_tables.outbox
    stmt = select(t)
    if status is not None:
        stmt = stmt.where(t.c.status == status.value)
    rows, cursor = await paginate(session, stmt, order=[t.c.created_at, t.c.id], params=page,
                                  descending=True)
    return Page(items=[OutboxRow.model_validate(dict(r._mapping)) for r in rows], next_cursor=cursor,
                limit=page.limit)


@routes.post("/outbox/{outbox_id}/replay", summary="Replay an outbox event",
             responses=problem_responses(OutboxEventNotFound))
async def replay_outbox(outbox_id: uuid.UUID, request: Request, session: SessionDep,
                        _: AdminPrincipal) -> dict[str, str]:
    """Put a parked or dead event back in line for delivery now (attempts reset); the later events of its
    record that waited behind it follow once it is delivered."""
    if not await replay(session, request.app.state.kernel_tables, outbox_id):
        raise OutboxEventNotFound("No undelivered outbox event with that id.")
    return {"status": "pending"}


def _clock_state(request: Request) -> ClockState:
    return ClockState(now=clock.now(), today=clock.today(), is_real=clock.is_real,
                      controllable=request.app.state.settings.common.clock_control)


def _require_control(request: Request) -> None:
    if not request.app.state.settings.common.clock_control:
        raise ClockControlDisabled("The clock is not controllable here (TUIJIN_CLOCK_CONTROL is off).")


@routes.get("/clock", summary="Read the clock")
async def get_clock(request: Request, _: AdminPrincipal) -> ClockState:
    """The instant and business date this service works with."""
    return _clock_state(request)


# 400 is also a body that is not JSON at all (bad_request), as for every route that reads one
@routes.put("/clock", summary="Set the clock",
            responses=problem_responses(ClockControlDisabled, NaiveInstant, BadRequest))
async def set_clock(body: ClockSet, request: Request, _: AdminPrincipal) -> ClockState:
    """Move this service's clock (rehearsals and tests only)."""
    _require_control(request)
    if body.instant.tzinfo is None:
        raise NaiveInstant("The instant needs a time zone.")
    clock.set(body.instant, frozen=body.frozen)
    return _clock_state(request)


@routes.post("/clock/advance", summary="Advance the clock", responses=clock_errors)
async def advance_clock(body: ClockAdvance, request: Request, _: AdminPrincipal) -> ClockState:
    """Move this service's clock forward (or back, with negative values)."""
    _require_control(request)
    clock.advance(timedelta(days=body.days, seconds=body.seconds))
    return _clock_state(request)


@routes.delete("/clock", summary="Reset the clock to real time", responses=clock_errors)
async def reset_clock(request: Request, _: AdminPrincipal) -> ClockState:
    """Back to real time."""
    _require_control(request)
    clock.reset()
    return _clock_state(request)


def admin_router(service: str) -> APIRouter:
    """The admin routes of ``service``, under ``/api/v1/admin/<service>``."""
    router = APIRouter(prefix=f"/api/v1/admin/{service}", tags=[f"{service}: admin"])
    router.include_router(routes)
    return router
