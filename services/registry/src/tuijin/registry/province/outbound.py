"""Project-unit reports to the provincial platform (开工 / 进度 / 停工 / 复工 / 竣工), written to the
province outbox in the transaction of the change that causes them, so a platform outage delays them and
loses none. Only provincial-list projects (省级重大项目) linked to the platform report.

This module imports models and queries only: the registry's stage changes and the monthly reports call into it."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.outbox import ordered_uuid
from tuijin.registry.models import Project
from tuijin.registry.policies import TierThresholds, load_policy
from tuijin.registry.projects.enums import ListTier
from tuijin.registry.province import repository as repo
from tuijin.registry.province.enums import DeliveryStatus, UnitReportKind
from tuijin.registry.province.models import OutboundReport, ProjectLink

# stage reached → the report it causes
STAGE_REPORTS = {"under_construction": UnitReportKind.start, "completed": UnitReportKind.completion}


async def on_provincial_list(session: AsyncSession, project: Project) -> bool:
    """Whether the project is on the provincial major list this year (its override, else the thresholds)."""
    if project.tier_override:
        return project.tier_override == ListTier.provincial_major.value
    year = today().year
    planned = await repo.planned_investment(session, project.id, year)
    thresholds = await load_policy(session, project.region_code, year, TierThresholds)
    return thresholds.tier(project.total_investment, planned) == ListTier.provincial_major


async def linked(session: AsyncSession, project: Project) -> ProjectLink | None:
    return await repo.active_link_of_project(session, project.id)


async def queue_report(
    session: AsyncSession, project: Project, kind: UnitReportKind, report_date: date, details: dict[str, Any]
) -> OutboundReport | None:
    """Queue one report for a linked provincial-list project (None for any other project)."""
    link = await linked(session, project)
    if link is None or not await on_provincial_list(session, project):
        return None
    now = utcnow()
    report_id = ordered_uuid()  # ordered, so a project's reports leave in the order they were made
    report = OutboundReport(
        id=report_id,
        region_code=project.region_code,
        project_id=project.id,
        national_code=link.national_code,
        kind=kind.value,
        payload={
            "report_id": str(report_id),
            "project_code": link.national_code,
            "kind": kind.value,
            "report_date": report_date.isoformat(),
            "local_project_code": project.code,
            **details,
        },
        status=DeliveryStatus.pending.value,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(report)
    await session.flush()
    return report


async def on_stage_changed(
    session: AsyncSession, project: Project, to_stage: str, changed_on: date, reason: str
) -> None:
    """Start of works (开工) when a project goes under construction, completion (竣工) when it completes."""
    kind = STAGE_REPORTS.get(to_stage)
    if kind is not None:
        await queue_report(session, project, kind, changed_on, {"reason": reason})


async def on_report_submitted(session: AsyncSession, project: Project, report: Any) -> None:
    """A submitted monthly progress report (月报) is the platform's 进度 report."""
    if report.period_kind != "monthly":
        return
    await queue_report(
        session,
        project,
        UnitReportKind.progress,
        today(),
        {
            "period": f"{report.period_start.year}-{report.period_start.month:02d}",
            "investment_completed": format(report.investment_completed.normalize(), "f"),
            "funds_in_place": format(report.funds_in_place.normalize(), "f"),
            "physical_progress": report.physical_progress,
            "physical_percent": format(report.physical_percent.normalize(), "f")
            if report.physical_percent is not None
            else None,
        },
    )
