"""Routes of quarterly written reports (季度书面报告)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request

from tuijin.kernel.access import RoleRequired
from tuijin.kernel.auth import CurrentPrincipal, RegionForbidden, ensure_region
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import problem_responses
from tuijin.kernel.etag import IfMatchOptional, IfMatchRequired, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.registry.models import Project
from tuijin.registry.policies import ReportDueRule, load_policy
from tuijin.registry.projects.access import project_visibility
from tuijin.registry.quarterly_reports import errors, service
from tuijin.registry.quarterly_reports import repository as repo
from tuijin.registry.quarterly_reports.enums import QuarterlyReportAction, QuarterlyReportStatus
from tuijin.registry.quarterly_reports.models import QuarterlyReport
from tuijin.registry.quarterly_reports.schemas import (
    QuarterlyReportDue,
    QuarterlyReportIn,
    QuarterlyReportOut,
    QuarterlyReportPatch,
)
from tuijin.registry.reports.errors import ReportWriterRequired
from tuijin.registry.reports.schemas import ReturnIn

router = APIRouter(prefix="/api/v1/quarterly-reports", tags=["quarterly reports"])

ON_REPORT = problem_responses(errors.QuarterlyReportNotFound)
STEP = problem_responses(errors.QuarterlyReportNotFound, ReportWriterRequired, RoleRequired, RegionForbidden,
                         errors.QuarterlyReportStepNotAllowed, errors.Required, errors.StaleQuarterlyReport)
RegionCode = Annotated[str, Query(pattern=r"^\d{6}$", examples=["532300"])]
Year = Annotated[int, Query(ge=2000, le=2100)]
Quarter = Annotated[int, Query(ge=1, le=4, description="1–4")]


@router.post("", status_code=201, summary="Write a quarterly report",
             responses=problem_responses(ReportWriterRequired, RegionForbidden, errors.InvalidReference,
                                         errors.QuarterlyReportExists))
async def create_quarterly_report(request: Request, etag: SendsETag, location: SendsLocation,
                                  body: QuarterlyReportIn, session: SessionDep,
                                  principal: CurrentPrincipal) -> QuarterlyReportOut:
    """A draft written report (书面报告) of a project for a quarter: 进展情况, 存在问题, 下步打算, by the project's
    responsible (or owner) unit, or the office. One per project and quarter (409 ``quarterly_report_exists``). Send
    an ``Idempotency-Key``: a retry returns the first answer."""
    report = await service.create(session, body, principal, request.app.state.calendar)
    location(f"/api/v1/quarterly-reports/{report.id}")
    etag(report.version)
    return QuarterlyReportOut.model_validate(report)


@router.get("", summary="List quarterly reports")
async def list_quarterly_reports(
    session: SessionDep, principal: CurrentPrincipal, page: PageParamsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    quarter: Annotated[int | None, Query(ge=1, le=4)] = None,
    status: QuarterlyReportStatus | None = None,
    unit_id: uuid.UUID | None = None,
) -> Page[QuarterlyReportOut]:
    """The reports of the projects the caller may see, by region, year, quarter, status and responsible unit;
    keyset-paginated."""
    filters = repo.Filters(region_code, year, quarter, status.value if status else None, unit_id)
    stmt = repo.list_query(filters, project_visibility(principal))
    rows, cursor = await paginate(session, stmt, order=[QuarterlyReport.id], params=page)
    return Page(items=[QuarterlyReportOut.model_validate(r) for r in rows], next_cursor=cursor, limit=page.limit)


@router.get("/due", summary="Projects whose quarterly report is missing",
            responses=problem_responses(RegionForbidden))
async def due_quarterly_reports(request: Request, session: SessionDep, principal: CurrentPrincipal,
                                page: PageParamsDep, region_code: RegionCode, year: Year,
                                quarter: Quarter) -> Page[QuarterlyReportDue]:
    """Projects of the region the caller may see (in a stage expected to report, as for progress reports) with no
    submitted or accepted report for the quarter, with its due day and how many working days (on the region's
    calendar) it is overdue. Empty where the region's ``quarterly_reports`` policy does not require them."""
    ensure_region(principal, region_code)
    rule = await service.rule_of(session, region_code, year)
    if not rule.required:
        return Page(items=[], next_cursor=None, limit=page.limit)
    cal = await request.app.state.calendar.get(session, region_code)
    due = service.due_date(rule, year, quarter, cal)
    stages = [s.value for s in (await load_policy(session, region_code, year, ReportDueRule)).reporting_stages]
    stmt = repo.missing_query(region_code, year, quarter, stages, project_visibility(principal))
    rows, cursor = await paginate(session, stmt, order=[Project.code, Project.id], params=page)
    day = today()
    items = [QuarterlyReportDue(**service.due_row(p, year, quarter, due, day, cal)) for p in rows]
    return Page(items=items, next_cursor=cursor, limit=page.limit)


@router.get("/{report_id}", summary="Read a quarterly report", responses=ON_REPORT)
async def get_quarterly_report(etag: SendsETag, report_id: uuid.UUID, session: SessionDep,
                               principal: CurrentPrincipal) -> QuarterlyReportOut:
    """One report; ETag for edits. Another region's report, or one of a project the caller cannot see, is 404."""
    report, _ = await service.read(session, report_id, principal)
    etag(report.version)
    return QuarterlyReportOut.model_validate(report)


@router.patch("/{report_id}", summary="Edit a quarterly report",
              responses=problem_responses(errors.QuarterlyReportNotFound, ReportWriterRequired, RegionForbidden,
                                          errors.QuarterlyReportNotEditable, errors.Required,
                                          errors.StaleQuarterlyReport))
async def patch_quarterly_report(if_match: IfMatchRequired, etag: SendsETag, report_id: uuid.UUID,
                                 body: QuarterlyReportPatch, session: SessionDep,
                                 principal: CurrentPrincipal) -> QuarterlyReportOut:
    """Edit a draft or returned report's texts (If-Match required)."""
    report, project = await service.read(session, report_id, principal)
    if_match.check(report.version)
    await service.patch(session, report, project, body, principal)
    etag(report.version)
    return QuarterlyReportOut.model_validate(report)


async def _step(report_id: uuid.UUID, if_match: IfMatchOptional, etag: SendsETag, session: SessionDep,
                principal: CurrentPrincipal, action: QuarterlyReportAction, reason: str = "") -> QuarterlyReportOut:
    report, project = await service.read(session, report_id, principal)
    if_match.check(report.version)
    await service.advance(session, report, project, action, principal, reason)
    etag(report.version)
    return QuarterlyReportOut.model_validate(report)


@router.post("/{report_id}/submit", summary="Submit a quarterly report", responses=STEP)
async def submit_quarterly_report(report_id: uuid.UUID, if_match: IfMatchOptional, etag: SendsETag,
                                  session: SessionDep, principal: CurrentPrincipal) -> QuarterlyReportOut:
    """draft → submitted, or returned → submitted again (the writer); 进展情况 must be filled in."""
    return await _step(report_id, if_match, etag, session, principal, QuarterlyReportAction.submit)


@router.post("/{report_id}/accept", summary="Accept a quarterly report (office)", responses=STEP)
async def accept_quarterly_report(report_id: uuid.UUID, if_match: IfMatchOptional, etag: SendsETag,
                                  session: SessionDep, principal: CurrentPrincipal) -> QuarterlyReportOut:
    """submitted → accepted (采纳), by the office of the region."""
    return await _step(report_id, if_match, etag, session, principal, QuarterlyReportAction.accept)


@router.post("/{report_id}/return", summary="Return a quarterly report (office)", responses=STEP)
async def return_quarterly_report(report_id: uuid.UUID, body: ReturnIn, if_match: IfMatchOptional, etag: SendsETag,
                                  session: SessionDep, principal: CurrentPrincipal) -> QuarterlyReportOut:
    """submitted → returned with the reason, by the office; the unit edits and submits it again."""
    return await _step(report_id, if_match, etag, session, principal, QuarterlyReportAction.return_, body.reason)
