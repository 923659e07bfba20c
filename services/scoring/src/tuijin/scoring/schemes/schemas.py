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
from tuijin.scoring.schemes.enums import (
    FundingChannel,
    PeriodKind,
    RatioInput,
    ReserveLevel,
    SanctionKind,
    ScoredEvent,
    SubjectKind,
)

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


class ReserveDimension(DimensionBase):
    """谋划储备 (清水, seed 003 §1 and §17): the reserve library (储备库) the unit built — points for each entry it
    proposed, by the library's level, and for each of its entries promoted into a year's key-project list
    (纳入年度重点建设项目清单), capped at the weight. Entries proposed for the period's year or the next (the library
    of September is built for next year's list), as they stood at the period's end. A project scores its
    responsible unit's library (the seed evaluates the project unit, 项目单位)."""

    kind: Literal["reserve"] = "reserve"
    per_entry: dict[ReserveLevel, Points] = Field(
        min_length=1, max_length=len(ReserveLevel), description="points of one entry by its library",
        examples=[{"county": "2", "department": "1", "township": "1"}])
    per_promotion: Points = Field(Decimal(0), description="points of one entry promoted into a year's list")


class FundsDimension(DimensionBase):
    """资金争取 (清水, seed 003 §3 "切实提升项目的落地率和资金到位率", §17): money obtained, whatever the stage —
    ``in_place_points`` × min(1, 年度累计到位资金 ÷ 年度计划投资) (the funds in place the progress reports state), plus
    the points of the highest band the money won reaches (the financing needs of the year secured through
    ``won_channels``: 中央预算内投资, 地方政府专项债券…), capped at the weight. A unit sums its projects."""

    kind: Literal["funds"] = "funds"
    in_place_points: Points = Field(description="points of a funds-in-place rate of 100%")
    won_channels: list[FundingChannel] = Field(
        default_factory=lambda: [FundingChannel.central_budget, FundingChannel.special_bonds],
        max_length=len(FundingChannel), description="channels whose secured financing counts as money won")
    won_bands: list[Band] = Field(default_factory=list, max_length=20,
                                  description="points by the money won (万元), the highest band reached; a band "
                                              "counts only when some money was won (a band from 0 rewards any)")


class ScheduleDimension(DimensionBase):
    """实施进度 (清水, seed 003 §16 "重点对照项目推进计划", §17): against the project's plan, not its investment —
    ``nodes_points`` × (nodes of the node plan due by the period's end and reached on time ÷ nodes due) plus
    ``physical_points`` × min(1, the latest reported 形象进度 % ÷ the % the plan expects at the period's end: the
    share of the time from the planned start node to the planned completion node that has passed). A unit: its
    projects' nodes together and the mean of their physical attainment."""

    kind: Literal["schedule"] = "schedule"
    nodes_points: Points = Field(description="points of a node plan kept in full")
    physical_points: Points = Field(description="points of physical progress at or ahead of the plan")


Dimension = Annotated[
    RatioDimension | BandsDimension | CategoryDimension | DeductionsDimension | SheetsDimension | RollupDimension
    | ReserveDimension | FundsDimension | ScheduleDimension,
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
