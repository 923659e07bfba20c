"""Rules of quarterly written reports (季度书面报告, 楚雄 seed 001): the responsible unit writes a project's report
for a quarter (进展情况, 存在问题, 下步打算) and submits it; the office accepts it or returns it with a
reason, as it reviews progress reports. Each quarter is due on the day the region's ``quarterly_reports`` policy
names. Services never commit."""

from __future__ import annotations

import calendar as _calendar
import uuid
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from tuijin.kernel.access import ensure_office_of
from tuijin.kernel.auth import Principal
from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.clock import utcnow
from tuijin.registry.models import Project
from tuijin.registry.policies import QuarterlyReportRule, load_policy
from tuijin.registry.projects import repository as projects_repo
from tuijin.registry.projects.access import project_visibility
from tuijin.registry.quarterly_reports import errors
from tuijin.registry.quarterly_reports import repository as repo
from tuijin.registry.quarterly_reports.enums import (
    EDITABLE,
    TRANSITIONS,
    QuarterlyReportAction,
    QuarterlyReportStatus,
)
from tuijin.registry.quarterly_reports.models import QuarterlyReport
from tuijin.registry.quarterly_reports.schemas import QuarterlyReportIn, QuarterlyReportPatch
from tuijin.registry.reports.periods import shift_due_day
from tuijin.registry.reports.service import ensure_writer

TEXTS = ("progress", "problems", "next_steps")


async def rule_of(session: AsyncSession, region_code: str, year: int) -> QuarterlyReportRule:
    return await load_policy(session, region_code, year, QuarterlyReportRule)


def due_date(rule: QuarterlyReportRule, year: int, quarter: int, cal: WorkingCalendar) -> date:
    """The quarter's due day: in the report's year when its month comes after the quarter's last month, else in the
    next year (楚雄's Q4 by 1月10日 of the next year); past the month's end, its last day; moved off a non-working
    day as the policy says."""
    due = rule.due_of(quarter)
    the_year = year if due.month > quarter * 3 else year + 1
    day = min(due.day, _month_days(the_year, due.month))
    return shift_due_day(date(the_year, due.month, day), rule.non_working_day, cal)


def _month_days(year: int, month: int) -> int:
    return _calendar.monthrange(year, month)[1]


def overdue_working_days(due: date, today: date, cal: WorkingCalendar) -> int:
    """Working days after the due day up to today (0 on or before the due day)."""
    return max(cal.working_days_between(due, today), 0) if today > due else 0


async def read(session: AsyncSession, report_id: uuid.UUID, principal: Principal) -> tuple[QuarterlyReport, Project]:
    found = await repo.one(session, report_id, project_visibility(principal))
    if found is None:
        raise errors.QuarterlyReportNotFound("No such quarterly report.")
    return found[0], found[1]


async def _flush(session: AsyncSession) -> None:
    try:
        await session.flush()
    except StaleDataError as exc:
        raise errors.StaleQuarterlyReport("The report changed meanwhile; reload it and try again.") from exc


async def create(session: AsyncSession, body: QuarterlyReportIn, principal: Principal,
                 calendars: Any) -> QuarterlyReport:
    """A draft for a quarter not reported yet: one per project and quarter (409). ``calendars``: the app's
    working-day calendars (the due day is on the project's region's)."""
    project = await projects_repo.visible_project(session, body.project_id, project_visibility(principal))
    if project is None:
        raise errors.InvalidReference(f"No project {body.project_id}.", field="body.project_id")
    ensure_writer(principal, project)
    if existing := await repo.exists_for(session, project.id, body.year, body.quarter):
        raise errors.QuarterlyReportExists(
            f"The project already has a report for {body.year} Q{body.quarter}.", report_id=str(existing))
    rule = await rule_of(session, project.region_code, body.year)
    cal = await calendars.get(session, project.region_code)
    report = QuarterlyReport(
        region_code=project.region_code, project_id=project.id, unit_id=project.responsible_unit_id,
        year=body.year, quarter=body.quarter, status=QuarterlyReportStatus.draft.value,
        progress=body.progress, problems=body.problems, next_steps=body.next_steps,
        due_date=due_date(rule, body.year, body.quarter, cal), created_by=principal.sub)
    session.add(report)
    try:
        await session.flush()
    except IntegrityError as exc:  # a concurrent create of the same quarter won the race
        raise errors.QuarterlyReportExists(
            f"The project already has a report for {body.year} Q{body.quarter}.") from exc
    return report


async def patch(session: AsyncSession, report: QuarterlyReport, project: Project, body: QuarterlyReportPatch,
                principal: Principal) -> None:
    """Edit a draft or a returned report (the writer)."""
    ensure_writer(principal, project)
    status = QuarterlyReportStatus(report.status)
    if status not in EDITABLE:
        raise errors.QuarterlyReportNotEditable(f"A report that is {status.value} ({status.label}) cannot be edited.")
    for field, value in body.model_dump(exclude_unset=True).items():
        if value is None:
            raise errors.Required(f"{field} cannot be removed.", field=f"body.{field}")
        setattr(report, field, value)
    report.updated_at = utcnow()
    await _flush(session)


async def advance(session: AsyncSession, report: QuarterlyReport, project: Project, action: QuarterlyReportAction,
                  principal: Principal, reason: str = "") -> None:
    """One step: submit (the writer; a returned report again), accept or return with the reason (the office of the
    region). A step not allowed from the current status is refused (422)."""
    if action == QuarterlyReportAction.submit:
        ensure_writer(principal, project)
    else:
        ensure_office_of(principal, project.region_code, "Only the key-project office reviews quarterly reports.")
    before = QuarterlyReportStatus(report.status)
    after = TRANSITIONS.get((before, action))
    if after is None:
        raise errors.QuarterlyReportStepNotAllowed(
            f"A report that is {before.value} ({before.label}) cannot take the step {action.value}.")
    if action == QuarterlyReportAction.submit and not report.progress.strip():
        raise errors.Required("进展情况 is required to submit.", field="body.progress")
    now = utcnow()
    report.status = after.value
    if action == QuarterlyReportAction.submit:
        report.submitted_at = now
    else:
        report.reviewed_at, report.reviewed_by = now, principal.sub
        report.return_reason = reason if action == QuarterlyReportAction.return_ else ""
    report.updated_at = now
    await _flush(session)


def due_row(project: Any, year: int, quarter: int, due: date, today: date, cal: WorkingCalendar) -> dict[str, Any]:
    late = overdue_working_days(due, today, cal)
    return {"project_id": project.id, "project_code": project.code, "project_name": project.name,
            "responsible_unit_id": project.responsible_unit_id, "year": year, "quarter": quarter, "due_date": due,
            "overdue": today > due, "overdue_working_days": late}
