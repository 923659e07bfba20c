"""Request and response bodies of rectifications (整改)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from tuijin.issues.rectifications.enums import RectificationSource, RectificationStatus
from tuijin.kernel.validation import BusinessDate

_ID = "3f0c1b7e-2a4d-4c8e-9b1a-5d6e7f8a9b0c"
_OUT = {
    "id": _ID, "region_code": "410324", "source_kind": "interview",
    "source_id": "7d2e4f60-1b3c-4a5d-8e9f-0a1b2c3d4e5f", "project_id": "5b0e8c2a-9d4f-4e1b-a7c3-2f6d8e0a1b3c",
    "project_code": "2411-410324-04-01-637015", "project_name": "栾川县伊河生态治理工程",
    "unit_id": "673112ec-556e-4501-9330-c3f1e83a3b54", "unit_name": "栾川县交通运输局",
    "requirement": "10月底前全面复工，落实施工队伍和资金。", "deadline": "2026-10-31", "status": "reported_done",
    "overdue": False, "report_note": "已于10月25日全面复工，施工人员120人进场。",
    "report_evidence": ["复工现场照片（2026年10月25日）", "施工合同补充协议"], "reported_on": "2026-10-26",
    "reported_by": "test:unit", "verification_note": "", "verified_on": None, "verified_by": None,
    "reopen_reason": "", "reopen_count": 0, "opened_by": "test:office", "opened_at": "2026-09-28T02:00:00Z",
}


class RectificationOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_OUT]}, from_attributes=True)

    id: uuid.UUID
    region_code: str
    source_kind: RectificationSource
    source_id: uuid.UUID
    project_id: uuid.UUID | None
    project_code: str
    project_name: str
    unit_id: uuid.UUID
    unit_name: str
    requirement: str = Field(description="整改要求")
    deadline: date = Field(description="整改期限")
    status: RectificationStatus
    overdue: bool = Field(False, description="past the deadline and not verified (逾期未整改到位)")
    report_note: str
    report_evidence: list[str]
    reported_on: date | None
    reported_by: str | None
    verification_note: str
    verified_on: date | None
    verified_by: str | None
    reopen_reason: str
    reopen_count: int
    opened_by: str
    opened_at: datetime


class ReportDoneIn(BaseModel):
    """The unit reports the rectification done (整改情况报告), with what shows it."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "note": "已于10月25日全面复工，施工人员120人进场。",
        "evidence": ["复工现场照片（2026年10月25日）", "施工合同补充协议"]}]})

    note: str = Field(min_length=1, max_length=5000, examples=["已于10月25日全面复工，施工人员120人进场。"])
    evidence: list[str] = Field(
        default_factory=list, max_length=20,
        description="what shows it done: the documents and photos named (and attached to the project's records)",
    )


class VerifyIn(BaseModel):
    """The office verifies the rectification done (核验整改到位)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"note": "经现场核查，已全面复工，整改到位。"}]})

    note: str = Field("", max_length=5000)


class ReopenIn(BaseModel):
    """The office finds the rectification not done (核验未通过): why, and the new deadline."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "reason": "现场核查仅部分复工，施工人员不足30人。", "deadline": "2026-11-30"}]})

    reason: str = Field(min_length=1, max_length=5000)
    deadline: BusinessDate = Field(description="the new deadline (新的整改期限)")




__all__ = ["RectificationOut", "ReopenIn", "ReportDoneIn", "VerifyIn"]
