"""Response bodies of warning lights."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from tuijin.registry.lights.enums import LightColour, LightKind

LIGHT_EXAMPLE = {
    "project_id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "region_code": "410328", "kind": "progress",
    "colour": "yellow", "reason_code": "behind",
    "reason": "截至2026-06完成年度计划40.00%，序时进度50.00%，落后10.00个百分点",
    "details": {"as_of_period": "2026-06", "time_progress": "50.00", "year_plan_rate": "40.00",
                "behind_points": "10.00", "year_to_date_completed": "3200.00", "planned_investment": "8000.00"},
    "computed_at": "2026-07-01T01:00:00Z", "changed_at": "2026-06-23T01:00:00Z",
}


class LightOut(BaseModel):
    """A project's current light of one kind, with the reason."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [LIGHT_EXAMPLE]})

    project_id: uuid.UUID
    region_code: str
    kind: LightKind
    colour: LightColour
    reason_code: str = Field(examples=["behind"])
    reason: str = Field(examples=["截至2026-06完成年度计划40.00%，序时进度50.00%，落后10.00个百分点"])
    details: dict[str, Any] = Field(default_factory=dict, description="figures behind the colour")
    computed_at: datetime
    changed_at: datetime = Field(description="when the colour last changed")


class RegionLightOut(LightOut):
    """A current light in a region's list, with its project."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        **LIGHT_EXAMPLE,
        "project_code": "LN-2026-007", "project_name": "洛宁县抽水蓄能电站配套道路工程",
    }]})

    project_code: str
    project_name: str


class LightChangeOut(BaseModel):
    """One colour a light took (append-only)."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "kind": "progress", "from_colour": "green", "to_colour": "yellow", "reason_code": "behind",
        "reason": "截至2026-06完成年度计划40.00%，序时进度50.00%，落后10.00个百分点",
        "changed_at": "2026-06-23T01:00:00Z",
    }]})

    kind: LightKind
    from_colour: LightColour | None = Field(description="null: the light's first computation")
    to_colour: LightColour
    reason_code: str
    reason: str
    changed_at: datetime


class LightRecomputeOut(BaseModel):
    """How many lights a recomputation computed, and how many changed colour."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"computed": 138, "changed": 7}]})

    computed: int
    changed: int
