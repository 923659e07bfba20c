"""Routers every service mounts: health, admin (jobs, outbox, clock), internal events, enums, and
the calendar (mounted by the service that owns it)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from tuijin.kernel.auth import CurrentPrincipal, Principal, Role, require_roles
from tuijin.kernel.calendar import region_chain
from tuijin.kernel.clock import clock, utcnow
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import (
    BadRequest,
    Forbidden,
    NotFound,
    ProblemError,
    ServiceUnavailable,
    Unprocessable,
    problem_responses,
)
from tuijin.kernel.migrations import current_revisions, head_revisions
from tuijin.kernel.outbox import EventEnvelope, OutboxStatus, apply_event, publish, replay
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.kernel.validation import BusinessDate


class DatabaseUnreachable(ServiceUnavailable):
    code = "database_unreachable"


class MigrationsPending(ServiceUnavailable):
    code = "migrations_pending"


class JobNotFound(NotFound):
    code = "job_not_found"


class OutboxEventNotFound(NotFound):
    code = "outbox_event_not_found"


class ClockControlDisabled(Forbidden):
    """The clock is not controllable here (``TUIJIN_CLOCK_CONTROL`` is off)."""

    code = "clock_control_disabled"


class NaiveInstant(BadRequest):
    code = "naive_instant"


class ServiceTokenRequired(Forbidden):
    code = "service_token_required"


class ReceiverUnavailable(ServiceUnavailable):
    code = "receiver_unavailable"


class EventRejected(Unprocessable):
    code = "event_rejected"


class RegionNotFound(NotFound):
    code = "region_not_found"


class NationalCalendarAdminOnly(Forbidden):
    code = "national_calendar_admin_only"


class InvalidRange(BadRequest):
    code = "invalid_range"


class OverrideNotFound(NotFound):
    code = "override_not_found"

# ---------------------------------------------------------------- health


def health_router(name: str) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/healthz", summary="Liveness", description="The process is up.")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get(
        "/readyz",
        summary="Readiness",
        description="The database answers and its schema is at the migration head.",
        responses=problem_responses(DatabaseUnreachable, MigrationsPending),
    )
    async def readyz(request: Request) -> dict[str, Any]:
        app = request.app
        try:
            async with app.state.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
                current = await current_revisions(conn)
        except Exception as exc:
            raise DatabaseUnreachable("The database is not reachable.") from exc
        heads = head_revisions(app.state.migrations_package)
        if current != heads:
            raise MigrationsPending("The database schema is not at the migration head; run make migrate.",
                                    current=sorted(current), head=sorted(heads))
        report: dict[str, Any] = {"status": "ready", "app": name, "database": "ok",
                                  "migration": sorted(current)}
        extra = getattr(app.state, "readiness_extra", None)
        if extra is not None:
            report.update(await extra(app))
        return report

    return router


# ---------------------------------------------------------------- admin

AdminPrincipal = Annotated[Principal, Depends(require_roles(Role.admin))]
OfficePrincipal = Annotated[Principal, Depends(require_roles(Role.office))]


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


def admin_router(service: str) -> APIRouter:
    router = APIRouter(prefix=f"/api/v1/admin/{service}", tags=[f"{service}: admin"])
    clock_errors = problem_responses(ClockControlDisabled)

    @router.get("/jobs", summary="List background jobs")
    async def list_jobs(request: Request, _: AdminPrincipal) -> list[JobInfo]:
        """Every background job of this service with its interval and its last run."""
        return [
            JobInfo(name=j.name, description=j.description, interval_seconds=j.interval_seconds,
                    last_started_at=j.last_started_at, last_finished_at=j.last_finished_at,
                    last_result=j.last_result, last_error=j.last_error)
            for j in request.app.state.jobs.jobs.values()
        ]

    @router.post("/jobs/{name}/run", summary="Run a background job now", responses=problem_responses(JobNotFound))
    async def run_job(name: str, request: Request, _: AdminPrincipal) -> dict[str, Any]:
        """Run the job now (operators and tests use this to drive time). Returns the job's result, or
        ``{"skipped": ...}`` when another replica is running it."""
        runner = request.app.state.jobs
        if name not in runner.jobs:
            raise JobNotFound(f"No job named {name!r}.")
        return await runner.run(name, request.app)

    @router.get("/outbox", summary="List outbox events")
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

    @router.post("/outbox/{outbox_id}/replay", summary="Replay an outbox event",
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

    @router.get("/clock", summary="Read the clock")
    async def get_clock(request: Request, _: AdminPrincipal) -> ClockState:
        """The instant and business date this service works with."""
        return _clock_state(request)

    @router.put("/clock", summary="Set the clock", responses=problem_responses(ClockControlDisabled, NaiveInstant))
    async def set_clock(body: ClockSet, request: Request, _: AdminPrincipal) -> ClockState:
        """Move this service's clock (rehearsals and tests only)."""
        _require_control(request)
        if body.instant.tzinfo is None:
            raise NaiveInstant("The instant needs a time zone.")
        clock.set(body.instant, frozen=body.frozen)
        return _clock_state(request)

    @router.post("/clock/advance", summary="Advance the clock", responses=clock_errors)
    async def advance_clock(body: ClockAdvance, request: Request, _: AdminPrincipal) -> ClockState:
        """Move this service's clock forward (or back, with negative values)."""
        _require_control(request)
        clock.advance(timedelta(days=body.days, seconds=body.seconds))
        return _clock_state(request)

    @router.delete("/clock", summary="Reset the clock to real time", responses=clock_errors)
    async def reset_clock(request: Request, _: AdminPrincipal) -> ClockState:
        """Back to real time."""
        _require_control(request)
        clock.reset()
        return _clock_state(request)

    return router


# ---------------------------------------------------------------- internal events


def internal_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1/internal", tags=["internal"], include_in_schema=True)

    @router.post("/events", summary="Receive an event from another service",
                 responses=problem_responses(ServiceTokenRequired, EventRejected, ReceiverUnavailable))
    async def receive_event(envelope: EventEnvelope, request: Request, session: SessionDep,
                            principal: CurrentPrincipal) -> dict[str, str]:
        """Outbox delivery target. Applies the event once; a repeated delivery answers ``duplicate``."""
        if not principal.is_service:
            raise ServiceTokenRequired("Only services deliver events.")
        state = request.app.state
        try:
            outcome = await apply_event(session, state.kernel_tables, state.event_handlers, envelope, state)
        except (OperationalError, InterfaceError, PoolTimeout) as exc:
            # the database is unreachable or busy, not the event at fault: 503 keeps the sender's line in order
            # (any other failure of a handler is a 500, and the sender parks that one event)
            err = ReceiverUnavailable("接收方数据库暂不可用，请稍后重投。 The database is unavailable; retry later.")
            err.headers["Retry-After"] = "5"
            raise err from exc
        except ProblemError as exc:
            if exc.status not in (401, 403, 404, 405):
                raise
            # from a handler these are about the event (e.g. a record it names is not here), but the sender
            # reads them as "the delivery itself is refused" and would hold every later event behind this one
            raise EventRejected(f"The handler of {envelope.type} refused the event: {exc.detail or exc.code}",
                                handler_status=exc.status, handler_code=exc.code) from exc
        return {"status": outcome}

    return router


# ---------------------------------------------------------------- enums


def enums_router(service: str, catalog: dict[str, Any]) -> APIRouter:
    router = APIRouter(prefix="/api/v1/enums", tags=[f"{service}: enums"])

    @router.get(f"/{service}", summary=f"Enums of the {service} service with zh-CN labels")
    async def list_enums() -> dict[str, list[dict[str, str]]]:
        """Every enum this service uses, as ``{Enum: [{value, label}]}`` for front-end pickers."""
        return catalog

    return router


# ---------------------------------------------------------------- calendar

CALENDAR_EVENT_SET = "calendar.override_set"
CALENDAR_EVENT_REMOVED = "calendar.override_removed"


class CalendarDay(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"day": "2027-02-07", "is_working_day": True, "holiday": None, "source": "override",
         "note": "2027年春节调休上班", "override_region_code": "410324"}]})

    day: date
    is_working_day: bool
    holiday: str | None = Field(None, description="holiday name from the national calendar")
    source: str = Field(description="national (国务院安排, from the holidays package) or override (办公室调整)")
    note: str | None = None
    override_region_code: str | None = Field(
        None, description="the region whose override decides the day; null for the national calendar or a national "
                          "override")


class CalendarOverride(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"is_working_day": True, "note": "2027年春节调休上班"}]})

    is_working_day: bool
    note: str = Field("", max_length=200, examples=["2027年春节调休上班"])


class WorkingDaySum(BaseModel):
    start: date
    days: int
    result: date


NATIONAL = "national"
CalendarRegion = Annotated[str | None, Query(
    pattern=r"^(\d{6}|national)$",
    description="whose calendar: a region's 行政区划代码 (national overlaid by that region's overrides) or "
                "`national`; default the caller's own region (national for a caller of no region)")]


def _calendar_region(principal: Principal, region_code: str | None) -> str | None:
    """The region named (None: national); a region the caller cannot see is not found."""
    if region_code is None:
        return principal.region_code or None
    if region_code == NATIONAL:
        return None
    if not principal.can_see_region(region_code):
        raise RegionNotFound("No such region (无此地区).")
    return region_code


def _override_region(principal: Principal, region_code: str | None) -> str | None:
    """The region whose override an edit changes: national ones are an admin's (403), a region's its office's (an
    office of the region or above it; a region the caller cannot see is 404, as a missing one)."""
    region = _calendar_region(principal, region_code)
    if region is None and not (principal.is_admin or principal.is_service):
        raise NationalCalendarAdminOnly("The national calendar is the admin's; an office edits its own region's "
                                        "overrides (全国工作日安排仅系统管理员可调整，办公室只能调整本地区的工作日).")
    return region


def _region_is(column: Any, region: str | None) -> Any:
    return column.is_(None) if region is None else column == region


def calendar_router(*, subscribers: tuple[str, ...]) -> APIRouter:
    """The calendar API, mounted by the service that owns the overrides; every edit is sent to
    ``subscribers`` through the outbox (with its region) so their copies agree."""
    router = APIRouter(prefix="/api/v1/calendar", tags=["calendar"])

    @router.get("/days", summary="Working days in a date range",
                responses=problem_responses(InvalidRange, RegionNotFound))
    async def list_days(
        request: Request, session: SessionDep, principal: CurrentPrincipal,
        start: Annotated[BusinessDate, Query(alias="from", description="first day, e.g. 2026-10-01")],
        end: Annotated[BusinessDate, Query(alias="to", description="last day, at most 366 days after from")],
        region_code: CalendarRegion = None,
    ) -> list[CalendarDay]:
        """Each day of a region's calendar (national overlaid by the overrides of the region and the regions
        above it) with whether it is a working day, its holiday name and where that came from."""
        if end < start or (end - start).days > 366:
            rule = "结束日期须不早于开始日期，且相隔不超过 366 天"
            raise InvalidRange("`to` must be on or after `from`, at most 366 days later.",
                               errors=[{"field": "query.to", "message": rule, "type": "range"}])
        region = _calendar_region(principal, region_code)
        cal = await request.app.state.calendar.get(session, region)
        t = request.app.state.kernel_tables.calendar_overrides
        chain = region_chain(region)
        rows = (await session.execute(select(t.c.day, t.c.note, t.c.region_code).where(
            t.c.day.between(start, end), or_(t.c.region_code.is_(None), t.c.region_code.in_(chain))))).all()
        deciding: dict[date, tuple[int, str | None, str]] = {}
        for r in rows:  # the narrowest region's override decides the day
            rank = chain.index(r.region_code) + 1 if r.region_code else 0
            if r.day not in deciding or rank > deciding[r.day][0]:
                deciding[r.day] = (rank, r.region_code, r.note)
        out, day = [], start
        while day <= end:
            _, by, note = deciding.get(day, (0, None, None))
            out.append(CalendarDay(day=day, is_working_day=cal.is_working_day(day), holiday=cal.holiday_name(day),
                                   source="override" if day in cal.overrides else "national",
                                   note=note, override_region_code=by))
            day += timedelta(days=1)
        return out

    @router.get("/add-working-days", summary="Add working days to a date",
                responses=problem_responses(RegionNotFound))
    async def add_working_days(
        request: Request, session: SessionDep, principal: CurrentPrincipal,
        start: BusinessDate, days: Annotated[int, Query(ge=-366, le=366)], region_code: CalendarRegion = None,
    ) -> WorkingDaySum:
        """The date ``days`` working days after ``start`` (a deadline "within N working days") on a region's
        calendar."""
        cal = await request.app.state.calendar.get(session, _calendar_region(principal, region_code))
        return WorkingDaySum(start=start, days=days, result=cal.add_working_days(start, days))

    @router.put("/overrides/{day}", summary="Set a day's working status (调休 / 放假)",
                responses=problem_responses(RegionNotFound, NationalCalendarAdminOnly))
    async def set_override(day: BusinessDate, body: CalendarOverride, request: Request, session: SessionDep,
                           principal: OfficePrincipal, region_code: CalendarRegion = None) -> CalendarDay:
        """Mark a day as a working day or a day off for a region (its office; the default is the caller's own
        region) or, with ``region_code=national``, for the whole country (admin only: 403
        ``national_calendar_admin_only`` for an office), overriding the national calendar. A region's override
        applies to that region and the regions below it only; another region's is not found (404)."""
        region = _override_region(principal, region_code)
        t = request.app.state.kernel_tables.calendar_overrides
        values = {"region_code": region, "day": day, "is_working_day": body.is_working_day, "note": body.note,
                  "updated_at": utcnow(), "updated_by": principal.sub}
        await _upsert(session, t, values)
        await publish(session, request.app.state.kernel_tables, CALENDAR_EVENT_SET,
                      {"day": day.isoformat(), "is_working_day": body.is_working_day, "note": body.note,
                       "region_code": region},
                      destinations=subscribers, region_code=region,
                      ordering_key=f"calendar:{region or 'national'}:{day.isoformat()}")
        request.app.state.calendar.invalidate_after_commit(session)
        return CalendarDay(day=day, is_working_day=body.is_working_day,
                           holiday=request.app.state.calendar.national.get(day), source="override", note=body.note,
                           override_region_code=region)

    @router.delete("/overrides/{day}", status_code=204, summary="Remove a day's override",
                   responses=problem_responses(RegionNotFound, NationalCalendarAdminOnly, OverrideNotFound))
    async def remove_override(day: BusinessDate, request: Request, session: SessionDep, principal: OfficePrincipal,
                              region_code: CalendarRegion = None) -> Response:
        """Return the day to the national calendar (for the region, default the caller's own; ``national``:
        admin only)."""
        region = _override_region(principal, region_code)
        t = request.app.state.kernel_tables.calendar_overrides
        result = await session.execute(delete(t).where(t.c.day == day, _region_is(t.c.region_code, region)))
        if not result.rowcount:
            raise OverrideNotFound("That day has no override.")
        await publish(session, request.app.state.kernel_tables, CALENDAR_EVENT_REMOVED,
                      {"day": day.isoformat(), "region_code": region}, destinations=subscribers, region_code=region,
                      ordering_key=f"calendar:{region or 'national'}:{day.isoformat()}")
        request.app.state.calendar.invalidate_after_commit(session)
        return Response(status_code=204)

    return router


async def _upsert(session: Any, table: Any, values: dict[str, Any]) -> None:
    """Insert or replace the override of one region (or the nation) and day."""
    dialect = session.bind.dialect.name
    ins = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
    update_cols = {k: v for k, v in values.items() if k not in ("day", "region_code")}
    if values["region_code"] is None:
        target = {"index_elements": ["day"], "index_where": table.c.region_code.is_(None)}
    else:
        target = {"index_elements": ["region_code", "day"], "index_where": table.c.region_code.is_not(None)}
    await session.execute(ins.values(id=uuid.uuid4(), **values).on_conflict_do_update(**target, set_=update_cols))


def calendar_event_handlers() -> dict[str, Any]:
    """Handlers that keep a subscriber's copy of the calendar overrides in step with the owner's (an event
    without ``region_code``, sent before overrides were per region, is a national one)."""

    async def on_set(session: Any, event: EventEnvelope, state: Any) -> None:
        p = event.payload
        await _upsert(session, state.kernel_tables.calendar_overrides, {
            "region_code": p.get("region_code"), "day": date.fromisoformat(p["day"]),
            "is_working_day": bool(p["is_working_day"]), "note": p.get("note", ""), "updated_at": utcnow(),
            "updated_by": f"event:{event.source}",
        })
        state.calendar.invalidate_after_commit(session)

    async def on_removed(session: Any, event: EventEnvelope, state: Any) -> None:
        t = state.kernel_tables.calendar_overrides
        await session.execute(delete(t).where(t.c.day == date.fromisoformat(event.payload["day"]),
                                              _region_is(t.c.region_code, event.payload.get("region_code"))))
        state.calendar.invalidate_after_commit(session)

    return {CALENDAR_EVENT_SET: on_set, CALENDAR_EVENT_REMOVED: on_removed}
