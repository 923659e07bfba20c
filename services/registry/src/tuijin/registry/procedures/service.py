"""Rules of procedures (手续, 联审联批): the region's catalogue, the procedures each project needs, their
status (done needs the approval, not needed needs the reason), deadlines and overdue announcements, and the
energy-review level. Services never commit: the request's unit of work does."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import Principal
from tuijin.kernel.calendar import RegionalCalendars, WorkingCalendar
from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.db import is_postgres
from tuijin.registry.events import emit
from tuijin.registry.models import Project
from tuijin.registry.policies import EnergyReviewThresholds, load_policy
from tuijin.registry.procedures import errors
from tuijin.registry.procedures import repository as repo
from tuijin.registry.procedures.catalogue import ENERGY_REVIEW, unit_in_region
from tuijin.registry.procedures.enums import CLOSED_STATUSES, OPEN_STATUSES, ProcedureSource, ProcedureStatus
from tuijin.registry.procedures.models import ProcedureStatusChange, ProcedureType, ProjectProcedure
from tuijin.registry.procedures.schemas import (
    OpenProcedure,
    ProcedureIn,
    ProcedureOut,
    ProcedurePatch,
    ProjectOpenProcedures,
    RegionProcedureOut,
    StatusChangeIn,
)

ANNOUNCE_BATCH = 500


# ---------------------------------------------------------------- a project's procedures


def _check_energy_use(ptype: ProcedureType, energy_use: Decimal | None) -> None:
    if energy_use is not None and ptype.code != ENERGY_REVIEW:
        raise errors.NotEnergyReview(
            "Only the energy review (节能审查) records the energy use.", field="body.energy_use_tce"
        )


async def add_procedure(session: AsyncSession, project: Project, body: ProcedureIn) -> ProjectProcedure:
    """Require a procedure of the region's catalogue for the project."""
    ptype = await repo.procedure_type(session, body.procedure_type_id)
    if ptype is None or ptype.region_code != project.region_code:
        raise errors.InvalidReference("No such procedure in the region's catalogue.", field="body.procedure_type_id")
    if not ptype.is_active:
        raise errors.ProcedureTypeInactive(f"{ptype.name} is no longer in use.", field="body.procedure_type_id")
    if await repo.find(session, project.id, ptype.id):
        raise errors.ProcedureAlreadyRequired(f"The project already requires {ptype.name}.")
    _check_energy_use(ptype, body.energy_use_tce)
    lead = body.lead_unit_id or ptype.default_lead_unit_id
    await unit_in_region(session, lead, project.region_code, "body.lead_unit_id")
    procedure = ProjectProcedure(
        project_id=project.id,
        region_code=project.region_code,
        procedure_type_id=ptype.id,
        lead_unit_id=lead,
        status=ProcedureStatus.not_started.value,
        deadline=body.deadline,
        energy_use_tce=body.energy_use_tce,
        note=body.note,
        source=ProcedureSource.manual.value,
    )
    session.add(procedure)
    await session.flush()
    return procedure


async def patch_procedure(session: AsyncSession, procedure: ProjectProcedure, body: ProcedurePatch) -> None:
    data = body.model_dump(exclude_unset=True)
    if "note" in data and data["note"] is None:
        raise errors.Required("note cannot be removed.", field="body.note")
    if "lead_unit_id" in data:
        await unit_in_region(session, body.lead_unit_id, procedure.region_code, "body.lead_unit_id")
    if "energy_use_tce" in data:
        _check_energy_use(await repo.procedure_type(session, procedure.procedure_type_id), body.energy_use_tce)
    if "deadline" in data and data["deadline"] != procedure.deadline:
        procedure.overdue_announced_at = None  # a new deadline is a new lateness to announce
    for field, value in data.items():
        setattr(procedure, field, value)
    await session.flush()


def _status_faults(old: ProcedureStatus, new: ProcedureStatus, number: str, reason: str,
                   body: StatusChangeIn) -> list[tuple[str, str, type[errors.FieldProblem]]]:
    """What a status change lacks or carries wrongly: (field, message, problem) for each fault."""
    faults: list[tuple[str, str, type[errors.FieldProblem]]] = []
    if new == ProcedureStatus.done:
        if not number:
            faults.append(("body.approval_number", "A done procedure needs its approval number (批复文号).",
                           errors.Missing))
        if body.approval_date is None:
            faults.append(("body.approval_date", "A done procedure needs its approval date.", errors.Missing))
        elif body.approval_date > today():
            faults.append(("body.approval_date", "The approval date cannot be in the future.", errors.DateInFuture))
    elif number or body.approval_date is not None:
        field = "body.approval_number" if number else "body.approval_date"
        faults.append((field, "Only a done procedure carries an approval.", errors.ApprovalNotDone))
    if new == ProcedureStatus.not_needed and not reason:
        faults.append(("body.reason", "Say why the procedure is not needed.", errors.ReasonRequired))
    if old in CLOSED_STATUSES and new in OPEN_STATUSES and not reason:
        faults.append(("body.reason", f"Say why a {old.label} procedure is reopened.", errors.ReasonRequired))
    return faults


def _refuse(faults: list[tuple[str, str, type[errors.FieldProblem]]]) -> None:
    """One fault answers with its own code; several with ``status_change_invalid``, each named in ``errors``."""
    if len(faults) == 1:
        field, message, problem = faults[0]
        raise problem(message, field=field)
    raise errors.StatusChangeInvalid(
        "; ".join(m for _, m, _ in faults),
        errors=[{"field": f, "message": m, "type": p.code} for f, m, p in faults],
    )


async def change_status(
    session: AsyncSession, project: Project, procedure: ProjectProcedure, body: StatusChangeIn, principal: Principal
) -> ProcedureStatusChange:
    """Move a procedure to another status. done needs the approval number and date (not in the future);
    not_needed needs the reason; reopening a done or not-needed procedure needs the reason; only a done
    procedure carries an approval. Kept as history and published as ``procedure.status_changed``."""
    old, new = ProcedureStatus(procedure.status), body.status
    number, reason = body.approval_number.strip(), body.reason.strip()
    if new == old:
        raise errors.StatusUnchanged(f"The procedure is already {old.value} ({old.label}).", field="body.status")
    faults = _status_faults(old, new, number, reason, body)
    if faults:
        _refuse(faults)
    procedure.status = new.value
    procedure.approval_number = number if new == ProcedureStatus.done else ""
    procedure.approval_date = body.approval_date if new == ProcedureStatus.done else None
    procedure.status_reason = reason
    change = ProcedureStatusChange(
        procedure_id=procedure.id,
        seq=await repo.next_seq(session, procedure.id),
        from_status=old.value,
        to_status=new.value,
        approval_number=procedure.approval_number,
        approval_date=procedure.approval_date,
        reason=reason,
        changed_by=principal.sub,
        changed_at=utcnow(),
    )
    session.add(change)
    await session.flush()
    ptype = await repo.procedure_type(session, procedure.procedure_type_id)
    await emit(
        session,
        "procedure.status_changed",
        {
            **_payload(procedure, project, ptype),
            "from_status": old.value,
            "to_status": new.value,
            "approval_number": procedure.approval_number,
            "approval_date": procedure.approval_date.isoformat() if procedure.approval_date else None,
            "reason": reason,
        },
        project.region_code,
    )
    return change


# ---------------------------------------------------------------- views


def lateness(p: ProjectProcedure, cal: WorkingCalendar, on: date) -> tuple[bool, int | None, int | None]:
    """(overdue, calendar days late, working days late) on business date ``on``."""
    if p.status not in repo.OPEN or p.deadline is None or p.deadline >= on:
        return False, None, None
    return True, (on - p.deadline).days, cal.working_days_between(p.deadline, on)


async def energy_thresholds(session: AsyncSession, region_code: str, year: int | None = None) -> EnergyReviewThresholds:
    return await load_policy(session, region_code, year or today().year, EnergyReviewThresholds)


async def to_out(session: AsyncSession, procedures: list[ProjectProcedure],
                 cal: WorkingCalendar | RegionalCalendars) -> list[ProcedureOut]:
    """Procedures with their lateness in working days of their region (``cal``: one region's calendar, or every
    region's)."""
    """Views of many procedures with a fixed number of queries (types, and one policy per region)."""
    on = today()
    types = await repo.types_by_id(session, {p.procedure_type_id for p in procedures})
    thresholds = {r: await energy_thresholds(session, r) for r in {p.region_code for p in procedures}}
    out = []
    for p in procedures:
        ptype = types[p.procedure_type_id]
        overdue, days, working = lateness(p, cal.of(p.region_code) if isinstance(cal, RegionalCalendars) else cal,
                                          on)
        level = thresholds[p.region_code].level(p.energy_use_tce) if p.energy_use_tce is not None else None
        out.append(
            ProcedureOut(
                id=p.id,
                project_id=p.project_id,
                region_code=p.region_code,
                procedure_type_id=p.procedure_type_id,
                procedure_code=ptype.code,
                procedure_name=ptype.name,
                lead_unit_id=p.lead_unit_id,
                status=p.status,
                deadline=p.deadline,
                approval_number=p.approval_number,
                approval_date=p.approval_date,
                status_reason=p.status_reason,
                source=p.source,
                energy_use_tce=p.energy_use_tce,
                energy_review_level=level,
                note=p.note,
                is_overdue=overdue,
                days_late=days,
                working_days_late=working,
                version=p.version,
                created_at=p.created_at,
                updated_at=p.updated_at,
            )
        )
    return out


async def to_region_out(
    session: AsyncSession, procedures: list[ProjectProcedure], projects: dict[uuid.UUID, Project],
    cal: WorkingCalendar | RegionalCalendars,
) -> list[RegionProcedureOut]:
    views = await to_out(session, procedures, cal)
    return [
        RegionProcedureOut(
            **v.model_dump(),
            project_code=projects[v.project_id].code,
            project_name=projects[v.project_id].name,
            responsible_unit_id=projects[v.project_id].responsible_unit_id,
        )
        for v in views
    ]


async def open_by_project(session: AsyncSession, projects: list[Project], on: date) -> list[ProjectOpenProcedures]:
    """The open procedures of each project (two queries for any number of projects)."""
    grouped: dict[uuid.UUID, list[OpenProcedure]] = {p.id: [] for p in projects}
    for proc, ptype in await repo.open_procedures_of(session, list(grouped)):
        grouped[proc.project_id].append(
            OpenProcedure(
                id=proc.id,
                procedure_type_id=ptype.id,
                procedure_code=ptype.code,
                procedure_name=ptype.name,
                lead_unit_id=proc.lead_unit_id,
                status=proc.status,
                deadline=proc.deadline,
                is_overdue=proc.deadline is not None and proc.deadline < on,
            )
        )
    return [
        ProjectOpenProcedures(
            project_id=p.id,
            project_code=p.code,
            project_name=p.name,
            system_id=p.system_id,
            responsible_unit_id=p.responsible_unit_id,
            leader_post_id=p.leader_post_id,
            overdue_count=sum(1 for o in grouped[p.id] if o.is_overdue),
            open_procedures=grouped[p.id],
        )
        for p in projects
    ]


# ---------------------------------------------------------------- overdue


def _payload(p: ProjectProcedure, project: Project, ptype: ProcedureType) -> dict[str, Any]:
    return {
        "procedure_id": str(p.id),
        "project_id": str(project.id),
        "project_code": project.code,
        "project_name": project.name,
        "region_code": project.region_code,
        "procedure_type_id": str(ptype.id),
        "procedure_code": ptype.code,
        "procedure_name": ptype.name,
        "lead_unit_id": str(p.lead_unit_id) if p.lead_unit_id else None,
        "status": p.status,
        "deadline": p.deadline.isoformat() if p.deadline else None,
        "system_id": str(project.system_id) if project.system_id else None,
        "responsible_unit_id": str(project.responsible_unit_id),
        "leader_post_id": str(project.leader_post_id) if project.leader_post_id else None,
    }


async def announce_overdue(session: AsyncSession, calendars: RegionalCalendars, on: date) -> int:
    """Publish ``procedure.overdue`` once for every open procedure whose deadline passed before ``on`` and
    that was not announced yet (the announcement is remembered on the procedure)."""
    announced = 0
    while True:
        rows = await repo.overdue_unannounced(session, on, limit=ANNOUNCE_BATCH, lock=is_postgres(session))
        if not rows:
            break
        for proc, project, ptype in rows:
            _, days, working = lateness(proc, calendars.of(project.region_code), on)
            payload = {**_payload(proc, project, ptype), "days_late": days, "working_days_late": working}
            await emit(session, "procedure.overdue", payload, project.region_code)
        await repo.mark_overdue_announced(session, [p.id for p, _, _ in rows])
        announced += len(rows)
        if len(rows) < ANNOUNCE_BATCH:
            break
    return announced
