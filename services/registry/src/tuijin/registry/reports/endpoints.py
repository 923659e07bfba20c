"""Routes of progress reports (月报 / 周报)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.access import REGION_WIDE_ROLES, ensure_roles_of
from tuijin.kernel.auth import CurrentPrincipal, Principal, ensure_region
from tuijin.kernel.clock import utcnow
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import problem_responses
from tuijin.kernel.etag import ETagSender, IfMatch, IfMatchOptional, IfMatchRequired, SendsETag
from tuijin.kernel.headers import SendsLocation
from tuijin.kernel.pagination import Page, PageParams, PageParamsDep, paginate
from tuijin.registry.deps import VisibleProject
from tuijin.registry.models import Project
from tuijin.registry.policies import ReportDueRule
from tuijin.registry.projects.access import project_visibility
from tuijin.registry.public.errors import ProjectNotFound
from tuijin.registry.reports import errors, figures, periods, service
from tuijin.registry.reports import repository as repo
from tuijin.registry.reports.enums import ReportAction, ReportStatus
from tuijin.registry.reports.models import ProgressReport, ProgressReportStep
from tuijin.registry.reports.schemas import (
    BulkReportsIn,
    BulkReportsOut,
    LatestReportsIn,
    OverdueReportOut,
    ProjectYearTotals,
    ReportCreate,
    ReportDueRuleOut,
    ReportOut,
    ReportPatch,
    ReportPrefill,
    ReportStepOut,
    ReturnIn,
    TimelinessOut,
)

router = APIRouter(prefix="/api/v1", tags=["progress reports"])

ON_REPORT = problem_responses(errors.ReportNotFound)
STEP = problem_responses(errors.ReportNotFound, *errors.STEP_PROBLEMS)
BY_PERIOD = problem_responses(errors.InvalidPeriod, errors.PeriodKindMismatch)
RegionCode = Annotated[str, Query(pattern=r"^\d{6}$", examples=["410324"])]
PeriodLabel = Annotated[
    str | None, Query(description="a month (2026-05) or ISO week (2026-W19); default: the latest period due")
]


async def visible_report(
    report_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> tuple[ProgressReport, Project]:
    """Dependency: the report and its project, if the caller may see the project (else 404)."""
    found = await repo.report_with_project(session, report_id, project_visibility(principal))
    if found is None:
        raise errors.ReportNotFound("No such progress report.")
    return found


VisibleReport = Annotated[tuple[ProgressReport, Project], Depends(visible_report)]


def _region_reader(principal: Principal, region_code: str) -> None:
    """Region-wide figures: the office, supervisors, scorers, viewers (and services) of the region."""
    ensure_roles_of(principal, region_code, REGION_WIDE_ROLES,
                    "Region-wide report figures are for the office and supervisors.")


# ---------------------------------------------------------------- per project


@router.post(
    "/projects/{project_id}/progress-reports",
    status_code=201,
    summary="Start (or submit) a progress report",
    responses=problem_responses(ProjectNotFound, errors.ReportExists, errors.PeriodKindMismatch,
                                errors.PeriodInFuture, *errors.STEP_PROBLEMS),
)
async def create_report(
    etag: SendsETag,
    location: SendsLocation,
    project: VisibleProject,
    body: ReportCreate,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> ReportOut:
    """One report per project and period (409 ``report_exists`` for a second). The period is a month or
    an ISO week as the region's due rule says. ``submit: true`` submits at once. Send an
    ``Idempotency-Key``: a retry with the same key returns the first response and writes nothing."""
    cal = await request.app.state.calendar.get(session, project.region_code)
    report = await service.create_report(session, project, body, principal, cal)
    location(f"/api/v1/progress-reports/{report.id}")
    etag(report.version)
    return (await service.to_out(session, [report]))[0]


@router.get("/projects/{project_id}/progress-reports", summary="A project's progress reports",
            responses=problem_responses(ProjectNotFound))
async def project_reports(project: VisibleProject, session: SessionDep, page: PageParamsDep) -> Page[ReportOut]:
    """Newest period first, with computed totals and rates."""
    stmt = repo.project_reports_query(project.id)
    rows, cursor = await paginate(
        session, stmt, order=[ProgressReport.period_start, ProgressReport.id], params=page, descending=True
    )
    return Page(items=await service.to_out(session, rows), next_cursor=cursor, limit=page.limit)


@router.get("/projects/{project_id}/progress-reports/prefill", summary="What a report form starts from",
            responses=problem_responses(ProjectNotFound, errors.InvalidPeriod, errors.PeriodKindMismatch))
async def report_prefill(
    request: Request, project: VisibleProject, session: SessionDep, period: PeriodLabel = None
) -> ReportPrefill:
    """The form of one period (default: the next period due in the project's region): the period's report if it
    was started, the last submitted or verified report before it (its figures to copy), and the year-to-date and
    since-start sums before the period with the year plan, total investment and 序时进度, so the form computes
    the totals and rates as the liaison types."""
    cal = await request.app.state.calendar.get(session, project.region_code)
    if period:
        parsed, _ = await service.resolve_period(session, project.region_code, period, cal)
    else:
        parsed, _ = await service.next_due(session, project.region_code, cal)
    return await service.prefill(session, project, parsed, cal)


@router.post(
    "/progress-reports/bulk",
    summary="Submit one period's reports of many projects (all or none)",
    responses=problem_responses(errors.BulkReportInvalid, errors.ReportExists, errors.PeriodKindMismatch,
                                errors.PeriodInFuture, errors.ReportNotEditable, errors.Required,
                                *errors.STEP_PROBLEMS),
)
async def bulk_reports(
    body: BulkReportsIn, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> BulkReportsOut:
    """A unit with many projects reports the period for all of them in one call (批量报送): each item is a new
    report, or updates the project's draft or returned report of the period; with ``submit`` (the default) each
    is submitted. All or nothing: every item is checked first, and any error answers one 422
    ``bulk_report_invalid`` whose ``errors`` name every item and field at fault (``body.items.<n>.<field>``) with
    a Chinese message; nothing is written then. A project the caller may not see (another unit's or region's) is
    refused as a missing one. Send an ``Idempotency-Key`` (one per form): a retry returns the first answer."""
    cal = await request.app.state.calendar.get(session, principal.region_code)
    reports = await service.bulk_reports(session, body, principal, cal)
    return BulkReportsOut(period=body.period, items=await service.to_out(session, reports))


# ---------------------------------------------------------------- region-wide reads (before /{report_id})


@router.get("/progress-reports", summary="List progress reports", responses=BY_PERIOD)
async def list_reports(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageParamsDep,
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    period: Annotated[str | None, Query(description="2026-05 or 2026-W19")] = None,
    status: ReportStatus | None = None,
    late: Annotated[bool | None, Query(description="first submitted after the due instant")] = None,
) -> Page[ReportOut]:
    """Reports of the projects the caller may see, newest period first."""
    parsed = service.parse_label(period, "query.period") if period else None
    stmt = repo.region_reports_query(
        project_visibility(principal),
        region_code=region_code,
        period=parsed,
        status=status.value if status else None,
        late=late,
    )
    rows, cursor = await paginate(
        session, stmt, order=[ProgressReport.period_start, ProgressReport.id], params=page, descending=True
    )
    return Page(items=await service.to_out(session, rows), next_cursor=cursor, limit=page.limit)


@router.post("/progress-reports/latest", summary="Latest report of many projects")
async def latest_reports(body: LatestReportsIn, session: SessionDep, principal: CurrentPrincipal) -> list[ReportOut]:
    """The latest submitted or verified report (by period) of each of up to 1000 projects, in one call
    for the other services; projects without one, or that the caller may not see, are left out.

    Bounded: at most one report per project named, and at most 1000 projects."""
    reports = await repo.latest_reports(
        session, body.project_ids, include_drafts=body.include_drafts, visibility=project_visibility(principal)
    )
    return await service.to_out(session, reports)


async def _unsubmitted(
    session: AsyncSession, principal: Principal, page: PageParams, region_code: str, parsed: periods.Period,
    rule: ReportDueRule, due: datetime,
) -> Page[OverdueReportOut]:
    """The projects the caller may see that are expected to report ``parsed`` and have not submitted it."""
    stmt = repo.unsubmitted_query(
        region_code, parsed, [s.value for s in rule.reporting_stages], due, project_visibility(principal)
    )
    rows, cursor = await paginate(session, stmt, order=[Project.code, Project.id], params=page)
    items = [
        OverdueReportOut(
            project_id=r.id,
            project_code=r.code,
            project_name=r.name,
            responsible_unit_id=r.responsible_unit_id,
            period=parsed.label,
            due_at=due,
            report_id=r.report_id,
            report_status=r.report_status,
        )
        for r in rows
    ]
    return Page(items=items, next_cursor=cursor, limit=page.limit)


@router.get("/progress-reports/overdue", summary="Projects overdue with a report", responses=BY_PERIOD)
async def overdue_reports(
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageParamsDep,
    region_code: RegionCode,
    period: PeriodLabel = None,
) -> Page[OverdueReportOut]:
    """Projects of the region expected to report the period (in a reporting stage, registered by the
    due instant) that had not submitted by the due instant; empty while the due instant is ahead."""
    ensure_region(principal, region_code)
    cal = await request.app.state.calendar.get(session, region_code)
    parsed, rule = await service.resolve_period(session, region_code, period, cal)
    due = periods.due_at(rule, parsed, cal)
    if utcnow() <= due:
        return Page(items=[], next_cursor=None, limit=page.limit)
    return await _unsubmitted(session, principal, page, region_code, parsed, rule, due)


@router.get("/progress-reports/due", summary="Projects yet to report the next period due", responses=BY_PERIOD)
async def due_reports(
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageParamsDep,
    region_code: RegionCode,
    period: PeriodLabel = None,
) -> Page[OverdueReportOut]:
    """Projects of the region the caller may see that are expected to report the period and have not
    submitted it yet (待报), with its due instant: by default the next period whose due instant is still
    ahead, so a unit sees what it must report before it is late."""
    ensure_region(principal, region_code)
    cal = await request.app.state.calendar.get(session, region_code)
    if period:
        parsed, rule = await service.resolve_period(session, region_code, period, cal)
    else:
        parsed, rule = await service.next_due(session, region_code, cal)
    due = periods.due_at(rule, parsed, cal)
    return await _unsubmitted(session, principal, page, region_code, parsed, rule, due)


@router.get("/progress-reports/timeliness", summary="Report timeliness by unit", responses=BY_PERIOD)
async def timeliness(
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    region_code: RegionCode,
    period: PeriodLabel = None,
) -> TimelinessOut:
    """Per responsible unit, for a region and period: projects expected to report, reports on time,
    late, missing (due instant passed) and pending (still ahead). Counted in SQL."""
    _region_reader(principal, region_code)
    cal = await request.app.state.calendar.get(session, region_code)
    parsed, rule = await service.resolve_period(session, region_code, period, cal)
    return await figures.timeliness(session, region_code, parsed, rule, cal)


@router.get("/progress-reports/year-totals", summary="Year-to-date totals of every project", responses=BY_PERIOD)
async def year_totals(
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    region_code: RegionCode,
    through: Annotated[str, Query(description="the last month counted (2026-10); the sums start in its January")],
    late_from: Annotated[
        str | None, Query(description="count late reports from this month of the same year (default: `through`)")
    ] = None,
) -> list[ProjectYearTotals]:
    """Every project of the region on the year's list, with its plan of the year, the investment completed by its
    submitted or verified reports from January through ``through``, its reports from ``late_from`` through
    ``through`` submitted late, and the periods in that span whose due instant passed without a report. Monthly
    and weekly regions alike: the months bound the span, and an ISO week counts in the month of its Thursday (惠济
    reports weekly, due Friday 18:00; a quarter holds its thirteen weeks). One call for a whole region (scoring
    runs read this instead of asking period by period).

    Bounded: one row per project on the region's list of one year (a county's key-project list); the scoring
    run reads it whole in one call."""
    _region_reader(principal, region_code)
    last = service.parse_month(through, "query.through")
    first = service.parse_month(late_from, "query.late_from") if late_from else last
    if first.start.year != last.start.year or first.start > last.start:
        raise errors.InvalidPeriod(
            "late_from must be a month of the same year, not after through", field="query.late_from"
        )
    cal = await request.app.state.calendar.get(session, region_code)
    rule = await service.due_rule(session, region_code, last.start.year)
    return await figures.year_totals(session, project_visibility(principal), region_code, first, last, rule, cal)


@router.get("/progress-reports/due-rule", summary="A region's report due rule", responses=BY_PERIOD)
async def get_due_rule(
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    region_code: RegionCode,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    period: PeriodLabel = None,
) -> ReportDueRuleOut:
    """The rule in force for a year (the region's own, else the default: monthly, the 22nd), and when
    ``period`` is given, its due date, due instant and verify-by instant. The office sets the rule with
    ``PUT /api/v1/policies/{region_code}/report_due``."""
    ensure_region(principal, region_code)
    cal = await request.app.state.calendar.get(session, region_code)
    parsed = None
    if period:
        parsed, rule = await service.resolve_period(session, region_code, period, cal)
        year = parsed.year
    else:
        year = year or utcnow().year
        rule = await service.due_rule(session, region_code, year)
    out = ReportDueRuleOut(region_code=region_code, year=year, rule=rule)
    if parsed is not None:
        out.period = parsed.label
        out.due_date = periods.due_date(rule, parsed, cal)
        out.due_at = periods.due_at(rule, parsed, cal)
        out.verify_by_at = periods.verify_by_at(rule, parsed, cal)
    return out


# ---------------------------------------------------------------- one report


@router.get("/progress-reports/{report_id}", summary="Read a progress report", responses=ON_REPORT)
async def get_report(etag: SendsETag, found: VisibleReport, session: SessionDep) -> ReportOut:
    """The report with its computed totals and rates, lateness and ETag."""
    report, _ = found
    etag(report.version)
    return (await service.to_out(session, [report]))[0]


@router.patch(
    "/progress-reports/{report_id}", summary="Edit a draft or returned report",
    responses=problem_responses(errors.ReportNotFound, errors.ReportWriterRequired, errors.ReportNotEditable,
                                errors.Required, errors.StaleReport, errors.ReportStepConflict),
)
async def patch_report(
    if_match: IfMatchRequired,
    etag: SendsETag,
    found: VisibleReport,
    body: ReportPatch,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> ReportOut:
    """Change what the unit reports while the report is a draft or returned. Send If-Match."""
    report, project = found
    service.ensure_writer(principal, project)
    if_match.check(report.version)
    await service.patch_report(session, report, project, body, principal)
    etag(report.version)
    return (await service.to_out(session, [report]))[0]


async def _step(
    found: tuple[ProgressReport, Project],
    request: Request,
    if_match: IfMatch,
    etag: ETagSender,
    session: SessionDep,
    principal: Principal,
    action: ReportAction,
    reason: str = "",
) -> ReportOut:
    report, project = found
    if_match.check(report.version)
    cal = await request.app.state.calendar.get(session, project.region_code)
    await service.advance(session, report, project, action, principal, cal, reason)
    etag(report.version)
    return (await service.to_out(session, [report]))[0]


@router.post("/progress-reports/{report_id}/submit", summary="Submit a report", responses=STEP)
async def submit_report(
    found: VisibleReport,
    request: Request,
    if_match: IfMatchOptional,
    etag: SendsETag,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> ReportOut:
    """draft → submitted, or returned → submitted again (the unit or the office). The first submission
    decides timeliness: after the due instant it is late, by ``late_seconds``. If-Match is optional."""
    return await _step(found, request, if_match, etag, session, principal, ReportAction.submit)


@router.post("/progress-reports/{report_id}/verify", summary="Verify a report (office)", responses=STEP)
async def verify_report(
    found: VisibleReport,
    request: Request,
    if_match: IfMatchOptional,
    etag: SendsETag,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> ReportOut:
    """submitted → verified (核实), by the office of the region; anything else is refused (422)."""
    return await _step(found, request, if_match, etag, session, principal, ReportAction.verify)


@router.post("/progress-reports/{report_id}/return", summary="Return a report (office)", responses=STEP)
async def return_report(
    found: VisibleReport,
    body: ReturnIn,
    request: Request,
    if_match: IfMatchOptional,
    etag: SendsETag,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> ReportOut:
    """submitted → returned with the reason; the unit edits and submits it again."""
    return await _step(found, request, if_match, etag, session, principal, ReportAction.return_, body.reason)


@router.get("/progress-reports/{report_id}/history", summary="A report's steps", responses=ON_REPORT)
async def report_history(found: VisibleReport, session: SessionDep, page: PageParamsDep) -> Page[ReportStepOut]:
    """Every step in order: who created, submitted, returned (and why), resubmitted and verified it, when.
    Keyset-paginated."""
    report, _ = found
    rows, cursor = await paginate(session, repo.steps_query(report.id), order=[ProgressReportStep.seq], params=page)
    return Page(items=[ReportStepOut.model_validate(s) for s in rows], next_cursor=cursor, limit=page.limit)
