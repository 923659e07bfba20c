"""Rules of the item-to-procedure mapping (审批事项 → 手续): which procedure type of the region's catalogue
each approval item of the platform fills in. Request-bound; never commits.

One item per procedure type and region: two items mapped to one procedure type would overwrite each other
(one item's withdrawal sending back a procedure the other item completed), so a second mapping of a type
is refused (409 ``procedure_type_already_mapped``, naming ``body.procedure_type_id``). The check reads first
for a clear answer; the table's unique constraints (item code, procedure type, each per region) are what hold
when two mappings are written at once: the loser's write is refused by the database and answered the same 409.

A mapping has no version column: its ETag is a hash of its answer (:func:`mapping_etag`), so an edit sent
with the ETag of an older read is refused (412) however the row changed."""

from __future__ import annotations

import hashlib
import uuid

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import Principal
from tuijin.registry.organisation.service import get_region
from tuijin.registry.procedures import repository as proc_repo
from tuijin.registry.procedures.models import ProcedureType
from tuijin.registry.province import repository as repo
from tuijin.registry.province.access import office_sees
from tuijin.registry.province.errors import (
    FieldRequired,
    InvalidReference,
    ItemAlreadyMapped,
    MappingNotFound,
    ProcedureTypeAlreadyMapped,
)
from tuijin.registry.province.models import ItemMapping
from tuijin.registry.province.schemas import MappingIn, MappingOut, MappingPatch

# the demo province's approval items (审批事项) and the shipped procedure types they fill in
DEFAULT_ITEMS: list[tuple[str, str, str]] = [
    ("HN-FG-01", "企业投资项目核准 / 备案", "approval_filing"),
    ("HN-FG-02", "政府投资项目可行性研究报告审批", "feasibility_study"),
    ("HN-ZR-01", "建设项目用地预审与选址意见书", "land_pre_review"),
    ("HN-HB-01", "建设项目环境影响评价审批", "eia"),
    ("HN-FG-03", "固定资产投资项目节能审查", "energy_review"),
    ("HN-LY-01", "使用林地审核审批", "forest_land"),
    ("HN-SL-01", "生产建设项目水土保持方案审批", "soil_water"),
    ("HN-ZJ-01", "建筑工程施工许可", "construction_permit"),
]


def mapping_etag(out: MappingOut) -> str:
    """The mapping's version as its ETag: a stable hash of its serialised answer."""
    return hashlib.sha256(out.model_dump_json().encode()).hexdigest()[:32]


async def visible_mapping(session: AsyncSession, mapping_id: uuid.UUID, principal: Principal) -> ItemMapping:
    """The mapping, for the office of its region (404 for a region the caller does not see)."""
    mapping = await repo.mapping(session, mapping_id)
    if not office_sees(principal, mapping):
        raise MappingNotFound("No such mapping.")
    return mapping


async def _region_type(session: AsyncSession, region_code: str, type_id: uuid.UUID, field: str) -> ProcedureType:
    ptype = await repo.procedure_type(session, type_id)
    if ptype is None or ptype.region_code != region_code:
        raise InvalidReference("No such procedure type in the region's catalogue.", field=field)
    return ptype


async def mapping_out(session: AsyncSession, mappings: list[ItemMapping]) -> list[MappingOut]:
    types = await proc_repo.types_by_id(session, {m.procedure_type_id for m in mappings})
    return [
        MappingOut(
            id=m.id,
            region_code=m.region_code,
            item_code=m.item_code,
            item_name=m.item_name,
            procedure_type_id=m.procedure_type_id,
            procedure_code=types[m.procedure_type_id].code,
            procedure_name=types[m.procedure_type_id].name,
        )
        for m in mappings
    ]


async def one_out(session: AsyncSession, mapping: ItemMapping) -> MappingOut:
    return (await mapping_out(session, [mapping]))[0]


def _type_taken(detail: str) -> ProcedureTypeAlreadyMapped:
    return ProcedureTypeAlreadyMapped(
        detail, errors=[{"field": "body.procedure_type_id", "message": detail, "type": ProcedureTypeAlreadyMapped.code}]
    )


async def _type_free(session: AsyncSession, region_code: str, type_id: uuid.UUID, mapping_id: uuid.UUID | None) -> None:
    """No other item of the region is mapped to the procedure type."""
    other = await repo.mapping_by_type(session, region_code, type_id)
    if other is not None and other.id != mapping_id:
        raise _type_taken(f"The procedure type is already filled in by the platform item {other.item_code}.")


async def _write(session: AsyncSession, mapping: ItemMapping) -> None:
    """Flush the mapping; a concurrent mapping of the same item code or procedure type that committed first
    makes the database refuse this one, answered as the check would have (409; the request's transaction is
    then rolled back whole)."""
    session.add(mapping)
    try:
        await session.flush()
    except IntegrityError as exc:
        text = str(exc.orig).lower()
        if "procedure_type_id" in text or "region_code_procedure_type" in text:
            raise _type_taken("The procedure type was just mapped to another platform item.") from exc
        raise ItemAlreadyMapped(f"The item {mapping.item_code} was just mapped.") from exc


async def add_mapping(session: AsyncSession, region_code: str, body: MappingIn) -> ItemMapping:
    await get_region(session, region_code)
    await _region_type(session, region_code, body.procedure_type_id, "body.procedure_type_id")
    if await repo.mapping_by_code(session, region_code, body.item_code) is not None:
        raise ItemAlreadyMapped(f"The item {body.item_code} is already mapped.")
    await _type_free(session, region_code, body.procedure_type_id, None)
    mapping = ItemMapping(region_code=region_code, **body.model_dump())
    await _write(session, mapping)
    return mapping


async def patch_mapping(session: AsyncSession, mapping: ItemMapping, body: MappingPatch) -> ItemMapping:
    data = body.model_dump(exclude_unset=True)
    if "procedure_type_id" in data:
        if data["procedure_type_id"] is None:
            raise FieldRequired("A mapping always names a procedure type.", field="body.procedure_type_id")
        await _region_type(session, mapping.region_code, data["procedure_type_id"], "body.procedure_type_id")
        await _type_free(session, mapping.region_code, data["procedure_type_id"], mapping.id)
    if "item_name" in data and data["item_name"] is None:
        raise FieldRequired("item_name cannot be removed.", field="body.item_name")
    for field, value in data.items():
        setattr(mapping, field, value)
    await _write(session, mapping)
    return mapping


async def delete_mapping(session: AsyncSession, mapping: ItemMapping) -> None:
    await session.delete(mapping)
    await session.flush()


async def install_default_mappings(session: AsyncSession, region_code: str) -> list[ItemMapping]:
    """Map the demo province's items to the shipped procedure types the region has (skipping an item or a type
    already mapped); returns those added."""
    await get_region(session, region_code)
    types = {t.code: t for t in await proc_repo.region_types(session, region_code)}
    existing = await repo.region_mappings(session, region_code)
    mapped, taken = {m.item_code for m in existing}, {m.procedure_type_id for m in existing}
    added = [
        ItemMapping(region_code=region_code, item_code=code, item_name=name, procedure_type_id=types[ptype].id)
        for code, name, ptype in DEFAULT_ITEMS
        if code not in mapped and ptype in types and types[ptype].id not in taken
    ]
    session.add_all(added)
    await session.flush()
    return added
