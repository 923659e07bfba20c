"""Request and response bodies of accountability records (问责)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from tuijin.issues.accountability.enums import AccountabilityTarget, GroundKind, SanctionKind
from tuijin.kernel.validation import BusinessDate

_CREATE = {
    "region_code": "410324", "sanction": "circulated_criticism", "target_kind": "unit",
    "unit_id": "673112ec-556e-4501-9330-c3f1e83a3b54", "project_id": "5b0e8c2a-9d4f-4e1b-a7c3-2f6d8e0a1b3c",
    "summary": "项目推进不力，督办函逾期未回复，整改不到位。",
    "grounds": [{"kind": "letter", "id": "0c7b5e2a-3f1d-4b6e-8a9c-1d2e3f4a5b6c", "note": "督办〔2026〕12号逾期未回复"},
                {"kind": "ranking", "id": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", "note": "第三季度考核排名后三位"}],
    "decided_by": "县委、县政府", "decided_on": "2026-10-20",
}


class Ground(BaseModel):
    """A record that led to the sanction: its kind, its id and a note (e.g. the letter's number)."""

    kind: GroundKind
    id: uuid.UUID
    note: str = Field("", max_length=500)


class AccountabilityCreate(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_CREATE]})

    region_code: str = Field(pattern=r"^\d{6}$", examples=["410324"])
    sanction: SanctionKind
    target_kind: AccountabilityTarget
    unit_id: uuid.UUID | None = Field(None, description="the unit held to account (target_kind unit)")
    post_id: uuid.UUID | None = Field(None, description="the post held to account (target_kind post)")
    project_id: uuid.UUID | None = Field(None, description="the project concerned, if one")
    summary: str = Field(min_length=1, max_length=10000, description="问责事由")
    grounds: list[Ground] = Field(default_factory=list, max_length=50)
    decided_by: str = Field(min_length=1, max_length=100, examples=["县委、县政府"])
    decided_on: BusinessDate


class AccountabilityOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        **_CREATE, "id": "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a", "target_name": "栾川县交通运输局",
        "post_id": None, "recorded_by": "test:supervisor", "recorded_at": "2026-10-20T08:00:00Z"}]},
        from_attributes=True)

    id: uuid.UUID
    region_code: str
    sanction: SanctionKind
    target_kind: AccountabilityTarget
    unit_id: uuid.UUID | None
    post_id: uuid.UUID | None
    target_name: str
    project_id: uuid.UUID | None
    summary: str
    grounds: list[Ground]
    decided_by: str
    decided_on: date
    recorded_by: str
    recorded_at: datetime
