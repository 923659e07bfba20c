"""Bodies of the policy routes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class PolicyInfo(BaseModel):
    name: str = Field(examples=["ladder"])
    description: str
    json_schema: dict[str, Any]
    default: dict[str, Any]


class PolicyOut(BaseModel):
    region_code: str
    name: str
    year: int = Field(description="the year asked for (0: the all-years value)")
    value: dict[str, Any]
    is_default: bool = Field(description="true: the region has no value of its own, the shipped default applies")
    source_year: int | None = Field(None, description="the year of the row in effect (0: all years)")
    updated_by: str | None = None
    updated_at: datetime | None = None
