"""Request and response bodies of region profiles (区域配置模板)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from tuijin.kernel.profiles import CODE, PolicyFile, ProfileMeta, SchemesFile


def _examples(*examples: dict) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class ProfileOut(ProfileMeta):
    """A shipped profile: its code, name, seed document, year, version and what it sets."""


class PolicyEntry(PolicyFile):
    """One policy of a profile: the whole ``value``, the fields taken from the seed with its words (``seed``) and
    why the others have their value (``choice``)."""

    model_config = _examples({
        "value": {"period_kind": "weekly", "due_day": 5, "due_in": "same", "due_time": "18:00:00"},
        "seed": {"period_kind": "每周五18:00前报送", "due_day": "每周五18:00前报送"},
        "choice": "our choice: a Friday that is a holiday moves to the working day before",
    })

    value: dict[str, Any] = Field(description="free-form: the whole value, as the policy's JSON schema in the "
                                  "service's policy catalogue describes it")


class SchemesEntry(SchemesFile):
    """The profile's scoring schemes (scheme specs as the scoring service's defaults write them)."""

    model_config = _examples({"schemes": [{"code": "qingshui-monthly", "name": "重点项目绩效评价（月度）",
                                           "subject_kind": "project", "period_kind": "month",
                                           "version": {"dimensions": []}}],
                              "seed": {"qingshui-monthly": "每月评价一次"}, "choice": None})

    schemes: list[dict[str, Any]] = Field(
        default_factory=list, description="Bounded: the profile's schemes (a few). free-form: each a scheme spec "
        "(code, name, subject_kind, period_kind, version) as POST /api/v1/scoring-schemes takes it")


class ProfileBundle(ProfileMeta):
    """The whole profile: what it is, each service's policies and the scoring schemes."""

    model_config = _examples({
        "code": "huiji-2022", "name": "惠济区2022年重点项目推进机制", "seed": "004_bcea49f00b4f7b89.txt", "year": 2022,
        "version": 1, "summary": "周报、三个工作日答复……",
        "policies": {"registry": {"report_due": {"value": {"period_kind": "weekly", "due_day": 5},
                                                 "seed": {"due_day": "每周五18:00前"}, "choice": None}},
                     "issues": {}, "meetings": {}},
        "scoring": None,
    })

    policies: dict[str, dict[str, PolicyEntry]] = Field(
        description="service (registry, issues, meetings) → policy name → its entry")
    scoring: SchemesEntry | None = Field(None, description="the scoring schemes; null: the profile sets none")


class ProfileApplyIn(BaseModel):
    """Which profile to apply, for which year."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"profile": "huiji-2022", "year": 2026}]})

    profile: str = Field(min_length=1, max_length=40, pattern=CODE.pattern, examples=["huiji-2022"])
    year: int | None = Field(None, ge=2000, le=2100, description="the year the values are for; this business year "
                             "(Asia/Shanghai) if omitted", examples=[2026])


class ProfileApplicationOut(BaseModel):
    """One application of a profile to a region and year: what it changed in the registry, what was already so,
    and the event asking the other services for their parts."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "8a1f3c52-7d1e-4c43-9b8e-2a1f6c0d9e11", "region_code": "410328", "year": 2026,
        "profile": "huiji-2022", "version": 1, "changed": ["report_due", "warning_lights"],
        "unchanged": ["node_plan"], "event": "region.profile_applied",
        "requested_from": ["issues", "meetings", "scoring"], "applied_by": "洛宁县重点项目办公室",
        "applied_at": "2026-02-10T01:20:00Z",
    }]})

    id: uuid.UUID
    region_code: str
    year: int
    profile: str = Field(examples=["huiji-2022"])
    version: int = Field(description="the profile's version applied")
    changed: list[str] = Field(description="Bounded: the registry's policy names. Policies written now (the region's "
                               "value for the year differed)")
    unchanged: list[str] = Field(description="Bounded: the registry's policy names. Policies already so (nothing "
                                 "written)")
    event: str = Field(description="the event that asks issues, meetings and scoring to apply their parts")
    requested_from: list[str] = Field(default_factory=list, description="Bounded: the services the event goes to")
    applied_by: str
    applied_at: datetime
