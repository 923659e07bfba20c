"""Bodies of the statistics routes. Amounts are in 万元 and percentages to 0.01, both as strings."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from tuijin.registry.lights.enums import LightColour, LightKind
from tuijin.registry.projects.enums import Stage
from tuijin.registry.projects.schemas import MoneyOut
from tuijin.registry.reports.schemas import Percent, TimelinessOut


class Amounts(BaseModel):
    projects: int = Field(description="projects on the year's list")
    total_investment: MoneyOut = Field(description="总投资, 万元")
    planned_investment: MoneyOut = Field(description="年度计划投资 of the year, 万元")
    completed_investment: MoneyOut = Field(
        description="investment completed this year through ``completion.through`` (submitted and verified "
        "reports), 万元"
    )
    completion_rate: Percent | None = Field(description="completed ÷ planned, %; null when nothing is planned")


class Group(Amounts):
    """One group of a breakdown."""

    key: str | None = Field(description="the stage, or the id of the system or township; null: none set")
    label: str


class Completion(BaseModel):
    """Completion of the year's plan against the time-proportional target (序时进度)."""

    through: date | None = Field(
        description="reports of periods ending by this date count (the latest period due, or the month asked "
        "for); null when no period of the year is due yet"
    )
    period: str | None = Field(description="the last period counted, e.g. 2026-05 or 2026-W19")
    completed_investment: MoneyOut
    planned_investment: MoneyOut
    completion_rate: Percent | None = Field(description="completed ÷ planned, %")
    time_progress: Percent = Field(description="序时进度 at ``through``: elapsed months ÷ 12, %")
    behind_points: Percent | None = Field(
        description="序时进度 minus the completion rate, in points (positive: behind)"
    )


class StartRate(BaseModel):
    """开工率: the share of the year's planned new starts (计划新开工) actually started by ``by``."""

    by: date = Field(description="started on or before this day (today, or the year's last day for a past year)")
    planned: int = Field(description="projects on the year's list at stage 计划新开工, or that left it for 在建 "
                         "during the year")
    started: int = Field(description="of them, moved to 在建 or with an actual start (开工) date by ``by``")
    rate: Percent | None = Field(description="started ÷ planned, %; null when no new start is planned")


class ProcedureCompletion(BaseModel):
    """联审联批完成率: the share of the year's procedures (手续) done; one not needed counts for neither side."""

    total: int = Field(description="procedures of the projects on the year's list, without those not needed")
    done: int = Field(description="of them, done (已办结)")
    not_needed: int = Field(description="procedures marked not needed (不需办理), left out")
    rate: Percent | None = Field(description="done ÷ total, %; null when there is none")


class DemolitionItem(BaseModel):
    """A project's latest stated demolition progress (征迁进展)."""

    project_id: uuid.UUID
    code: str
    name: str
    period_end: date = Field(description="the end of the report period that states it")
    progress: str


class LightCount(BaseModel):
    kind: LightKind
    colour: LightColour
    projects: int


class Statistics(BaseModel):
    """A region's yearly list in figures: the projects with a plan for the year."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "region_code": "410328", "year": 2026, "as_of": "2026-06-25",
        "totals": {"projects": 138, "total_investment": "2872000.00", "planned_investment": "415000.00",
                   "completed_investment": "168300.00", "completion_rate": "40.55"},
        "completion": {"through": "2026-05-31", "period": "2026-05", "completed_investment": "168300.00",
                       "planned_investment": "415000.00", "completion_rate": "40.55", "time_progress": "41.67",
                       "behind_points": "1.12"},
        "by_stage": [{"key": "under_construction", "label": "在建（续建）", "projects": 86,
                      "total_investment": "2100000.00", "planned_investment": "320000.00",
                      "completed_investment": "139500.00", "completion_rate": "43.59"}],
        "by_system": [{"key": "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d", "label": "交通体系", "projects": 21,
                       "total_investment": "640000.00", "planned_investment": "96000.00",
                       "completed_investment": "35200.00", "completion_rate": "36.67"}],
        "by_township": [{"key": None, "label": "未指定乡镇", "projects": 12, "total_investment": "86000.00",
                         "planned_investment": "15000.00", "completed_investment": "5200.00",
                         "completion_rate": "34.67"}],
        "by_light": [{"kind": "progress", "colour": "red", "projects": 4}],
        "report_timeliness": {
            "region_code": "410328", "period": "2026-05", "due_at": "2026-05-22T16:00:00Z",
            "units": [{"unit_id": "3f2e1d0c-9b8a-4765-8432-10fedcba9876", "unit_name": "县发展和改革委员会",
                       "expected": 12, "on_time": 10, "late": 1, "missing": 1, "pending": 0}]},
        "start_rate": {"by": "2026-06-25", "planned": 30, "started": 21, "rate": "70.00"},
        "procedure_completion": {"total": 240, "done": 186, "not_needed": 12, "rate": "77.50"},
        "funds_in_place": "152600.00",
        "demolition": [{"project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "code": "LC-2026-014",
                        "name": "栾川县城区棚户区改造项目", "period_end": "2026-05-31",
                        "progress": "已完成征收186户，剩余12户正在协商"}],
    }]})

    region_code: str
    year: int
    as_of: date = Field(description="the business date the figures were computed on")
    totals: Amounts
    completion: Completion
    by_stage: list[Group] = Field(description="every stage the region uses (its ``stages`` policy) and any other "
                                  "stage a project of the list is at, in the order a project moves through them")
    by_system: list[Group] = Field(description="every system (体系) of the region, then projects without one")
    by_township: list[Group] = Field(description="every township of the region, then projects without one")
    by_light: list[LightCount] = Field(description="current warning lights (亮灯) of the list's projects, "
                                       "every kind and colour")
    report_timeliness: TimelinessOut | None = Field(
        description="report timeliness by responsible unit for the last period counted; null when none is due"
    )
    start_rate: StartRate = Field(description="开工率")
    procedure_completion: ProcedureCompletion = Field(description="联审联批完成率")
    funds_in_place: MoneyOut = Field(
        description="到位资金 of the year through ``completion.through`` (the counted reports' sum), 万元")
    demolition: list[DemolitionItem] = Field(
        description="Bounded: one item per project of the year's list whose latest counted report states "
        "demolition progress (征迁), by code")


class StageGroupCount(BaseModel):
    """A group of stages of the region (e.g. 30个在建项目) with its target and the projects of the list in it now."""

    code: str = Field(examples=["under_construction_30"])
    name: str = Field(examples=["30个在建项目"])
    stages: list[Stage]
    target: int | None = Field(description="projects aimed at; null: no target")
    projects: int = Field(description="projects of the year's list at one of the group's stages now")
    planned_investment: MoneyOut = Field(description="their 年度计划投资, 万元")
    short_by: int | None = Field(description="target minus projects, 0 when reached; null without a target")


class StageGroups(BaseModel):
    """A region's stages and groups of stages (its ``stages`` policy) counted on the year's list."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "region_code": "532300", "year": 2015,
        "used_stages": ["preliminary", "new_start", "under_construction", "completed", "in_operation"],
        "groups": [{"code": "under_construction_30", "name": "30个在建项目", "stages": ["under_construction"],
                    "target": 30, "projects": 28, "planned_investment": "1250000.00", "short_by": 2}],
    }]})

    region_code: str
    year: int
    used_stages: list[Stage] = Field(description="the stages the region uses")
    groups: list[StageGroupCount] = Field(description="Bounded: the region's groups, in the policy's order")


class MapLight(BaseModel):
    kind: LightKind
    colour: LightColour


class MapPoint(BaseModel):
    """A project of the year's list as a point on the map (挂图作战), with its lights."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "code": "LN-2026-007",
        "name": "洛宁县抽水蓄能电站配套道路工程", "stage": "under_construction", "location": "洛宁县故县镇",
        "longitude": "111.653200", "latitude": "34.387100", "light": "yellow",
        "lights": [{"kind": "start", "colour": "green"}, {"kind": "progress", "colour": "yellow"},
                   {"kind": "procedure", "colour": "green"}],
    }]})

    project_id: uuid.UUID
    code: str
    name: str
    stage: Stage
    location: str = Field(description="建设地点 as written")
    longitude: Decimal | None = Field(description="null when the registry has no coordinates")
    latitude: Decimal | None
    light: LightColour | None = Field(
        description="the worst of its current lights (red > yellow > green); null: none yet"
    )
    lights: list[MapLight]
