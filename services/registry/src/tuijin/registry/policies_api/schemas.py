"""Bodies of the policy routes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class PolicyInfo(BaseModel):
    """A policy the platform knows: its name, what it configures, its JSON schema and shipped default."""

    name: str = Field(examples=["tiers"])
    description: str
    json_schema: dict[str, Any] = Field(description="JSON schema of the value a PUT takes")
    default: dict[str, Any]


class PolicyOut(BaseModel):
    """The value of a region's policy in effect for a year."""

    region_code: str
    name: str
    year: int = Field(description="the year asked for; 0 = every year without its own value")
    value: dict[str, Any]
    is_default: bool = Field(description="true when the region has set nothing: the shipped default applies")
    source_year: int | None = Field(
        None, description="year of the region's row in effect (0: its all-years value); null for the default"
    )
    updated_by: str | None = None
    updated_at: datetime | None = None
