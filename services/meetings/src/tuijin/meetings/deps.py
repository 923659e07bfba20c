"""Dependencies shared by the routes: the meeting the caller may see (``VisibleMeeting``), the calendar, the
directory of the other services, the period filters of lists and the ETag of records without a version."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date, timedelta
from typing import Annotated

from fastapi import Depends, Query, Request
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import CurrentPrincipal
from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import BadGateway, GatewayTimeout, Unauthorized
from tuijin.kernel.validation import BusinessDate
from tuijin.kernel.validation import Month as KernelMonth
from tuijin.meetings.access import decided_item_visibility, meeting_visibility
from tuijin.meetings.errors import InvalidPeriod, InvalidWeek, PeriodRequired, UpstreamUnavailable
from tuijin.meetings.minutes import repository as minutes_repo
from tuijin.meetings.minutes.errors import DecidedItemNotFound
from tuijin.meetings.minutes.models import DecidedItem
from tuijin.meetings.scheduling import repository as scheduling_repo
from tuijin.meetings.scheduling.errors import MeetingNotFound, SeriesNotFound
from tuijin.meetings.scheduling.models import Meeting, MeetingSeries
from tuijin.meetings.site_visits import repository as visits_repo
from tuijin.meetings.site_visits.access import visit_visibility
from tuijin.meetings.site_visits.errors import SiteVisitNotFound
from tuijin.meetings.site_visits.models import SiteVisit
from tuijin.meetings.upstream import Directory, IssuesUpstream

# the problems of these dependencies, for the routes' ``responses=``
MEETING_PROBLEMS = (Unauthorized, MeetingNotFound)  # VisibleMeeting
PERIOD_PROBLEMS = (Unauthorized, InvalidWeek, PeriodRequired, InvalidPeriod)  # period()
UPSTREAM_PROBLEMS = (BadGateway, GatewayTimeout, UpstreamUnavailable)  # directory(): reads of other services

RegionCode = Annotated[str, Query(pattern=r"^\d{6}$", examples=["410324"])]
MAX_PERIOD_DAYS = 731
WEEK_PATTERN = r"^(20\d{2}|2100)-W(0[1-9]|[1-4]\d|5[0-3])$"


async def visible_meeting(meeting_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> Meeting:
    """Dependency: the meeting, if it exists and the caller may see it (else 404, never a hint)."""
    meeting = await scheduling_repo.meeting(session, meeting_id, meeting_visibility(principal))
    if meeting is None:
        raise MeetingNotFound("No such meeting.")
    return meeting


VisibleMeeting = Annotated[Meeting, Depends(visible_meeting)]


async def visible_series(series_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> MeetingSeries:
    """Dependency: the meeting series, if it exists and is of a region the caller sees (else 404)."""
    series = await scheduling_repo.series(session, series_id)
    if series is None or not principal.can_see_region(series.region_code):
        raise SeriesNotFound("No such meeting series.")
    return series


VisibleSeries = Annotated[MeetingSeries, Depends(visible_series)]


async def visible_decided_item(item_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> DecidedItem:
    """Dependency: the decided item, if it exists and the caller may see it (its owner unit, the region's
    readers; else 404)."""
    item = await minutes_repo.decided_item(session, item_id, decided_item_visibility(principal))
    if item is None:
        raise DecidedItemNotFound("No such decided item.")
    return item


VisibleDecidedItem = Annotated[DecidedItem, Depends(visible_decided_item)]


async def visible_site_visit(visit_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> SiteVisit:
    """Dependency: the site visit, if it exists and the caller may see it (the region's readers; a unit the
    visits it recorded or was present at; else 404)."""
    visit = await visits_repo.visit(session, visit_id, visit_visibility(principal))
    if visit is None:
        raise SiteVisitNotFound("No such site visit.")
    return visit


VisibleSiteVisit = Annotated[SiteVisit, Depends(visible_site_visit)]


async def calendar(request: Request, session: AsyncSession, region_code: str | None) -> WorkingCalendar:
    """The working calendar of the region (national overlaid by the region's overrides)."""
    return await request.app.state.calendar.get(session, region_code)


def directory(request: Request) -> Directory:
    """The app's reader of the registry."""
    return request.app.state.directory


def issues(request: Request) -> IssuesUpstream:
    """The app's reader of the issues service."""
    return request.app.state.issues


def content_etag(answer: BaseModel | list[BaseModel]) -> str:
    """The ETag of a record (or a list) without a version column: a stable hash of its serialised answer, so
    it changes exactly when what a client reads changes (the agenda, a meeting's attendance, an invitation)."""
    rows = answer if isinstance(answer, list) else [answer]
    data = b"\n".join(row.model_dump_json().encode() for row in rows)
    return hashlib.sha256(data).hexdigest()[:20]


def period(
    date_from: date | None, date_to: date | None, *, month: str | None = None, week: str | None = None,
    required: bool = False,
) -> tuple[date | None, date | None]:
    """``from``/``to``, or a calendar month (``2026-10``) or ISO week (``2026-W42``)."""
    if month:
        first = date.fromisoformat(f"{month}-01")
        nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        date_from, date_to = first, nxt - timedelta(days=1)
    elif week:
        year, number = week.split("-W")
        try:
            date_from = date.fromisocalendar(int(year), int(number), 1)
        except ValueError as exc:
            raise InvalidWeek(f"{week} is not a week of {year}.",
                              errors=[{"field": "query.week", "message": str(exc), "type": "invalid_week"}]) from exc
        date_to = date_from + timedelta(days=6)
    if required and (date_from is None or date_to is None):
        raise PeriodRequired("Give `from` and `to` (or `month` / `week`).",
                             errors=[{"field": "query.from", "message": "required", "type": "missing"}])
    if date_from and date_to and (date_to < date_from or (date_to - date_from).days > MAX_PERIOD_DAYS):
        raise InvalidPeriod("`to` must be on or after `from`, at most two years later.",
                            errors=[{"field": "query.to", "message": "range", "type": "invalid_range"}])
    return date_from, date_to


DateFrom = Annotated[BusinessDate | None, Query(alias="from", description="first business date, e.g. 2026-10-01")]
DateTo = Annotated[BusinessDate | None, Query(alias="to", description="last business date, inclusive")]
Month = Annotated[KernelMonth | None, Query(description="a calendar month, e.g. 2026-10 (years 2000–2100)")]
Week = Annotated[str | None, Query(pattern=WEEK_PATTERN, description="ISO week, e.g. 2026-W42 (years 2000–2100)")]
