"""Demo progress reports: the last three months due for the demo county's projects under construction,
the older months verified, the latest submitted, one of them late."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.clock import business_date, utcnow
from tuijin.kernel.demo import DEMO_REGION
from tuijin.registry.models import Project, YearPlan
from tuijin.registry.policies import ReportDueRule, load_policy
from tuijin.registry.reports import periods
from tuijin.registry.reports.enums import ReportAction, ReportStatus
from tuijin.registry.reports.models import ProgressReport, ProgressReportStep

DEMO_PROJECTS = 30  # the first projects under construction, by code
MONTHS = 3


async def seed_report_demo(session: AsyncSession) -> int:
    """Create the demo reports (once: nothing if the region has reports); returns how many."""
    if await session.scalar(select(ProgressReport.id).where(ProgressReport.region_code == DEMO_REGION).limit(1)):
        return 0
    now = utcnow()
    today = business_date(now)
    cal = WorkingCalendar()
    rules = {y: await load_policy(session, DEMO_REGION, y, ReportDueRule) for y in (today.year - 1, today.year)}
    latest = periods.latest_due_period(rules, rules[today.year].period_kind, now, cal, today=today)
    if latest is None:
        return 0
    months = [latest]
    while len(months) < MONTHS:
        months.insert(0, months[0].previous())
    rows = (
        await session.execute(
            select(Project, YearPlan.planned_investment)
            .join(YearPlan, YearPlan.project_id == Project.id)
            .where(
                Project.region_code == DEMO_REGION,
                Project.stage == "under_construction",
                YearPlan.year == today.year,
            )
            .order_by(Project.code)
            .limit(DEMO_PROJECTS)
        )
    ).all()
    created = 0
    for i, (project, planned) in enumerate(rows):
        pace = Decimal("1.1") if i % 3 == 0 else Decimal("0.8") if i % 3 == 1 else Decimal("0.5")
        for j, period in enumerate(months):
            rule = rules.get(period.year) or rules[today.year]
            due = periods.due_at(rule, period, cal)
            late = i == 0 and period == latest  # one report came in a day and three hours late
            submitted = due + timedelta(days=1, hours=3) if late else due - timedelta(days=2, hours=6)
            verified = period != latest
            investment = (planned * pace / 12).quantize(Decimal("1"))
            report = ProgressReport(
                project_id=project.id,
                region_code=DEMO_REGION,
                period_kind=period.kind.value,
                period_start=period.start,
                period_end=period.end,
                year=period.year,
                status=ReportStatus.draft.value,
                investment_completed=investment,
                funds_in_place=(investment * Decimal("0.9")).quantize(Decimal("1")),
                physical_progress=f"{project.name}：按计划推进第{j + 1}阶段施工",
                physical_percent=min(Decimal(100), Decimal(20 + 10 * j) * pace).quantize(Decimal("0.01")),
                demolition_progress="征迁工作已完成" if i % 2 else "剩余少量征迁，正在协调",
                problems="" if pace > 1 else "施工用地手续滞后",
                measures="" if pace > 1 else "责任单位专班推进，体系例会协调",
                photos=[f"photos/{project.code}/{period.label}/1.jpg"],
                due_at=due,
                first_submitted_at=submitted,
                submitted_at=submitted,
                verified_at=submitted + timedelta(days=1) if verified else None,
                created_by="demo",
            )
            session.add(report)
            # each step is written as the service writes it: the report's version after the step is the step's
            # number, so that the next verify or return (version + 1) follows on
            steps = [(ReportAction.create, None, ReportStatus.draft, submitted - timedelta(hours=1))]
            steps.append((ReportAction.submit, ReportStatus.draft, ReportStatus.submitted, submitted))
            if verified:
                steps.append((ReportAction.verify, ReportStatus.submitted, ReportStatus.verified, report.verified_at))
            for action, before, after, at in steps:
                report.status = after.value
                await session.flush()  # the version goes 1 on insert, then up by one per step
                session.add(
                    ProgressReportStep(
                        report_id=report.id,
                        seq=report.version,
                        action=action.value,
                        from_status=before.value if before else None,
                        to_status=after.value,
                        actor="demo",
                        at=at,
                    )
                )
            created += 1
    await session.flush()
    return created
