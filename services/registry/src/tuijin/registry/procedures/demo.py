"""Demo procedures for the demo county: the shipped catalogue with the county's lead units, and for each
project the usual procedures, by stage — done with their approvals for projects under construction, in
progress or not started for the others, some overdue; industrial projects carry their energy use."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.demo import DEMO_REGION, demo_id
from tuijin.registry.models import Project
from tuijin.registry.procedures.catalogue import DEFAULT_CATALOGUE, ENERGY_REVIEW
from tuijin.registry.procedures.models import ProcedureStatusChange, ProcedureType, ProjectProcedure

LEAD_UNITS = {
    "approval_filing": "栾川县发展和改革委员会",
    "feasibility_study": "栾川县发展和改革委员会",
    "planning_site": "栾川县自然资源局",
    "land_pre_review": "栾川县自然资源局",
    "eia": "洛阳市生态环境局栾川分局",
    ENERGY_REVIEW: "栾川县发展和改革委员会",
    "forest_land": "栾川县林业局",
    "soil_water": "栾川县水利局",
    "land_planning_permit": "栾川县自然资源局",
    "engineering_planning_permit": "栾川县自然资源局",
    "construction_permit": "栾川县住房和城乡建设局",
}
PREFIX = {
    "approval_filing": "栾发改",
    "land_pre_review": "栾自然资预",
    "eia": "栾环审",
    ENERGY_REVIEW: "栾发改能审",
    "forest_land": "栾林审",
    "construction_permit": "栾建施",
}
INDUSTRIAL = ("现代创新", "现代产业")
ENERGY_USES = (Decimal("300"), Decimal("1500"), Decimal("6000"))


async def seed_procedures_demo(session: AsyncSession, region_code: str = DEMO_REGION) -> int:
    """The catalogue (if missing) and the projects' procedures; returns the number of procedures created."""
    on, now = today(), utcnow()
    types = {
        t.code: t
        for t in (await session.scalars(select(ProcedureType).where(ProcedureType.region_code == region_code))).all()
    }
    for order, (code, name, description) in enumerate(DEFAULT_CATALOGUE, start=1):
        if code not in types:
            types[code] = ProcedureType(
                id=demo_id("procedure_type", code, region_code),
                region_code=region_code,
                code=code,
                name=name,
                description=description,
                sort_order=order * 10,
                default_lead_unit_id=demo_id("unit", LEAD_UNITS[code], region_code),
            )
            session.add(types[code])
    await session.flush()
    done_already = set(
        (
            await session.scalars(
                select(ProjectProcedure.project_id).where(ProjectProcedure.region_code == region_code)
            )
        ).all()
    )
    projects = (
        await session.scalars(select(Project).where(Project.region_code == region_code).order_by(Project.code))
    ).all()
    created = 0
    for i, project in enumerate(projects):
        if project.id in done_already:
            continue
        codes = ["approval_filing", "land_pre_review", "eia", "construction_permit"]
        if project.industry in INDUSTRIAL:
            codes.append(ENERGY_REVIEW)
        if i % 3 == 0:
            codes.append("forest_land")
        for k, code in enumerate(codes):
            status, deadline = _status(project.stage, code, i, k)
            proc = ProjectProcedure(
                project_id=project.id,
                region_code=region_code,
                procedure_type_id=types[code].id,
                lead_unit_id=types[code].default_lead_unit_id,
                status="not_started",
                deadline=on + timedelta(days=deadline) if deadline is not None else None,
                energy_use_tce=ENERGY_USES[(i // 9) % 3] if code == ENERGY_REVIEW else None,
            )
            session.add(proc)
            await session.flush()
            created += 1
            if status == "not_started":
                continue
            proc.status = status
            if status == "done":
                proc.approval_number = f"{PREFIX.get(code, '栾')}〔{on.year}〕{i * 7 + k + 1}号"
                proc.approval_date = on - timedelta(days=20 + (i * 3 + k) % 90)
            if status == "not_needed":
                proc.status_reason = "项目不占用林地"
            session.add(
                ProcedureStatusChange(
                    procedure_id=proc.id,
                    seq=1,
                    from_status="not_started",
                    to_status=status,
                    approval_number=proc.approval_number,
                    approval_date=proc.approval_date,
                    reason=proc.status_reason,
                    changed_by="demo",
                    changed_at=now,
                )
            )
    await session.flush()
    return created


def _status(stage: str, code: str, i: int, k: int) -> tuple[str, int | None]:
    """(status, deadline in days from today) of a demo procedure; a negative deadline is overdue."""
    if stage in ("under_construction", "completed", "in_operation"):
        return ("not_needed", None) if code == "forest_land" and i % 2 else ("done", None)
    if stage == "new_start":
        if code in ("approval_filing", "land_pre_review"):
            return "done", None
        if code == "eia":
            return "in_progress", -7 if i % 3 == 0 else 20
        return "not_started", 30 + k
    # preliminary: the approval is under way, the rest waits for it
    if code == "approval_filing":
        return "in_progress", -12 if i % 2 == 0 else 10
    return "not_started", 40 + k * 5
