"""The region's procedure catalogue (手续目录): the shipped one, the office's own types, and who usually leads
each. A region's catalogue is read as one list, so it holds at most ``MAX_TYPES`` types."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.registry.organisation.service import get_region
from tuijin.registry.procedures import errors
from tuijin.registry.procedures import repository as repo
from tuijin.registry.procedures.models import ProcedureType
from tuijin.registry.procedures.schemas import CatalogueDefaults, ProcedureTypeIn, ProcedureTypePatch

ENERGY_REVIEW = "energy_review"  # the catalogue code of 节能审查, whose record carries the energy use
MAX_TYPES = 200  # a region's catalogue is read as one list (the shipped 11 and the office's own)

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


async def unit_in_region(session: AsyncSession, unit_id: uuid.UUID | None, region_code: str, field: str) -> None:
    if unit_id is None:
        return
    unit = await repo.unit(session, unit_id)
    if unit is None:
        raise errors.InvalidReference(f"No unit with id {unit_id}.", field=field)
    if unit.region_code != region_code:
        raise errors.OtherRegion("The unit belongs to another region.", field=field)


# ---------------------------------------------------------------- catalogue


async def create_type(session: AsyncSession, body: ProcedureTypeIn) -> ProcedureType:
    await get_region(session, body.region_code)
    await unit_in_region(session, body.default_lead_unit_id, body.region_code, "body.default_lead_unit_id")
    existing = await repo.region_types(session, body.region_code)
    for t in existing:
        if t.code == body.code:
            raise errors.ProcedureCodeTaken(f"The catalogue already has the code {body.code}.")
        if t.name == body.name:
            raise errors.ProcedureNameTaken(f"The catalogue already has {body.name}.")
    if len(existing) >= MAX_TYPES:
        raise errors.CatalogueFull(f"A region's catalogue holds at most {MAX_TYPES} procedure types.")
    ptype = ProcedureType(**body.model_dump())
    session.add(ptype)
    await session.flush()
    return ptype


async def patch_type(session: AsyncSession, ptype: ProcedureType, body: ProcedureTypePatch) -> ProcedureType:
    data = body.model_dump(exclude_unset=True)
    for field in ("name", "sort_order", "is_active", "description", "approval_level"):
        if field in data and data[field] is None:
            raise errors.Required(f"{field} cannot be removed.", field=f"body.{field}")
    if "default_lead_unit_id" in data:
        await unit_in_region(session, body.default_lead_unit_id, ptype.region_code, "body.default_lead_unit_id")
    if "name" in data and any(
        t.name == body.name and t.id != ptype.id for t in await repo.region_types(session, ptype.region_code)
    ):
        raise errors.ProcedureNameTaken(f"The catalogue already has {body.name}.")
    for field, value in data.items():
        setattr(ptype, field, value)
    await session.flush()
    return ptype


async def install_defaults(session: AsyncSession, body: CatalogueDefaults) -> list[ProcedureType]:
    """Add the shipped procedure types missing from the region's catalogue, and give a lead unit of ``lead_units``
    to a shipped type the region has without one (a region starts with the catalogue, installed with no lead
    units); returns the types added or given their lead unit. A lead unit already set is left as it is."""
    await get_region(session, body.region_code)
    known = {code for code, _, _ in DEFAULT_CATALOGUE}
    for code, unit_id in body.lead_units.items():
        if code not in known:
            raise errors.UnknownCode(f"{code} is not in the shipped catalogue.", field=f"body.lead_units.{code}")
        await unit_in_region(session, unit_id, body.region_code, f"body.lead_units.{code}")
    return await add_missing(session, body.region_code, body.lead_units)


async def add_missing(
    session: AsyncSession, region_code: str, lead_units: dict[str, uuid.UUID] | None = None
) -> list[ProcedureType]:
    """The shipped types the region lacks (by code or name), added; ``lead_units`` (checked by the caller) set on
    new types and on shipped types without a lead unit. Returns the types added or given a lead unit."""
    lead_units = lead_units or {}
    existing = await repo.region_types(session, region_code)
    codes, names = {t.code for t in existing}, {t.name for t in existing}
    led = [t for t in existing if t.code in lead_units and t.default_lead_unit_id is None]
    for ptype in led:
        ptype.default_lead_unit_id = lead_units[ptype.code]
    added: list[ProcedureType] = []
    for order, (code, name, description) in enumerate(DEFAULT_CATALOGUE, start=1):
        if code in codes or name in names:
            continue
        added.append(
            ProcedureType(
                region_code=region_code,
                code=code,
                name=name,
                description=description,
                sort_order=order * 10,
                default_lead_unit_id=lead_units.get(code),
            )
        )
    session.add_all(added)
    await session.flush()
    return led + added
