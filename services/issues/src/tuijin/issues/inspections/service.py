"""Rules of inspections (督查): planning one, changing the plan while it is planned, recording it once — every
finding to rectify put on the ladder as a problem in the same transaction (source: the inspection), or nothing
written — and closing it (办结) once every finding is rectified. Services never commit: the request's unit of
work does, so a refused finding leaves neither the recording nor any problem behind."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.directory import repository as directory_repo
from tuijin.issues.directory.models import ProjectRef
from tuijin.issues.errors import Required
from tuijin.issues.inspections import repository as repo
from tuijin.issues.inspections.enums import FindingDisposition, FindingState, InspectionStatus
from tuijin.issues.inspections.errors import (
    AttachmentNotOfInspection,
    DuplicateProject,
    FindingsNotRectified,
    InspectedInFuture,
    InspectionNotPlanned,
    InspectionNotRecorded,
    ProjectNotVisited,
)
from tuijin.issues.inspections.models import Inspection, InspectionFinding, InspectionProject
from tuijin.issues.inspections.schemas import (
    BehindProject,
    InspectionCheckOut,
    InspectionCreate,
    InspectionFindingOut,
    InspectionOut,
    InspectionPatch,
    InspectionRecord,
    InspectorOut,
)
from tuijin.issues.problems import service as problem_service
from tuijin.issues.problems.enums import ActionSource, ProblemLevel, ProblemStatus
from tuijin.issues.problems.schemas import ProblemCreate
from tuijin.issues.problems.steps import Actor, check_deadline
from tuijin.issues.rectifications.enums import RectificationSource, RectificationStatus
from tuijin.issues.rectifications.service import open_rectification
from tuijin.kernel.auth import Principal
from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.clock import today, utcnow

RECTIFIED_STATUSES = frozenset({ProblemStatus.resolved.value, ProblemStatus.closed.value})


def finding_state(
    finding: InspectionFinding, problem_status: str | None, on: date, rectification_status: str | None = None
) -> FindingState:
    """Rectified when closed on the spot, its problem is resolved (or closed, 销号) or the office has verified its
    rectification (整改核验); overdue once its deadline has passed; rectifying before."""
    if (finding.disposition == FindingDisposition.on_the_spot or problem_status in RECTIFIED_STATUSES
            or rectification_status == RectificationStatus.verified.value):
        return FindingState.rectified
    due = finding.rectification_due_on
    return FindingState.overdue if due is not None and on > due else FindingState.rectifying


def _project_rows(inspection: Inspection, refs: list[ProjectRef]) -> list[InspectionProject]:
    return [InspectionProject(inspection_id=inspection.id, project_id=ref.id, position=i, region_code=ref.region_code,
                              project_code=ref.code, project_name=ref.name,
                              responsible_unit_id=ref.responsible_unit_id)
            for i, ref in enumerate(refs)]


def check_unique(ids: list[uuid.UUID], field: str) -> None:
    """A project named once (422 ``duplicate_project`` naming the second)."""
    seen: set[uuid.UUID] = set()
    for i, pid in enumerate(ids):
        if pid in seen:
            raise DuplicateProject("The project is named twice.", field=f"{field}.{i}")
        seen.add(pid)


async def create(
    session: AsyncSession, body: InspectionCreate, refs: list[ProjectRef], team: list[dict[str, Any]], by: str
) -> Inspection:
    inspection = Inspection(region_code=body.region_code, kind=body.kind.value, status=InspectionStatus.planned.value,
                            theme=body.theme, lead=body.lead, team=team, inspected_on=body.inspected_on,
                            created_by=by)
    session.add(inspection)
    await session.flush()
    session.add_all(_project_rows(inspection, refs))
    await session.flush()
    return inspection


def ensure_planned(inspection: Inspection) -> None:
    if inspection.status != InspectionStatus.planned:
        raise InspectionNotPlanned("The inspection is recorded already.")


async def patch(
    session: AsyncSession, inspection: Inspection, body: InspectionPatch, refs: list[ProjectRef] | None,
    team: list[dict[str, Any]] | None,
) -> Inspection:
    """Change the plan (only while planned)."""
    ensure_planned(inspection)
    if body.kind is not None:
        inspection.kind = body.kind.value
    for name in ("theme", "lead", "inspected_on"):
        value = getattr(body, name)
        if value is not None:
            setattr(inspection, name, value)
    if team is not None:
        inspection.team = team
    if refs is not None:
        await repo.replace_projects(session, inspection.id, _project_rows(inspection, refs))
    inspection.updated_at = utcnow()  # bumps the version even when only the visited projects change
    await session.flush()
    return inspection


async def _check_record(
    session: AsyncSession, inspection: Inspection, body: InspectionRecord, visited: dict[uuid.UUID, InspectionProject],
    day: date,
) -> None:
    """Every check and finding names a project visited; a finding to rectify has a deadline from today on and a
    unit to ask; its evidence is attached to this inspection; the day it was held has come."""
    if (body.inspected_on or inspection.inspected_on) > day:
        raise InspectedInFuture("The inspection is recorded after it is held.", field="body.inspected_on")
    check_unique([c.project_id for c in body.checks], "body.checks")
    for i, check in enumerate(body.checks):
        if check.project_id not in visited:
            raise ProjectNotVisited("The inspection did not visit this project.", field=f"body.checks.{i}.project_id")
    files = await repo.attachment_ids(session, inspection.id) if any(f.attachment_ids for f in body.findings) else set()
    for i, finding in enumerate(body.findings):
        at = f"body.findings.{i}"
        row = visited.get(finding.project_id)
        if row is None:
            raise ProjectNotVisited("The inspection did not visit this project.", field=f"{at}.project_id")
        for j, attachment_id in enumerate(finding.attachment_ids):
            if attachment_id not in files:
                raise AttachmentNotOfInspection("The file is not attached to this inspection.",
                                                field=f"{at}.attachment_ids.{j}")
        if finding.disposition == FindingDisposition.problem:
            if finding.rectification_due_on is None:
                raise Required("A finding to rectify needs a deadline (整改期限).",
                               field=f"{at}.rectification_due_on")
            check_deadline(finding.rectification_due_on, day, field=f"{at}.rectification_due_on")
            if finding.responsible_unit_id is None and row.responsible_unit_id is None:
                raise Required("The project has no responsible unit; name one.", field=f"{at}.responsible_unit_id")


async def record(
    session: AsyncSession, inspection: Inspection, body: InspectionRecord, principal: Principal,
    cal: WorkingCalendar, unit_names: dict[uuid.UUID, str],
) -> Inspection:
    """Record the inspection as held, once: the checks go on its visited projects, each finding is kept, and each
    finding to rectify becomes a problem on the ladder (at the team level, asked of the unit with the deadline as
    its deadline, source ``inspection``) whose id the finding keeps, and opens the rectification (整改) the
    rectifications' sweep chases with letters once the deadline passes."""
    ensure_planned(inspection)
    day = today()
    visited = {row.project_id: row for row in (await repo.projects_of(session, [inspection.id]))[inspection.id]}
    await _check_record(session, inspection, body, visited, day)
    for check in body.checks:
        row = visited[check.project_id]
        row.checked = True
        for name in ("reported_progress", "observed_progress", "reported_percent", "observed_percent",
                     "funds_reported", "funds_disbursed", "note"):
            setattr(row, name, getattr(check, name))
    refs = await directory_repo.projects(session, set(visited))
    actor = Actor(sub=principal.sub, source=ActionSource.inspection, unit_id=principal.unit_id)
    for i, f in enumerate(body.findings):
        unit_id = f.responsible_unit_id or visited[f.project_id].responsible_unit_id
        finding = InspectionFinding(
            inspection_id=inspection.id, position=i + 1, region_code=inspection.region_code, project_id=f.project_id,
            category=f.category.value, description=f.description, disposition=f.disposition.value,
            measures=f.measures, responsible_unit_id=unit_id,
            responsible_unit_name=unit_names.get(unit_id, "") if unit_id else "",
            rectification_due_on=f.rectification_due_on if f.disposition == FindingDisposition.problem else None,
            attachment_ids=[str(a) for a in f.attachment_ids],
        )
        session.add(finding)
        await session.flush()
        if f.disposition == FindingDisposition.problem:
            problem = await problem_service.raise_problem(
                session, refs[f.project_id],
                ProblemCreate(project_id=f.project_id, category=f.category, description=f.description,
                              responsible_unit_id=unit_id, level=ProblemLevel.team, deadline=f.rectification_due_on),
                actor, cal, details={"inspection_id": str(inspection.id), "finding_id": str(finding.id)},
            )
            finding.problem_id = problem.id
            # 整改: the finding is chased until the office verifies it (docs/supervision.md)
            ref = refs[f.project_id]
            await open_rectification(
                session, region_code=inspection.region_code, source_kind=RectificationSource.inspection_finding,
                source_id=finding.id, unit_id=unit_id, unit_name=finding.responsible_unit_name,
                deadline=f.rectification_due_on, requirement=f.measures or f.description, opened_by=principal.sub,
                project_id=f.project_id, project_code=ref.code, project_name=ref.name,
            )
    inspection.status = InspectionStatus.recorded.value
    inspection.inspected_on = body.inspected_on or inspection.inspected_on
    inspection.summary = body.summary
    inspection.recorded_by = principal.sub
    inspection.recorded_at = utcnow()
    await session.flush()
    return inspection


async def close(session: AsyncSession, inspection: Inspection, by: str) -> Inspection:
    """办结: a recorded inspection whose every finding is rectified."""
    if inspection.status != InspectionStatus.recorded:
        raise InspectionNotRecorded("Only a recorded inspection is closed.")
    findings = (await repo.findings_of(session, [inspection.id]))[inspection.id]
    states = await repo.problem_states(session, {f.problem_id for f in findings if f.problem_id})
    rects = await repo.rectifications_of(session, {f.id for f in findings})
    day = today()
    open_ = [f.position for f in findings
             if finding_state(f, states.get(f.problem_id, (None, None))[0] if f.problem_id else None, day,
                              rects[f.id][1] if f.id in rects else None)
             != FindingState.rectified]
    if open_:
        raise FindingsNotRectified(f"Findings {open_} are not rectified yet.", findings=open_)
    inspection.status = InspectionStatus.closed.value
    inspection.closed_by = by
    inspection.closed_at = utcnow()
    await session.flush()
    return inspection


def _finding_out(
    f: InspectionFinding, project: tuple[str, str] | None, status: str | None, day: date,
    rect: tuple[uuid.UUID, str] | None = None,
) -> InspectionFindingOut:
    code, name = project or ("", "")
    rect_id, rect_status = rect or (None, None)
    return InspectionFindingOut(
        id=f.id, position=f.position, project_id=f.project_id, project_code=code, project_name=name,
        category=f.category, description=f.description, disposition=f.disposition, measures=f.measures,
        responsible_unit_id=f.responsible_unit_id, responsible_unit_name=f.responsible_unit_name,
        rectification_due_on=f.rectification_due_on, problem_id=f.problem_id, attachment_ids=f.attachment_ids,
        problem_status=status, rectification_id=rect_id, rectification_status=rect_status,
        state=finding_state(f, status, day, rect_status))


async def findings_out(session: AsyncSession, findings: list[InspectionFinding]) -> list[InspectionFindingOut]:
    """Findings with their project's code and name and where their rectification stands today."""
    states = await repo.problem_states(session, {f.problem_id for f in findings if f.problem_id})
    names = await repo.project_names(session, list({f.project_id for f in findings}))
    rects = await repo.rectifications_of(session, {f.id for f in findings})
    day = today()
    return [_finding_out(f, names.get(f.project_id), states[f.problem_id][0] if f.problem_id in states else None, day,
                         rects.get(f.id))
            for f in findings]


async def to_out(session: AsyncSession, inspections: list[Inspection]) -> list[InspectionOut]:
    ids = [i.id for i in inspections]
    projects = await repo.projects_of(session, ids)
    findings = await repo.findings_of(session, ids)
    states = await repo.problem_states(session, {f.problem_id for fs in findings.values() for f in fs if f.problem_id})
    rects = await repo.rectifications_of(session, {f.id for fs in findings.values() for f in fs})
    day = today()
    out = []
    for inspection in inspections:
        names = {p.project_id: (p.project_code, p.project_name) for p in projects[inspection.id]}
        finding_out = [_finding_out(f, names.get(f.project_id),
                                    states[f.problem_id][0] if f.problem_id in states else None, day,
                                    rects.get(f.id))
                       for f in findings[inspection.id]]
        out.append(InspectionOut(
            id=inspection.id, region_code=inspection.region_code, kind=inspection.kind, status=inspection.status,
            theme=inspection.theme, lead=inspection.lead, team=[InspectorOut(**m) for m in inspection.team],
            inspected_on=inspection.inspected_on, summary=inspection.summary,
            projects=[InspectionCheckOut.model_validate(p) for p in projects[inspection.id]], findings=finding_out,
            created_by=inspection.created_by, recorded_by=inspection.recorded_by, recorded_at=inspection.recorded_at,
            closed_by=inspection.closed_by, closed_at=inspection.closed_at, version=inspection.version,
            created_at=inspection.created_at, updated_at=inspection.updated_at))
    return out


async def notice_data(
    session: AsyncSession, region_code: str, start: date, end: date
) -> tuple[list[InspectionOut], list[tuple[InspectionFindingOut, date]], list[InspectionFindingOut]]:
    """What the month's 督查通报 says: the inspections held in the month (recorded), the findings rectified in the
    month with the day (closed on the spot at an inspection of the month; a problem resolved in the month), and the
    findings past their deadline at the month's end (or today, if earlier) and still open."""
    held = await to_out(session, await repo.month_inspections(session, region_code, start, end))
    rectified: list[tuple[InspectionFindingOut, date]] = [
        (f, i.inspected_on) for i in held for f in i.findings if f.disposition == FindingDisposition.on_the_spot]
    resolved = await repo.findings_resolved_between(session, region_code, start, end)
    days = await repo.problem_states(session, {f.problem_id for f in resolved if f.problem_id})
    for f in await findings_out(session, resolved):
        rectified.append((f, days[f.problem_id][1] if f.problem_id in days and days[f.problem_id][1] else end))
    overdue = await findings_out(session, await repo.findings_overdue(session, region_code, min(end, today())))
    return held, rectified, overdue


def month_range(month: str) -> tuple[date, date]:
    """The first and last day of ``2026-10``."""
    first = date.fromisoformat(f"{month}-01")
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, date.fromordinal(following.toordinal() - 1)


async def behind_projects(
    session: AsyncSession, region_code: str, fetch: Callable[[list[uuid.UUID]], Awaitable[dict[uuid.UUID, ProjectRef]]]
) -> list[BehindProject]:
    """The region's projects with a start or progress light not green, reddest first, then by code: what a
    periodic inspection (定期督查, 清水: 每月对进度相对滞后的重点建设项目进行全覆盖督查) covers."""
    lights: dict[uuid.UUID, dict[str, str]] = {}
    reasons: dict[uuid.UUID, list[str]] = {}
    for light in await directory_repo.lights(session, region_code):
        lights.setdefault(light.project_id, {})[light.kind] = light.colour
        if light.reason:
            reasons.setdefault(light.project_id, []).append(light.reason)
    refs = await directory_repo.projects(session, set(lights))
    missing = [pid for pid in lights if pid not in refs]
    if missing:  # a light arrived before this service stored a copy of its project
        refs.update(await fetch(missing))
    out = [BehindProject(project_id=pid, project_code=refs[pid].code if pid in refs else "",
                         project_name=refs[pid].name if pid in refs else "",
                         responsible_unit_id=refs[pid].responsible_unit_id if pid in refs else None,
                         lights=own, reasons=reasons.get(pid, []))
           for pid, own in lights.items()]
    out.sort(key=lambda b: ("red" not in b.lights.values(), b.project_code, str(b.project_id)))
    return out
