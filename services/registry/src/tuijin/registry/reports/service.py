"""Rules of progress reports: who writes them, the steps draft → submitted → verified (or returned and
submitted again), the due instant and lateness, the computed totals and rates, and the overdue sweep.
Services never commit: the request's unit of work does."""

from __future__ import annotations

import math
import uuid
from decimal import Decimal
from typing import Any

import structlog
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from tuijin.kernel.access import ensure_office_of
from tuijin.kernel.auth import Principal, Role, ensure_region
from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.clock import business_date, today, utcnow
from tuijin.registry.events import emit
from tuijin.registry.lights import service as lights
from tuijin.registry.models import Project
from tuijin.registry.policies import ReportDueRule, load_policy
from tuijin.registry.projects.access import project_visibility
from tuijin.registry.province import outbound as province_outbound
from tuijin.registry.reports import errors, periods
from tuijin.registry.reports import repository as repo
from tuijin.registry.reports.enums import (
    EDITABLE_STATUSES,
    REPORT_TRANSITIONS,
    PeriodKind,
    ReportAction,
    ReportStatus,
)
from tuijin.registry.reports.models import ProgressReport, ProgressReportStep
from tuijin.registry.reports.periods import Period, parse_period
from tuijin.registry.reports.schemas import (
    BulkReportsIn,
    ReportComputed,
    ReportCreate,
    ReportOut,
    ReportPatch,
    ReportPrefill,
)

log = structlog.get_logger("tuijin.registry.reports")



async def due_rule(session: AsyncSession, region_code: str, year: int) -> ReportDueRule:
    return await load_policy(session, region_code, year, ReportDueRule)


def may_write(principal: Principal, project: Project) -> bool:
    """Whether the caller writes the project's reports (see :func:`ensure_writer`), without refusing."""
    if principal.has_any(Role.office):
        return principal.can_see_region(project.region_code)
    writers = {project.responsible_unit_id, project.owner_unit_id} - {None}
    return Role.unit in principal.roles and principal.unit_id in writers


def ensure_writer(principal: Principal, project: Project) -> None:
    """Reports are written by the unit responsible for or owning the project, or by the office."""
    if principal.has_any(Role.office):
        ensure_region(principal, project.region_code)
        return
    writers = {project.responsible_unit_id, project.owner_unit_id} - {None}
    if Role.unit in principal.roles and principal.unit_id in writers:
        return
    raise errors.ReportWriterRequired(
        "Only the project's responsible or owner unit, or the office, writes its progress reports."
    )


async def _flush(session: AsyncSession) -> None:
    try:
        await session.flush()
    except StaleDataError as exc:
        raise errors.StaleReport("The report changed meanwhile; reload it and try again.") from exc
    except IntegrityError as exc:  # e.g. a step number already taken: the history and the version disagree
        log.warning("report_flush_conflict", error=str(exc.orig)[:200])
        raise errors.ReportStepConflict(
            "报告的办理记录与当前版本冲突，未能保存本次操作，请刷新后重试或联系管理员。"
        ) from exc


# ---------------------------------------------------------------- writing


async def create_report(
    session: AsyncSession, project: Project, body: ReportCreate, principal: Principal, cal: WorkingCalendar
) -> ProgressReport:
    """A draft for a period not reported yet (one per project and period), submitted at once if asked."""
    ensure_writer(principal, project)
    period = parse_period(body.period)
    rule = await due_rule(session, project.region_code, period.year)
    if period.kind != rule.period_kind:
        example = "2026-05" if rule.period_kind == "monthly" else "2026-W19"
        raise errors.PeriodKindMismatch(
            f"This region's projects report {rule.period_kind.value} ({rule.period_kind.label}), e.g. {example}.",
            field="body.period",
        )
    if period.start > today():
        raise errors.PeriodInFuture("A period that has not begun cannot be reported yet.", field="body.period")
    existing = await repo.report_of_period(session, project.id, period)
    if existing is not None:
        raise errors.ReportExists(
            f"The project already has a report for {period.label}.", report_id=str(existing.id)
        )
    fields = body.model_dump(exclude={"period", "submit"})
    report = ProgressReport(
        project_id=project.id,
        region_code=project.region_code,
        period_kind=period.kind.value,
        period_start=period.start,
        period_end=period.end,
        year=period.year,
        status=ReportStatus.draft.value,
        due_at=periods.due_at(rule, period, cal),
        verify_by_at=periods.verify_by_at(rule, period, cal),
        created_by=principal.sub,
        **fields,
    )
    session.add(report)
    try:
        await session.flush()
    except IntegrityError as exc:  # a concurrent create of the same period won the race
        raise errors.ReportExists(f"The project already has a report for {period.label}.") from exc
    _record(session, report, ReportAction.create, None, ReportStatus.draft, principal)
    if body.submit:
        await advance(session, report, project, ReportAction.submit, principal, cal)
    return report


async def patch_report(
    session: AsyncSession, report: ProgressReport, project: Project, body: ReportPatch, principal: Principal
) -> ProgressReport:
    """Edit a draft or a returned report."""
    ensure_writer(principal, project)
    status = ReportStatus(report.status)
    if status not in (ReportStatus.draft, ReportStatus.returned):
        raise errors.ReportNotEditable(f"A report that is {status.value} ({status.label}) cannot be edited.")
    for field, value in body.model_dump(exclude_unset=True).items():
        if value is None and field not in ("physical_percent",):
            raise errors.Required(f"{field} cannot be removed.", field=f"body.{field}")
        setattr(report, field, value)
    report.updated_at = utcnow()
    await _flush(session)
    return report


def _record(
    session: AsyncSession,
    report: ProgressReport,
    action: ReportAction,
    before: ReportStatus | None,
    after: ReportStatus,
    principal: Principal,
    reason: str = "",
) -> None:
    session.add(
        ProgressReportStep(
            report_id=report.id,
            seq=report.version + (0 if before is None else 1),
            action=action.value,
            from_status=before.value if before else None,
            to_status=after.value,
            reason=reason,
            actor=principal.sub,
            actor_unit_id=principal.unit_id,
            at=utcnow(),
        )
    )


async def advance(
    session: AsyncSession,
    report: ProgressReport,
    project: Project,
    action: ReportAction,
    principal: Principal,
    cal: WorkingCalendar,
    reason: str = "",
) -> ProgressReport:
    """Take one step: submit (a returned report is resubmitted), verify or return (office, with the
    reason). A step not allowed from the current status is refused (422)."""
    before = ReportStatus(report.status)
    if action == ReportAction.submit and before == ReportStatus.returned:
        action = ReportAction.resubmit
    if action in (ReportAction.verify, ReportAction.return_):
        ensure_office_of(principal, project.region_code)
    else:
        ensure_writer(principal, project)
    after = REPORT_TRANSITIONS.get((before, action))
    if after is None:
        steps = {"submit" if a == ReportAction.resubmit else a.value for (s, a) in REPORT_TRANSITIONS if s == before}
        allowed = sorted(steps) or ["none"]
        raise errors.ReportStepNotAllowed(
            f"A report that is {before.value} ({before.label}) cannot take the step {action.value}; "
            f"allowed now: {', '.join(allowed)}."
        )
    now = utcnow()
    if after == ReportStatus.submitted:
        if not report.physical_progress.strip():
            raise errors.Missing(
                "A report is submitted with its physical progress (形象进度).", field="physical_progress"
            )
        if report.first_submitted_at is None:  # the due instant of the rule in force, fixed from now on
            rule = await due_rule(session, project.region_code, report.year)
            period = _period(report)
            report.due_at = periods.due_at(rule, period, cal)
            report.verify_by_at = periods.verify_by_at(rule, period, cal)
            report.first_submitted_at = now
        report.submitted_at = now
    elif after == ReportStatus.verified:
        report.verified_at = now
    elif after == ReportStatus.returned:
        report.return_reason = reason
    report.status = after.value
    report.updated_at = now
    _record(session, report, action, before, after, principal, reason)
    await _flush(session)
    await emit(session, f"report.{_EVENTS[action]}", _event(report, project, action, reason), project.region_code)
    if after == ReportStatus.submitted:  # a monthly report is the provincial platform's 进度 report
        await province_outbound.on_report_submitted(session, project, report)
    if after in (ReportStatus.submitted, ReportStatus.verified, ReportStatus.returned):
        await lights.recompute(session, cal, project_ids=[project.id], now=now)
    return report


_EVENTS = {
    ReportAction.submit: "submitted",
    ReportAction.resubmit: "submitted",
    ReportAction.verify: "verified",
    ReportAction.return_: "returned",
}


def _period(report: ProgressReport) -> Period:
    return Period(kind=PeriodKind(report.period_kind), start=report.period_start, end=report.period_end)


def late_seconds(report: ProgressReport) -> int | None:
    if report.first_submitted_at is None or report.first_submitted_at <= report.due_at:
        return None
    return math.ceil((report.first_submitted_at - report.due_at).total_seconds())


def _event(report: ProgressReport, project: Project, action: ReportAction, reason: str) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "report_id": str(report.id),
        "project_id": str(project.id),
        "region_code": project.region_code,
        "responsible_unit_id": str(project.responsible_unit_id),
        "period": _period(report).label,
        "period_kind": report.period_kind,
        "status": report.status,
        "due_at": report.due_at.isoformat(),
    }
    if action in (ReportAction.submit, ReportAction.resubmit):
        payload["resubmission"] = action == ReportAction.resubmit
        payload["is_late"] = late_seconds(report) is not None
        payload["late_seconds"] = late_seconds(report)
    if action == ReportAction.verify:
        payload["verified_late"] = _verified_late(report)
    if action == ReportAction.return_:
        payload["reason"] = reason
    return payload


def _verified_late(report: ProgressReport) -> bool | None:
    if report.verified_at is None or report.verify_by_at is None:
        return None
    return report.verified_at > report.verify_by_at


# ---------------------------------------------------------------- reading


async def to_out(session: AsyncSession, reports: list[ProgressReport]) -> list[ReportOut]:
    """Full views with computed totals and rates, for many reports in a fixed number of queries."""
    totals = await repo.totals_of(session, [r.id for r in reports])
    project_totals, plans = await repo.plan_figures(session, {(r.project_id, r.year) for r in reports})
    now = utcnow()
    out = []
    for r in reports:
        ytd, since_start = totals.get(r.id, (Decimal(0), Decimal(0)))
        planned, monthly = plans.get((r.project_id, r.year), (None, None))
        total = project_totals.get(r.project_id, Decimal(0))
        rate = periods.percent(ytd, planned)
        target = periods.time_progress(r.period_end, monthly if r.period_end.year == r.year else None)
        computed = ReportComputed(
            year_to_date_completed=ytd,
            since_start_completed=since_start,
            year_planned_investment=planned,
            year_plan_rate=rate,
            total_investment=total,
            total_investment_rate=periods.percent(since_start, total),
            time_progress=target,
            behind_points=target - rate if rate is not None else None,
        )
        late = late_seconds(r)
        out.append(
            ReportOut.model_validate(
                {
                    **{k: getattr(r, k) for k in ReportOut.model_fields if hasattr(r, k)},
                    "period": _period(r).label,
                    "is_late": late is not None,
                    "late_seconds": late,
                    "is_overdue": r.first_submitted_at is None and now > r.due_at,
                    "verified_late": _verified_late(r),
                    "computed": computed,
                }
            )
        )
    return out


def parse_label(label: str, field: str) -> Period:
    """A period label of a request (2026-05 or 2026-W19), or 422 ``invalid_period`` naming ``field``."""
    try:
        return parse_period(label)
    except ValueError as exc:
        raise errors.InvalidPeriod(str(exc), field=field) from exc


def parse_month(label: str, field: str) -> Period:
    """A month label of a request (2026-10), or 422 ``invalid_period`` naming ``field``."""
    period = parse_label(label, field)
    if period.kind != PeriodKind.monthly:
        raise errors.InvalidPeriod("a month like 2026-10 is expected", field=field)
    return period


async def resolve_period(
    session: AsyncSession, region_code: str, label: str | None, cal: WorkingCalendar
) -> tuple[Period, ReportDueRule]:
    """The period named by ``label`` (query field ``period``), or the latest one due in the region."""
    if label:
        period = parse_label(label, "query.period")
        rule = await due_rule(session, region_code, period.year)
        if period.kind != rule.period_kind:  # a month of a weekly region is no period of its reports (nor the reverse)
            example = "2026-05" if rule.period_kind == PeriodKind.monthly else "2026-W19"
            raise errors.PeriodKindMismatch(
                f"This region's projects report {rule.period_kind.value} ({rule.period_kind.label}), e.g. {example}.",
                field="query.period",
            )
        return period, rule
    now = utcnow()
    day = business_date(now)
    rules = {y: await due_rule(session, region_code, y) for y in (day.year - 1, day.year)}
    period = periods.latest_due_period(rules, rules[day.year].period_kind, now, cal, today=day)
    if period is None:
        period = periods.period_containing(rules[day.year].period_kind, day)
    return period, rules.get(period.year) or rules[day.year]


async def next_due(session: AsyncSession, region_code: str, cal: WorkingCalendar) -> tuple[Period, ReportDueRule]:
    """The next period of the region whose due instant is still ahead, and its rule."""
    now = utcnow()
    day = business_date(now)
    rules = {y: await due_rule(session, region_code, y) for y in (day.year - 1, day.year, day.year + 1)}
    period = periods.next_due_period(rules, rules[day.year].period_kind, now, cal, today=day)
    return period, rules[period.year]


# ---------------------------------------------------------------- the unit's form: pre-fill and bulk


async def prefill(
    session: AsyncSession, project: Project, period: Period, cal: WorkingCalendar
) -> ReportPrefill:
    """What the report form of ``period`` starts from: the period's report if started, the last counted report
    before it, and the sums and plan figures the form computes its totals and rates with."""
    rule = await due_rule(session, project.region_code, period.year)
    report = await repo.report_of_period(session, project.id, period)
    last = await repo.last_counted_before(session, project.id, period)
    ytd, since_start = await repo.sums_before(session, project.id, period)
    totals, plans = await repo.plan_figures(session, {(project.id, period.year)})
    planned, monthly = plans.get((project.id, period.year), (None, None))
    outs = await to_out(session, [r for r in (report, last) if r is not None])
    by_id = {o.id: o for o in outs}
    return ReportPrefill(
        project_id=project.id,
        period=period.label,
        period_kind=period.kind,
        due_at=report.due_at if report is not None else periods.due_at(rule, period, cal),
        report=by_id.get(report.id) if report is not None else None,
        last=by_id.get(last.id) if last is not None else None,
        year_to_date_before=ytd,
        since_start_before=since_start,
        year_planned_investment=planned,
        total_investment=totals.get(project.id, Decimal(0)),
        time_progress=periods.time_progress(period.end, monthly if period.end.year == period.year else None),
    )


# the Chinese label of each field a bulk item can be refused on
_BULK_LABELS = {"project_id": "项目", "physical_progress": "形象进度"}


async def bulk_reports(
    session: AsyncSession, body: BulkReportsIn, principal: Principal, cal: WorkingCalendar
) -> list[ProgressReport]:
    """One period's reports of many projects, all or none: every item is checked first and every error of every
    item is answered at once (422 ``bulk_report_invalid``, a field per error, ``body.items.<n>.<field>``); a
    project the caller may not see is refused as a missing one. A draft or returned report of the period is
    updated (and submitted, resubmitted for a returned one); a submitted or verified one is refused."""
    period = parse_period(body.period)
    ids = [item.project_id for item in body.items]
    projects = await repo.visible_projects(session, ids, project_visibility(principal))
    existing = await repo.reports_of(session, ids, period)
    rules: dict[str, ReportDueRule] = {}
    problems: list[dict[str, str]] = []

    def refuse(index: int, field: str, code: str, message: str) -> None:
        project = projects.get(body.items[index].project_id)
        name = f"（{project.code}）" if project is not None else ""
        problems.append({
            "field": f"body.items.{index}.{field}", "type": code, "message": message,
            "label": f"第{index + 1}项{name}{_BULK_LABELS.get(field, field)}",
        })

    if period.start > today():
        problems.append({"field": "body.period", "type": "period_in_future", "label": "报告期",
                         "message": f"{period.label} 尚未开始，不能填报。"})
    seen: set[uuid.UUID] = set()
    for i, item in enumerate(body.items):
        project = projects.get(item.project_id)
        if project is None:
            refuse(i, "project_id", "project_not_found", "没有该项目，或无权填报该项目。")
            continue
        if item.project_id in seen:
            refuse(i, "project_id", "duplicate_project", "同一项目在本次报送中出现了不止一次。")
            continue
        seen.add(item.project_id)
        if not may_write(principal, project):
            refuse(i, "project_id", "report_writer_required", "只有项目责任单位（或业主单位）可以填报该项目的报告。")
            continue
        if project.region_code not in rules:
            rules[project.region_code] = await due_rule(session, project.region_code, period.year)
        rule = rules[project.region_code]
        if period.kind != rule.period_kind:
            kind = rule.period_kind.label
            refuse(i, "project_id", "period_kind_mismatch", f"该项目所在地区按{kind}填报，报告期不符。")
            continue
        report = existing.get(item.project_id)
        if report is not None and ReportStatus(report.status) not in EDITABLE_STATUSES:
            label = ReportStatus(report.status).label
            refuse(i, "project_id", "report_exists", f"该项目 {period.label} 的报告已{label}，不能重复报送。")
            continue
        sent = "physical_progress" in item.model_fields_set
        physical = item.physical_progress if sent or report is None else report.physical_progress
        if body.submit and not physical.strip():
            refuse(i, "physical_progress", "missing", "报送时须填写形象进度。")
    if problems:
        raise errors.BulkReportInvalid(f"{len(problems)} error(s) in the bulk submission; nothing was written.",
                                       errors=problems)
    written = []
    for item in body.items:
        project = projects[item.project_id]
        report = existing.get(item.project_id)
        if report is None:
            fields = item.model_dump(exclude={"project_id"})
            report = await create_report(
                session, project, ReportCreate(period=body.period, submit=body.submit, **fields), principal, cal
            )
        else:  # a draft or returned report keeps what the item does not send (its photos, its texts)
            fields = item.model_dump(exclude={"project_id"}, exclude_unset=True)
            await patch_report(session, report, project, ReportPatch(**fields), principal)
            if body.submit:
                await advance(session, report, project, ReportAction.submit, principal, cal)
        written.append(report)
    return written
