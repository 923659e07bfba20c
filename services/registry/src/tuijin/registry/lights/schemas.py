"""Response bodies of warning lights."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from tuijin.registry.lights.enums import LightColour, LightKind


class LightOut(BaseModel):
    """A project's current light of one kind, with the reason."""

    model_config = ConfigDict(from_attributes=True)

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
    project_code: str
    project_name: str


class LightChangeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    kind: LightKind
    from_colour: LightColour | None = Field(description="null: the light's first computation")
    to_colour: LightColour
    reason_code: str
    reason: str
    changed_at: datetime


class LightRecomputeOut(BaseModel):
    computed: int
    changed: int
