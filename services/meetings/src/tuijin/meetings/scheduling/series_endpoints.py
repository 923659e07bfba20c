"""Routes of meeting series: recurrence rules (RFC 5545), the weekly rotation of the systems (体系), the rule
preview and the expansion into meetings. Part of scheduling; apart from ``endpoints.py`` to keep each file
under 400 lines."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request

from tuijin.kernel.access import RoleRequired
from tuijin.kernel.auth import CurrentPrincipal, RegionForbidden
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import Unauthorized, problem_responses
from tuijin.kernel.etag import IfMatchRequired, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.meetings.access import (
    ensure_can_schedule,
    ensure_office_of,
    ensure_series_manager,
    region_clause,
)
from tuijin.meetings.deps import UPSTREAM_PROBLEMS, RegionCode, VisibleSeries, calendar, directory
from tuijin.meetings.errors import DuplicateUnit, InvalidDateRange, UnknownUnit
from tuijin.meetings.scheduling import repository as repo
from tuijin.meetings.scheduling import service, template_series
from tuijin.meetings.scheduling.enums import MeetingType
from tuijin.meetings.scheduling.errors import (
    ConvenerRequired,
    InvalidRrule,
    NoSystems,
    NotMeetingManager,
    SeriesInactive,
    SeriesNotFound,
    SystemRequired,
    SystemSeriesExists,
    SystemWithoutConvener,
    TemplateSeriesExists,
    UnknownSystem,
    UnknownTemplate,
)
from tuijin.meetings.scheduling.models import MeetingSeries
from tuijin.meetings.scheduling.schemas import (
    ExpansionOut,
    Occurrence,
    PreviewIn,
    RotationIn,
    SeriesIn,
    SeriesOut,
    SeriesPatch,
    TemplateSeriesIn,
)

series_router = APIRouter(prefix="/api/v1/meeting-series", tags=["meeting series"])

SERIES = (Unauthorized, SeriesNotFound, RegionForbidden, NotMeetingManager)
SERIES_RULES = (InvalidRrule, SystemRequired, UnknownSystem, UnknownUnit, DuplicateUnit, *UPSTREAM_PROBLEMS)


# ---------------------------------------------------------------- series


@series_router.post("", status_code=201, summary="Create a meeting series",
                    responses=problem_responses(Unauthorized, RegionForbidden, NotMeetingManager, *SERIES_RULES))
async def create_series(
    etag: SendsETag, location: SendsLocation,
    body: SeriesIn, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> SeriesOut:
    """A recurring meeting from an RFC 5545 RRULE (every week, every half month, the first Monday of the month,
    every two months…). Its meetings of the next ``horizon_days`` are created at once; the expansion job creates
    the later ones as time passes. An occurrence on a non-working day moves as ``non_working_day`` says (by
    default to the next working day of the shared calendar). The office or the convening unit."""
    ensure_can_schedule(principal, body.region_code, body.convener_unit_id)
    series, _ = await service.create_series(session, body, principal, directory(request),
                                            await calendar(request, session, body.region_code), today())
    location(f"/api/v1/meeting-series/{series.id}")
    etag(series.version)
    return SeriesOut.model_validate(series)


@series_router.get("", summary="List meeting series", responses=problem_responses(Unauthorized))
async def list_series(
    session: SessionDep, principal: CurrentPrincipal, page: PageParamsDep, region_code: RegionCode | None = None,
    meeting_type: MeetingType | None = None, system_id: uuid.UUID | None = None,
) -> Page[SeriesOut]:
    """Series of the caller's region, by creation."""
    stmt = repo.series_list_query(region_code, meeting_type.value if meeting_type else None, system_id,
                                  region_clause(principal, MeetingSeries.region_code))
    rows, cursor = await paginate(session, stmt, order=[MeetingSeries.created_at, MeetingSeries.id], params=page)
    return Page(items=[SeriesOut.model_validate(s) for s in rows], next_cursor=cursor, limit=page.limit)


@series_router.post("/system-rotation", status_code=201, summary="Weekly meetings of every system (体系)",
                    responses=problem_responses(Unauthorized, RoleRequired, RegionForbidden, NoSystems,
                                                SystemWithoutConvener, SystemSeriesExists, *SERIES_RULES))
async def create_system_rotation(
    body: RotationIn, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> list[SeriesOut]:
    """One weekly series per system of the region, each convened by the system's convening unit (registry):
    栾川's nine systems one after another through the week (``weekday_sequence``), or one system a week in turn
    (``one_system_per_week``). Refused when a system already has an active series. The office. Bounded: one
    series per system of the region (栾川 has nine)."""
    ensure_office_of(principal, body.region_code)
    created = await service.create_rotation(session, body, principal, directory(request),
                                            await calendar(request, session, body.region_code), today())
    return [SeriesOut.model_validate(s) for s in created]


@series_router.post("/from-template", status_code=201, summary="The region's series from one of its templates",
                    responses=problem_responses(Unauthorized, RoleRequired, RegionForbidden, UnknownTemplate,
                                                ConvenerRequired, TemplateSeriesExists, NoSystems,
                                                SystemWithoutConvener, SystemSeriesExists, *SERIES_RULES))
async def create_series_from_template(
    body: TemplateSeriesIn, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> list[SeriesOut]:
    """Create the recurring meeting a template of the region's meeting series names (policy ``meeting_series``,
    ``GET /api/v1/meeting-policies/{region_code}/meeting_series``): 郸城's ``dispatch`` (项目推进调度例会, the first
    Monday of each month), 栾川's ``system_meetings`` (one weekly series per system, each convened by the system's
    convening unit)… Kind, title, recurrence, timing and submission lead come from the template; the request
    names the convening unit, the chair, the place and the fixed members. Its meetings of the next
    ``horizon_days`` are created at once. 409 while the convening unit (for a rotation, the region) has an
    active series from the template. The office. Bounded: one series, or one per system of the region (栾川 has
    nine)."""
    ensure_office_of(principal, body.region_code)
    created = await template_series.create_from_template(
        session, body, principal, directory(request), await calendar(request, session, body.region_code), today())
    return [SeriesOut.model_validate(s) for s in created]


@series_router.post("/preview", summary="Where a rule's meetings would land",
                    responses=problem_responses(Unauthorized, InvalidDateRange, InvalidRrule))
async def preview_rule(body: PreviewIn, request: Request, session: SessionDep,
                       principal: CurrentPrincipal) -> list[Occurrence]:
    """The rule's dates between ``from`` and ``to`` and the working day each meeting would be held on (on the
    caller's region's working calendar), without creating anything (for a front end's rule editor). Bounded:
    the window is at most two years (731 dates for a daily rule)."""
    return service.preview(body, await calendar(request, session, principal.region_code))


@series_router.get("/{series_id}", summary="Read a meeting series", responses=problem_responses(Unauthorized,
                                                                                               SeriesNotFound))
async def get_series(etag: SendsETag, series: VisibleSeries) -> SeriesOut:
    """One series with its ETag."""
    etag(series.version)
    return SeriesOut.model_validate(series)


@series_router.patch("/{series_id}", summary="Change a meeting series",
                     responses=problem_responses(*SERIES, UnknownUnit, InvalidDateRange, *UPSTREAM_PROBLEMS))
async def patch_series(
    if_match: IfMatchRequired, etag: SendsETag,
    series: VisibleSeries, body: SeriesPatch, request: Request, session: SessionDep,
    principal: CurrentPrincipal,
) -> SeriesOut:
    """Title, chair, place, end date, horizon, non-working-day rule, fixed members, or stop it (``is_active``
    false). Meetings already created keep what they have. If-Match required; the office or the convening unit."""
    ensure_series_manager(principal, series)
    if_match.check(series.version)
    await service.patch_series(session, series, body, directory(request))
    await session.flush()
    etag(series.version)
    return SeriesOut.model_validate(series)


@series_router.post("/{series_id}/expansion", summary="Create the series' coming meetings now",
                    responses=problem_responses(*SERIES, SeriesInactive))
async def expand_series(series: VisibleSeries, request: Request, session: SessionDep,
                        principal: CurrentPrincipal) -> ExpansionOut:
    """What the expansion job does for this series: create the meetings of its horizon that do not exist yet
    (running it twice creates nothing more)."""
    ensure_series_manager(principal, series)
    if not series.is_active:
        raise SeriesInactive("The series is stopped.")
    created = await service.expand(session, series, await calendar(request, session, series.region_code), today())
    return ExpansionOut(series_id=series.id, created=created, expanded_through=series.expanded_through)
