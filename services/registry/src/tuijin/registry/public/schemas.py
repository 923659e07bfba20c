"""The public disclosure view (阳光行动): exactly what seed 000 says is published — the responsible
leader, the service team and the time nodes of every project, and its progress each quarter. No
phone numbers, no ids of people or units, no money (the seeds publish none), no unverified report."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from tuijin.registry.projects.enums import TeamRole
from tuijin.registry.reports.schemas import Percent


class PublicLeader(BaseModel):
    """The responsible leader (县级责任领导 / 指挥长): the post and who holds it today."""

    post_title: str = Field(examples=["副县长（分管交通）"])
    holder_name: str | None = Field(description="null while the post is vacant")


class PublicTeamMember(BaseModel):
    name: str
    role: TeamRole


class PublicYearNodes(BaseModel):
    """The planned dates of one year's plan."""

    year: int
    planned_start_date: date | None
    planned_completion_date: date | None
    planned_operation_date: date | None


class PublicMilestone(BaseModel):
    """A time node of the project's node plan (时间节点)."""

    name: str
    planned_date: date
    actual_date: date | None


class PublicQuarter(BaseModel):
    """A quarter's progress as announced (每季度通报): the physical progress of the project's last verified
    report of the quarter. Published once the quarter has ended."""

    quarter: str = Field(examples=["2026-Q2"])
    period: str = Field(description="the report it comes from, e.g. 2026-06 or 2026-W26")
    physical_progress: str = Field(description="形象进度")
    physical_percent: Percent | None = Field(description="形象进度 in percent")


class PublicProject(BaseModel):
    """A key project as the public sees it."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "0b6f3c1e-2a4d-4c8e-9f10-3d2b7a6c5e41", "code": "LN-2026-007", "name": "洛宁县抽水蓄能电站配套道路工程",
        "leader": {"post_title": "副县长（分管交通）", "holder_name": "王建国"},
        "service_team": [{"name": "李明", "role": "team_leader"}],
        "time_nodes": [{"year": 2026, "planned_start_date": "2026-03-15", "planned_completion_date": "2027-10-30",
                        "planned_operation_date": None}],
        "milestones": [{"name": "完成施工图设计", "planned_date": "2026-02-28", "actual_date": "2026-02-26"},
                       {"name": "路基工程完工", "planned_date": "2026-09-30", "actual_date": None}],
        "quarterly_progress": [{"quarter": "2026-Q1", "period": "2026-03", "physical_progress": "完成征迁，路基开挖",
                                "physical_percent": "15.00"}],
    }]})

    id: uuid.UUID
    code: str
    name: str
    leader: PublicLeader | None
    service_team: list[PublicTeamMember]
    time_nodes: list[PublicYearNodes] = Field(description="planned dates of each year's plan")
    milestones: list[PublicMilestone] = Field(description="the node plan, in order")
    quarterly_progress: list[PublicQuarter] = Field(description="the year's ended quarters that have a verified report")


class PublicRegion(BaseModel):
    """A region as its public page names it (阳光行动的页头)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"code": "410324", "name": "栾川县"}]})

    code: str = Field(description="行政区划代码")
    name: str
