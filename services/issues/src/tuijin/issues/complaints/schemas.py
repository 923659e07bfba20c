"""Request and response bodies of efficiency complaints (行政效能投诉)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from tuijin.issues.complaints.enums import ComplaintFinding, ComplaintStatus
from tuijin.kernel.validation import BusinessDate

_CREATE = {
    "region_code": "410108", "complainant": "郑州某置业有限公司 项目经理 刘某", "complainant_contact": "0371-6xxxxxxx",
    "project_id": "5b0e8c2a-9d4f-4e1b-a7c3-2f6d8e0a1b3c", "unit_id": "673112ec-556e-4501-9330-c3f1e83a3b54",
    "content": "施工许可申请材料已于9月初提交，区住建局多次要求补充材料且未一次性告知，至今未办结。",
    "received_on": "2026-10-12",
}
_CONCLUSION = {"finding": "partly_substantiated",
               "finding_text": "经核查，住建局未一次性告知补正材料属实；办理超时系申请人材料不全所致。已责成限期办结。",
               "decided_on": "2026-10-20"}


class ComplaintCreate(BaseModel):
    """A complaint as the office receives it (受理)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_CREATE]})

    region_code: str = Field(pattern=r"^\d{6}$", examples=["410108"])
    complainant: str = Field(min_length=1, max_length=100, description="投诉人")
    complainant_contact: str = Field("", max_length=100, description="联系方式")
    project_id: uuid.UUID
    unit_id: uuid.UUID = Field(description="the unit complained about (被投诉单位)")
    content: str = Field(min_length=1, max_length=10000, description="投诉内容")
    received_on: BusinessDate = Field(description="受理日期 (today or earlier)")


class ConclusionIn(BaseModel):
    """The office's finding (调查结论)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_CONCLUSION]})

    finding: ComplaintFinding
    finding_text: str = Field(min_length=1, max_length=10000)
    decided_on: BusinessDate


class ComplaintOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        **_CREATE, **_CONCLUSION, "id": "8e9f0a1b-2c3d-4e5f-8a7b-6c5d4e3f2a1b", "project_code": "HJ-2026-012",
        "project_name": "惠济区某商业综合体", "unit_name": "惠济区住房和城乡建设局", "finding_due_on": "2026-10-26",
        "status": "concluded", "overdue": False, "investigation_started_on": "2026-10-13",
        "recorded_by": "test:office", "recorded_at": "2026-10-12T02:00:00Z"}]}, from_attributes=True)

    id: uuid.UUID
    region_code: str
    complainant: str
    complainant_contact: str
    project_id: uuid.UUID
    project_code: str
    project_name: str
    unit_id: uuid.UUID
    unit_name: str
    content: str
    received_on: date
    finding_due_on: date = Field(description="the finding is due by this day")
    status: ComplaintStatus
    overdue: bool = Field(False, description="not concluded and past finding_due_on (as of today)")
    investigation_started_on: date | None
    finding: ComplaintFinding | None
    finding_text: str
    decided_on: date | None
    recorded_by: str
    recorded_at: datetime
