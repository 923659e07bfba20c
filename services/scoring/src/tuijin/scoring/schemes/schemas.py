"""Request and response bodies of scoring schemes: dimensions from a small safe set, validated."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from tuijin.kernel.numbers import WAN_DIGITS, WAN_PLACES, Points, bounded_decimal, money_text
from tuijin.scoring import examples as ex
from tuijin.scoring.examples import examples
from tuijin.scoring.schemes.enums import PeriodKind, RatioInput, SanctionKind, ScoredEvent, SubjectKind

# points to 0.0001 (a weight, a band's or a stage's points, a deduction); a band's lower bound in 万元, served
# like every amount with its scale ("50000.00")
PositivePoints = bounded_decimal(10, 4, label="权重", gt=0, serializer=False)
BandMin = bounded_decimal(WAN_DIGITS, WAN_PLACES, label="档位下限(万元)", ge=0, serializer=money_text)


class DimensionBase(BaseModel):
    # one schema in both directions (no Band-Input/Band-Output pair): documented as served, its numbers as
    # the strings a client reads back and may send as they are
    model_config = ConfigDict(extra="forbid", json_schema_mode_override="serialization")

    code: str = Field(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1, max_length=100)
    weight: Points = Field(description="the most points the dimension gives; the weights add up to the total")


class RatioDimension(DimensionBase):
    """weight × numerator ÷ denominator, capped at the weight (实施进度 = 60 × 完成 ÷ 年度计划)."""

    kind: Literal["ratio"] = "ratio"
    numerator: RatioInput = RatioInput.investment_completed
    denominator: RatioInput = RatioInput.annual_plan


class Band(BaseModel):
    # one schema in both directions (no Band-Input/Band-Output pair): documented as served, its numbers as
    # the strings a client reads back and may send as they are
    model_config = ConfigDict(extra="forbid", json_schema_mode_override="serialization")

    min: BandMin = Field(description="the band starts at this amount (万元), included")
    points: Points


class BandsDimension(DimensionBase):
    """Points of the highest band the amount reaches (20/10/6/3 by size)."""

    kind: Literal["bands"] = "bands"
    input: RatioInput = RatioInput.total_investment
    bands: list[Band] = Field(min_length=1, max_length=20)


class CategoryDimension(DimensionBase):
    """Points by the subject's category (project stage: 新开工 5, 续建 2)."""

    kind: Literal["category"] = "category"
    points: dict[str, Points] = Field(min_length=1, description="stage → points")
    default: Points = Decimal(0)


class DeductionsDimension(DimensionBase):
    """Starts at the weight and loses points per counted event, never below zero."""

    kind: Literal["deductions"] = "deductions"
    per_event: dict[ScoredEvent, Points] = Field(min_length=1)
    per_sanction: dict[SanctionKind, Points] = Field(
        default_factory=dict, max_length=len(SanctionKind),
        description="points of one accountability record (问责) by its sanction, e.g. 通报批评 2, 诫勉谈话 3; "
                    "a sanction not listed deducts per_event.accountability; only read when per_event names "
                    "accountability",
        examples=[{"circulated_criticism": "2", "interview": "1", "admonishment": "3"}])

    @field_validator("per_sanction")
    @classmethod
    def _sanctions_need_the_event(cls, value: dict[SanctionKind, Decimal],
                                  info: ValidationInfo) -> dict[SanctionKind, Decimal]:
        """Points by sanction count nothing unless the dimension names the event (refused on this field)."""
        if value and ScoredEvent.accountability not in info.data.get("per_event", {ScoredEvent.accountability: 0}):
            raise ValueError("per_sanction needs per_event to name accountability (its points for any other "
                             "sanction, 0 to count only those listed)")
        return value


class SheetsDimension(DimensionBase):
    """The project's score in the period's observation round (观摩打分), scaled to the weight."""

    kind: Literal["sheets"] = "sheets"


class RollupSource(BaseModel):
    # one schema in both directions (no Band-Input/Band-Output pair): documented as served, its numbers as
    # the strings a client reads back and may send as they are
    model_config = ConfigDict(extra="forbid", json_schema_mode_override="serialization")

    scheme_code: str = Field(min_length=1, max_length=64)
    weight: PositivePoints


class RollupDimension(DimensionBase):
    """Weighted average of the published totals of other schemes over the periods inside this one,
    scaled to the weight (a year from its quarters and months)."""

    kind: Literal["rollup"] = "rollup"
    sources: list[RollupSource] = Field(min_length=1, max_length=10)


Dimension = Annotated[
    RatioDimension | BandsDimension | CategoryDimension | DeductionsDimension | SheetsDimension | RollupDimension,
    Field(discriminator="kind"),
]


class VersionIn(BaseModel):
    """The rules of a new version."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=examples(ex.VERSION_IN))

    total_points: Points = Decimal(100)
    dimensions: list[Dimension] = Field(min_length=1, max_length=30)
    praise_size: int = Field(3, ge=0, le=50, description="how many of the top are praised (通报表扬)")
    criticism_size: int = Field(3, ge=0, le=50, description="how many of the bottom are criticised (通报批评)")
    note: str = Field("", max_length=500)


class SchemeIn(BaseModel):
    """A new scheme with its first version."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=examples(ex.SCHEME_IN))

    region_code: str = Field(pattern=r"^\d{6}$")
    code: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_\-]*$")
    name: str = Field(min_length=1, max_length=200)
    subject_kind: SubjectKind
    period_kind: PeriodKind
    version: VersionIn


class VersionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra=examples(ex.VERSION_OUT))

    id: uuid.UUID
    scheme_id: uuid.UUID
    version: int
    total_points: Decimal
    dimensions: list[Dimension]
    praise_size: int
    criticism_size: int
    note: str
    published_at: datetime
    published_by: str


class SchemeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra=examples(ex.SCHEME_OUT))

    id: uuid.UUID
    region_code: str
    code: str
    name: str
    subject_kind: SubjectKind
    period_kind: PeriodKind
    latest_version: int
    created_at: datetime
    current: VersionOut | None = Field(None, description="the latest version")


class DefaultsIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples(ex.DEFAULTS_IN))

    region_code: str = Field(pattern=r"^\d{6}$")
