"""The calendar API (mounted by the service that owns the overrides) and the handlers that keep the other
services' copies of the overrides in step."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from tuijin.kernel.auth import CurrentPrincipal, Principal, Role, require_roles
from tuijin.kernel.calendar import region_chain
from tuijin.kernel.clock import utcnow
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import BadRequest, Forbidden, NotFound, problem_responses
from tuijin.kernel.etag import IfMatchOptional, SendsETag, etag_of
from tuijin.kernel.outbox import EventEnvelope, publish
from tuijin.kernel.validation import BusinessDate

OfficePrincipal = Annotated[Principal, Depends(require_roles(Role.office))]

class RegionNotFound(NotFound):
    code = "region_not_found"


class NationalCalendarAdminOnly(Forbidden):
    code = "national_calendar_admin_only"


class InvalidRange(BadRequest):
    code = "invalid_range"


class OverrideNotFound(NotFound):
    code = "override_not_found"

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
    etag: str | None = Field(None, description="the ETag of the override of the region asked for, when it has one for "
                                               "this day: send it as `If-Match` to change that override")


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


def override_version(region: str | None, day: date, is_working_day: bool, note: str | None) -> str:
    """The version of one stored override (no version column: a hash of what it says), its ETag's value."""
    text = f"{region or NATIONAL}|{day.isoformat()}|{is_working_day}|{note or ''}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _region_is(column: Any, region: str | None) -> Any:
    return column.is_(None) if region is None else column == region


read_routes = APIRouter()
"""The calendar's reads; :func:`calendar_router` adds the edits, which send events."""


@read_routes.get("/days", summary="Working days in a date range",
                 responses=problem_responses(InvalidRange, RegionNotFound))
async def list_days(
    request: Request, session: SessionDep, principal: CurrentPrincipal,
    start: Annotated[BusinessDate, Query(alias="from", description="first day, e.g. 2026-10-01")],
    end: Annotated[BusinessDate, Query(alias="to", description="last day, at most 366 days after from")],
    region_code: CalendarRegion = None,
) -> list[CalendarDay]:
    """Bounded: one entry per day of the range, which is at most 367 days. Each day of a region's calendar
    (national overlaid by the overrides of the region and the regions above it) with whether it is a working
    day, its holiday name and where that came from."""
    if end < start or (end - start).days > 366:
        rule = "结束日期须不早于开始日期，且相隔不超过 366 天"
        raise InvalidRange("`to` must be on or after `from`, at most 366 days later.",
                           errors=[{"field": "query.to", "message": rule, "type": "range"}])
    region = _calendar_region(principal, region_code)
    cal = await request.app.state.calendar.get(session, region)
    t = request.app.state.kernel_tables.calendar_overrides
    chain = region_chain(region)
    rows = (await session.execute(select(t.c.day, t.c.note, t.c.region_code, t.c.is_working_day).where(
        t.c.day.between(start, end), or_(t.c.region_code.is_(None), t.c.region_code.in_(chain))))).all()
    deciding: dict[date, tuple[int, str | None, str]] = {}
    own: dict[date, str] = {}  # the ETag of the asked region's own override of a day
    for r in rows:  # the narrowest region's override decides the day
        rank = chain.index(r.region_code) + 1 if r.region_code else 0
        if r.day not in deciding or rank > deciding[r.day][0]:
            deciding[r.day] = (rank, r.region_code, r.note)
        if r.region_code == region:
            own[r.day] = etag_of(override_version(region, r.day, r.is_working_day, r.note))
    out, day = [], start
    while day <= end:
        _, by, note = deciding.get(day, (0, None, None))
        out.append(CalendarDay(day=day, is_working_day=cal.is_working_day(day), holiday=cal.holiday_name(day),
                               source="override" if day in cal.overrides else "national",
                               note=note, override_region_code=by, etag=own.get(day)))
        day += timedelta(days=1)
    return out


@read_routes.get("/add-working-days", summary="Add working days to a date",
                 responses=problem_responses(RegionNotFound))
async def add_working_days(
    request: Request, session: SessionDep, principal: CurrentPrincipal,
    start: BusinessDate, days: Annotated[int, Query(ge=-366, le=366)], region_code: CalendarRegion = None,
) -> WorkingDaySum:
    """The date ``days`` working days after ``start`` (a deadline "within N working days") on a region's
    calendar."""
    cal = await request.app.state.calendar.get(session, _calendar_region(principal, region_code))
    return WorkingDaySum(start=start, days=days, result=cal.add_working_days(start, days))


def calendar_router(*, subscribers: tuple[str, ...]) -> APIRouter:
    """The calendar API, mounted by the service that owns the overrides; every edit is sent to
    ``subscribers`` through the outbox (with its region) so their copies agree."""
    router = APIRouter(prefix="/api/v1/calendar", tags=["calendar"])
    router.include_router(read_routes)

    @router.put("/overrides/{day}", summary="Set a day's working status (调休 / 放假)",
                responses=problem_responses(RegionNotFound, NationalCalendarAdminOnly))
    async def set_override(if_match: IfMatchOptional, etag: SendsETag, day: BusinessDate, body: CalendarOverride,
                           request: Request, session: SessionDep, principal: OfficePrincipal,
                           region_code: CalendarRegion = None) -> CalendarDay:
        """Mark a day as a working day or a day off for a region (its office; the default is the caller's own
        region) or, with ``region_code=national``, for the whole country (admin only: 403
        ``national_calendar_admin_only`` for an office), overriding the national calendar. A region's override
        applies to that region and the regions below it only; another region's is not found (404). Changing an
        override the region already has takes `If-Match` with its ETag (the day's `etag` in `GET
        /calendar/days`, or this answer's `ETag`): 428 without, 412 when it changed meanwhile; the first override
        of a day needs none."""
        region = _override_region(principal, region_code)
        t = request.app.state.kernel_tables.calendar_overrides
        current = (await session.execute(select(t.c.is_working_day, t.c.note).where(
            t.c.day == day, _region_is(t.c.region_code, region)))).first()
        if_match.check(override_version(region, day, current.is_working_day, current.note)
                       if current is not None else "none", required=current is not None)
        values = {"region_code": region, "day": day, "is_working_day": body.is_working_day, "note": body.note,
                  "updated_at": utcnow(), "updated_by": principal.sub}
        await _upsert(session, t, values)
        version = override_version(region, day, body.is_working_day, body.note)
        etag(version)
        await publish(session, request.app.state.kernel_tables, CALENDAR_EVENT_SET,
                      {"day": day.isoformat(), "is_working_day": body.is_working_day, "note": body.note,
                       "region_code": region},
                      destinations=subscribers, region_code=region,
                      ordering_key=f"calendar:{region or 'national'}:{day.isoformat()}")
        request.app.state.calendar.invalidate_after_commit(session)
        return CalendarDay(day=day, is_working_day=body.is_working_day,
                           holiday=request.app.state.calendar.national.get(day), source="override", note=body.note,
                           override_region_code=region, etag=etag_of(version))

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
