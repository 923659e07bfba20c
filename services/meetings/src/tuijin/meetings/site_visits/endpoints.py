"""Routes of site visits (现场调研督导 / 现场办公): record, list, read, change, and their photos and documents."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request

from tuijin.kernel.auth import CurrentPrincipal, RegionForbidden
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import Unauthorized, problem_responses
from tuijin.kernel.etag import IfMatchRequired, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.meetings.deps import (
    PERIOD_PROBLEMS,
    UPSTREAM_PROBLEMS,
    DateFrom,
    DateTo,
    Month,
    RegionCode,
    VisibleSiteVisit,
    directory,
    period,
)
from tuijin.meetings.errors import UnknownUnit
from tuijin.meetings.site_visits import repository as repo
from tuijin.meetings.site_visits import service
from tuijin.meetings.site_visits.access import ensure_may_change, ensure_may_record, visit_visibility
from tuijin.meetings.site_visits.enums import VisitKind
from tuijin.meetings.site_visits.errors import (
    InvalidSiteVisit,
    SiteVisitForbidden,
    SiteVisitNotFound,
    UnknownPerson,
    UnknownProject,
    VisitInFuture,
)
from tuijin.meetings.site_visits.evidence import register_attachments
from tuijin.meetings.site_visits.models import SiteVisit
from tuijin.meetings.site_visits.schemas import SiteVisitIn, SiteVisitOut, SiteVisitPatch

router = APIRouter(prefix="/api/v1/site-visits", tags=["site visits"])

CHECKS = (InvalidSiteVisit, VisitInFuture, UnknownPerson, UnknownProject, UnknownUnit, *UPSTREAM_PROBLEMS)


@router.post("", status_code=201, summary="Record a site visit",
             responses=problem_responses(Unauthorized, RegionForbidden, SiteVisitForbidden, *CHECKS))
async def create_site_visit(etag: SendsETag, location: SendsLocation, body: SiteVisitIn, request: Request,
                            session: SessionDep, principal: CurrentPrincipal) -> SiteVisitOut:
    """A visit to one or more projects that took place (现场调研督导, or 现场办公 held on site): the date, the leading
    person and the others on it, the projects, the units present, what was seen and what was decided. Each
    decision becomes a decided item (议定事项) of its owner unit, due on its date, followed up and chased exactly
    as a meeting's (``decided_item.overdue`` → a letter). Recorded by the office (on anyone's behalf), a leader
    who was on the visit, or a unit (then present). People, projects and units must be the region's (422 naming
    the field). Send an ``Idempotency-Key`` to retry safely."""
    ensure_may_record(principal, body.region_code, [body.leading_person_id, *body.person_ids])
    visit = await service.create(session, body, principal, directory(request), today())
    location(f"/api/v1/site-visits/{visit.id}")
    etag(visit.version)
    return await service.out(session, visit, today())


@router.get("", summary="Site visits", responses=problem_responses(*PERIOD_PROBLEMS))
async def list_site_visits(
    session: SessionDep, principal: CurrentPrincipal, page: PageParamsDep, region_code: RegionCode | None = None,
    project_id: uuid.UUID | None = None, person_id: uuid.UUID | None = None, unit_id: uuid.UUID | None = None,
    month: Month = None, date_from: DateFrom = None, date_to: DateTo = None, kind: VisitKind | None = None,
) -> Page[SiteVisitOut]:
    """Visits, latest first, filtered by region, project, person (on the visit), unit (present), kind, a month
    (``2026-10``) or a period. The region's readers see all of theirs; a unit those it recorded or was present
    at."""
    date_from, date_to = period(date_from, date_to, month=month)
    filters = repo.VisitFilters(region_code=region_code, project_id=project_id, person_id=person_id,
                                unit_id=unit_id, date_from=date_from, date_to=date_to,
                                kind=kind.value if kind else None)
    stmt = repo.list_query(filters, visit_visibility(principal))
    rows, cursor = await paginate(session, stmt, order=[SiteVisit.visited_on, SiteVisit.id], params=page,
                                  descending=True)
    return Page(items=await service.outs(session, list(rows), today()), next_cursor=cursor, limit=page.limit)


@router.get("/{visit_id}", summary="A site visit", responses=problem_responses(Unauthorized, SiteVisitNotFound))
async def get_site_visit(etag: SendsETag, visit: VisibleSiteVisit, session: SessionDep) -> SiteVisitOut:
    """The visit with its people, projects, units and decided items; the ``ETag`` is what a change sends back as
    ``If-Match``. Its photos and documents: ``GET …/attachments``."""
    etag(visit.version)
    return await service.out(session, visit, today())


@router.patch("/{visit_id}", summary="Change a site visit",
              responses=problem_responses(Unauthorized, SiteVisitNotFound, SiteVisitForbidden, *CHECKS))
async def patch_site_visit(if_match: IfMatchRequired, etag: SendsETag, visit: VisibleSiteVisit,
                           body: SiteVisitPatch, request: Request, session: SessionDep,
                           principal: CurrentPrincipal) -> SiteVisitOut:
    """The fields given replace theirs (the people, projects or units as a whole); ``new_decisions`` become
    further decided items of the visit (those made already are followed up at ``/api/v1/decided-items``). The
    office, the recorder or the leading person; ``If-Match`` with the visit's ``ETag`` (428 without, 412 when it
    changed since)."""
    ensure_may_change(principal, visit)
    if_match.check(visit.version)
    visit = await service.change(session, visit, body, directory(request), today())
    etag(visit.version)
    return await service.out(session, visit, today())


register_attachments(router)
