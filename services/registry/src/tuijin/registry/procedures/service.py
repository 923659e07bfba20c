"""Rules of procedures (手续, 联审联批): the region's catalogue, the procedures each project needs, their
status (done needs the approval, not needed needs the reason), deadlines and overdue announcements, and the
energy-review level. Services never commit: the request's unit of work does."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import Principal
from tuijin.kernel.calendar import RegionalCalendars, WorkingCalendar
from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.db import is_postgres
from tuijin.kernel.errors import Conflict, Unprocessable, invalid_field
from tuijin.registry.events import emit
from tuijin.registry.models import Project, Unit
from tuijin.registry.organisation.service import get_region
from tuijin.registry.policies import EnergyReviewThresholds, load_policy
from tuijin.registry.procedures import repository as repo
from tuijin.registry.procedures.enums import CLOSED_STATUSES, OPEN_STATUSES, ProcedureSource, ProcedureStatus
from tuijin.registry.procedures.models import ProcedureStatusChange, ProcedureType, ProjectProcedure
from tuijin.registry.procedures.schemas import (
    CatalogueDefaults,
    OpenProcedure,
    ProcedureIn,
    ProcedureOut,
    ProcedurePatch,
    ProcedureTypeIn,
    ProcedureTypePatch,
    ProjectOpenProcedures,
    RegionProcedureOut,
    StatusChangeIn,
)

ENERGY_REVIEW = "energy_review"  # the catalogue code of 节能审查, whose record carries the energy use
ANNOUNCE_BATCH = 500

# the shipped catalogue: code, name, what it covers
DEFAULT_CATALOGUE: list[tuple[str, str, str]] = [
    ("approval_filing", "项目立项（审批、核准、备案）", "项目建议书审批 / 核准 / 备案"),
    ("feasibility_study", "可行性研究报告批复", "政府投资项目可研批复"),
    ("planning_site", "规划选址意见书", "建设项目用地规划选址"),
    ("land_pre_review", "用地预审", "建设项目用地预审与选址意见"),
    ("eia", "环境影响评价", "环评报告书 / 报告表审批或登记表备案"),
    (ENERGY_REVIEW, "节能审查", "按年综合能耗分级：省级 / 市级审查，县级登记备案"),
    ("forest_land", "使用林地审核", "占用征收林地审核审批"),
    ("soil_water", "水土保持方案审批", "生产建设项目水土保持方案"),
    ("land_planning_permit", "建设用地规划许可证", ""),
    ("engineering_planning_permit", "建设工程规划许可证", ""),
    ("construction_permit", "施工许可证", "建筑工程施工许可"),
]


async def _unit_in_region(session: AsyncSession, unit_id: uuid.UUID | None, region_code: str, field: str) -> None:
    if unit_id is None:
        return
    unit = await session.get(Unit, unit_id)
    if unit is None:
        raise invalid_field(field, f"No unit with id {unit_id}.", "invalid_reference")
    if unit.region_code != region_code:
        raise invalid_field(field, "The unit belongs to another region.", "other_region")


# ---------------------------------------------------------------- catalogue


async def create_type(session: AsyncSession, body: ProcedureTypeIn) -> ProcedureType:
    await get_region(session, body.region_code)
    await _unit_in_region(session, body.default_lead_unit_id, body.region_code, "body.default_lead_unit_id")
    for t in await repo.region_types(session, body.region_code):
        if t.code == body.code:
            raise Conflict(f"The catalogue already has the code {body.code}.", code="procedure_code_taken")
        if t.name == body.name:
            raise Conflict(f"The catalogue already has {body.name}.", code="procedure_name_taken")
    ptype = ProcedureType(**body.model_dump())
    session.add(ptype)
    await session.flush()
    return ptype


async def patch_type(session: AsyncSession, ptype: ProcedureType, body: ProcedureTypePatch) -> ProcedureType:
    data = body.model_dump(exclude_unset=True)
    for field in ("name", "sort_order", "is_active", "description"):
        if field in data and data[field] is None:
            raise invalid_field(f"body.{field}", f"{field} cannot be removed.", "required")
    if "default_lead_unit_id" in data:
        await _unit_in_region(session, body.default_lead_unit_id, ptype.region_code, "body.default_lead_unit_id")
    if "name" in data and any(
        t.name == body.name and t.id != ptype.id for t in await repo.region_types(session, ptype.region_code)
    ):
        raise Conflict(f"The catalogue already has {body.name}.", code="procedure_name_taken")
    for field, value in data.items():
        setattr(ptype, field, value)
    await session.flush()
    return ptype


async def install_defaults(session: AsyncSession, body: CatalogueDefaults) -> list[ProcedureType]:
    """Add the shipped procedure types missing from the region's catalogue; returns the ones added."""
    await get_region(session, body.region_code)
    known = {code for code, _, _ in DEFAULT_CATALOGUE}
    for code, unit_id in body.lead_units.items():
        if code not in known:
            raise invalid_field(f"body.lead_units.{code}", f"{code} is not in the shipped catalogue.", "unknown_code")
        await _unit_in_region(session, unit_id, body.region_code, f"body.lead_units.{code}")
    existing = await repo.region_types(session, body.region_code)
    codes, names = {t.code for t in existing}, {t.name for t in existing}
    added = []
    for order, (code, name, description) in enumerate(DEFAULT_CATALOGUE, start=1):
        if code in codes or name in names:
            continue
        added.append(
            ProcedureType(
                region_code=body.region_code,
                code=code,
                name=name,
                description=description,
                sort_order=order * 10,
                default_lead_unit_id=body.lead_units.get(code),
            )
        )
    session.add_all(added)
    await session.flush()
    return added


# ---------------------------------------------------------------- a project's procedures


def _check_energy_use(ptype: ProcedureType, energy_use: Decimal | None) -> None:
    if energy_use is not None and ptype.code != ENERGY_REVIEW:
        raise invalid_field(
            "body.energy_use_tce", "Only the energy review (节能审查) records the energy use.", "not_energy_review"
        )


async def add_procedure(session: AsyncSession, project: Project, body: ProcedureIn) -> ProjectProcedure:
    """Require a procedure of the region's catalogue for the project."""
    ptype = await session.get(ProcedureType, body.procedure_type_id)
    if ptype is None or ptype.region_code != project.region_code:
        raise invalid_field(
            "body.procedure_type_id", "No such procedure in the region's catalogue.", "invalid_reference"
        )
    if not ptype.is_active:
        raise invalid_field("body.procedure_type_id", f"{ptype.name} is no longer in use.", "procedure_type_inactive")
    if await repo.find(session, project.id, ptype.id):
        raise Conflict(f"The project already requires {ptype.name}.", code="procedure_already_required")
    _check_energy_use(ptype, body.energy_use_tce)
    lead = body.lead_unit_id or ptype.default_lead_unit_id
    await _unit_in_region(session, lead, project.region_code, "body.lead_unit_id")
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
        raise invalid_field("body.note", "note cannot be removed.", "required")
    if "lead_unit_id" in data:
        await _unit_in_region(session, body.lead_unit_id, procedure.region_code, "body.lead_unit_id")
    if "energy_use_tce" in data:
        _check_energy_use(await session.get(ProcedureType, procedure.procedure_type_id), body.energy_use_tce)
    if "deadline" in data and data["deadline"] != procedure.deadline:
        procedure.overdue_announced_at = None  # a new deadline is a new lateness to announce
    for field, value in data.items():
        setattr(procedure, field, value)
    await session.flush()


async def change_status(
    session: AsyncSession, project: Project, procedure: ProjectProcedure, body: StatusChangeIn, principal: Principal
) -> ProcedureStatusChange:
    """Move a procedure to another status. done needs the approval number and date (not in the future);
    not_needed needs the reason; reopening a done or not-needed procedure needs the reason; only a done
    procedure carries an approval. Kept as history and published as ``procedure.status_changed``."""
    old, new = ProcedureStatus(procedure.status), body.status
    number, reason = body.approval_number.strip(), body.reason.strip()
    if new == old:
        raise invalid_field("body.status", f"The procedure is already {old.value} ({old.label}).", "status_unchanged")
    errors = []
    if new == ProcedureStatus.done:
        if not number:
            errors.append(("body.approval_number", "A done procedure needs its approval number (批复文号).", "missing"))
        if body.approval_date is None:
            errors.append(("body.approval_date", "A done procedure needs its approval date.", "missing"))
        elif body.approval_date > today():
            errors.append(("body.approval_date", "The approval date cannot be in the future.", "date_in_future"))
    elif number or body.approval_date is not None:
        field = "body.approval_number" if number else "body.approval_date"
        errors.append((field, "Only a done procedure carries an approval.", "approval_not_done"))
    if new == ProcedureStatus.not_needed and not reason:
        errors.append(("body.reason", "Say why the procedure is not needed.", "reason_required"))
    if old in CLOSED_STATUSES and new in OPEN_STATUSES and not reason:
        errors.append(("body.reason", f"Say why a {old.label} procedure is reopened.", "reason_required"))
    if errors:
        raise Unprocessable(
            "; ".join(m for _, m, _ in errors),
            code=errors[0][2] if len(errors) == 1 else "status_change_invalid",
            errors=[{"field": f, "message": m, "type": t} for f, m, t in errors],
        )
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
    ptype = await session.get(ProcedureType, procedure.procedure_type_id)
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
        # a bulk UPDATE leaves version and updated_at alone: the announcement does not stale a user's ETag
        await session.execute(
            update(ProjectProcedure)
            .where(ProjectProcedure.id.in_([p.id for p, _, _ in rows]))
            .values(overdue_announced_at=utcnow(), updated_at=ProjectProcedure.updated_at)
            .execution_options(synchronize_session=False)
        )
        announced += len(rows)
        if len(rows) < ANNOUNCE_BATCH:
            break
    return announced
