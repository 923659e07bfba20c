"""Request and response bodies of the organisation (regions, units, people, posts, systems)."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from tuijin.kernel.profiles import CODE as PROFILE_CODE
from tuijin.kernel.validation import BusinessDate
from tuijin.registry.organisation.enums import RegionLevel, UnitKind

UNIT_ID = "5f0c3a52-7d1e-4c43-9b8e-2a1f6c0d9e11"
PERSON_ID = "0b7e2d4f-91a3-4c6e-8f25-6d3c1a9b7e42"
POST_ID = "c3d9f1a7-2b64-4e0d-a518-7f9e3b2c6d05"


def _examples(*examples: dict) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


def _orm_examples(*examples: dict) -> ConfigDict:
    return ConfigDict(from_attributes=True, json_schema_extra={"examples": list(examples)})


class RegionIn(BaseModel):
    model_config = _examples({"code": "410328", "name": "洛宁县", "level": "county", "parent_code": "410300"})

    code: str = Field(pattern=r"^\d{6}$", examples=["410328"])
    name: str = Field(min_length=1, max_length=100, examples=["洛宁县"])
    level: RegionLevel
    parent_code: str | None = Field(None, pattern=r"^\d{6}$", examples=["410300"])
    profile: str | None = Field(
        None, max_length=40, pattern=PROFILE_CODE.pattern, examples=["huiji-2022"],
        description="a region profile (区域配置模板, GET /api/v1/profiles) applied for this business year right "
        "after the starting set; null: the shipped defaults",
    )


class RegionOut(BaseModel):
    model_config = _orm_examples({"code": "410328", "name": "洛宁县", "level": "county", "parent_code": "410300"})

    code: str
    name: str
    level: RegionLevel
    parent_code: str | None


class StartingSetOut(BaseModel):
    """What a region starts with (开通即可用): the registry's part installed now, the other services' parts asked
    for through the outbox (each installs its own when the event reaches it)."""

    model_config = _examples({
        "region_code": "410328", "year": 2026, "profile": None,
        "procedure_types_added": ["approval_filing", "feasibility_study", "eia"],
        "policies_added": ["report_due", "tiers"], "calendar": "national",
        "event": "region.created", "requested_from": ["issues", "meetings", "scoring"],
    })

    region_code: str = Field(examples=["410328"])
    year: int = Field(description="the business year the starting set is for (Asia/Shanghai)", examples=[2026])
    profile: str | None = Field(
        None, description="the region profile applied with the set (at creation); null: the shipped defaults"
    )
    procedure_types_added: list[str] = Field(
        description="Bounded: the shipped catalogue's codes (11 at most). Procedure types added now (none when the "
        "catalogue was complete)"
    )
    policies_added: list[str] = Field(
        description="Bounded: the registry's policy names. Policies whose shipped default was recorded as the "
        "region's value now (none when the region had a value of each)"
    )
    calendar: str = Field(
        description="national: the region works on the national calendar (holidays and make-up workdays) with its "
        "office's own overrides, if any; nothing is installed for it"
    )
    event: str = Field(description="the event announcing the set to the other services")
    requested_from: list[str] = Field(
        description="Bounded: the services that install their own part on receiving the event (scoring: the default "
        "schemes; issues: its policies)"
    )


class UnitIn(BaseModel):
    model_config = _examples(
        {"region_code": "410328", "name": "洛宁县发展和改革委员会", "short_name": "县发展改革委", "kind": "department"}
    )

    region_code: str = Field(pattern=r"^\d{6}$")
    name: str = Field(min_length=1, max_length=100, examples=["洛宁县交通运输局"])
    short_name: str = Field("", max_length=40, examples=["县交通局"])
    kind: UnitKind


class UnitPatch(BaseModel):
    model_config = _examples({"short_name": "县发改委"}, {"is_active": False})

    name: str | None = Field(None, min_length=1, max_length=100)
    short_name: str | None = Field(None, max_length=40)
    kind: UnitKind | None = None
    is_active: bool | None = None


class UnitOut(BaseModel):
    model_config = _orm_examples(
        {"id": UNIT_ID, "region_code": "410328", "name": "洛宁县发展和改革委员会", "short_name": "县发展改革委",
         "kind": "department", "is_active": True, "version": 1}
    )

    id: uuid.UUID
    region_code: str
    name: str
    short_name: str
    kind: UnitKind
    is_active: bool
    version: int


class PersonIn(BaseModel):
    model_config = _examples(
        {"region_code": "410328", "name": "王建国", "unit_id": UNIT_ID, "title": "主任", "phone": "0379-66251234"}
    )

    region_code: str = Field(pattern=r"^\d{6}$")
    name: str = Field(min_length=1, max_length=50)
    unit_id: uuid.UUID | None = None
    title: str = Field("", max_length=100, examples=["局长"])
    phone: str = Field("", max_length=30)


class PersonOut(BaseModel):
    model_config = _orm_examples(
        {"id": PERSON_ID, "region_code": "410328", "name": "王建国", "unit_id": UNIT_ID, "title": "主任",
         "phone": "0379-66251234"}
    )

    id: uuid.UUID
    region_code: str
    name: str
    unit_id: uuid.UUID | None
    title: str
    phone: str


class PostIn(BaseModel):
    model_config = _examples({"region_code": "410328", "title": "副县长（分管交通）", "unit_id": None, "rank": 20})

    region_code: str = Field(pattern=r"^\d{6}$")
    title: str = Field(min_length=1, max_length=100, examples=["副县长（分管交通）"])
    unit_id: uuid.UUID | None = None
    rank: int = Field(100, ge=0, le=100000, description="order in lists, smaller first")


class HolderOut(BaseModel):
    model_config = _examples(
        {"person_id": PERSON_ID, "person_name": "李明", "start_date": "2026-03-01", "end_date": None}
    )

    person_id: uuid.UUID
    person_name: str
    start_date: date
    end_date: date | None


class PostOut(BaseModel):
    model_config = _orm_examples(
        {"id": POST_ID, "region_code": "410328", "title": "副县长（分管交通）", "unit_id": None, "rank": 20,
         "holder": {"person_id": PERSON_ID, "person_name": "李明", "start_date": "2026-03-01", "end_date": None}}
    )

    id: uuid.UUID
    region_code: str
    title: str
    unit_id: uuid.UUID | None
    rank: int
    holder: HolderOut | None = Field(None, description="the current holder")


class HolderChange(BaseModel):
    """A new holder takes the post from ``start_date``; the previous holding ends the day before."""

    model_config = _examples({"person_id": PERSON_ID, "start_date": "2026-03-01"})

    person_id: uuid.UUID
    start_date: BusinessDate


class SystemIn(BaseModel):
    model_config = _examples(
        {"region_code": "410328", "name": "现代基础设施体系", "convening_unit_id": UNIT_ID, "sort_order": 1}
    )

    region_code: str = Field(pattern=r"^\d{6}$")
    name: str = Field(min_length=1, max_length=100, examples=["现代基础设施体系"])
    convening_unit_id: uuid.UUID | None = None
    sort_order: int = 0


class SystemOut(BaseModel):
    model_config = _orm_examples(
        {"id": "8e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b", "region_code": "410328", "name": "现代基础设施体系",
         "convening_unit_id": UNIT_ID, "sort_order": 1}
    )

    id: uuid.UUID
    region_code: str
    name: str
    convening_unit_id: uuid.UUID | None
    sort_order: int


class SheetCounts(BaseModel):
    """What an organisation import did (or, in a dry run, would do) with one sheet's rows."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


class ResolvedAccount(BaseModel):
    """A row of the 账号 sheet with the unit and person it names, as ids (null for a record a dry run would create
    or a cell left blank)."""

    row: int = Field(examples=[2])
    username: str = Field(examples=["lc.jtj"])
    unit_name: str | None = Field(None, examples=["栾川县交通运输局"])
    unit_id: uuid.UUID | None = None
    person_name: str | None = Field(None, examples=["赵联络员"])
    person_unit_name: str | None = Field(None, examples=["栾川县交通运输局"])
    person_id: uuid.UUID | None = None


class OrganisationImportOut(BaseModel):
    """The counts per sheet (单位, 人员, 岗位, 系统) and the 账号 sheet's rows resolved."""

    model_config = _examples({
        "dry_run": False, "region_code": "410324", "region_name": "栾川县",
        "counts": {"单位": {"created": 2, "updated": 1, "unchanged": 33}, "人员": {"created": 3, "updated": 0,
                   "unchanged": 14}, "岗位": {"created": 0, "updated": 1, "unchanged": 9},
                   "系统": {"created": 0, "updated": 0, "unchanged": 9}},
        "accounts": [{"row": 2, "username": "lc.jtj", "unit_name": "栾川县交通运输局", "unit_id": UNIT_ID,
                      "person_name": "赵联络员", "person_unit_name": "栾川县交通运输局", "person_id": PERSON_ID}],
    })

    dry_run: bool
    region_code: str
    region_name: str
    counts: dict[str, SheetCounts]
    accounts: list[ResolvedAccount]
