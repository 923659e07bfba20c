"""Request and response bodies of observation rounds (观摩打分) and score sheets."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tuijin.kernel.numbers import Score, bounded_decimal
from tuijin.kernel.validation import BusinessDate
from tuijin.scoring import examples as ex
from tuijin.scoring.examples import examples
from tuijin.scoring.sheets.enums import RoundStatus

# a criterion's range to 0.01, as the sheets' column holds the scores
CriterionMin = bounded_decimal(8, 2, label="评分下限", ge=0, serializer=False)
CriterionMax = bounded_decimal(8, 2, label="评分上限", gt=0, serializer=False)


class Criterion(BaseModel):
    # one schema in both directions (no Band-Input/Band-Output pair): documented as served, its numbers as
    # the strings a client reads back and may send as they are
    model_config = ConfigDict(extra="forbid", json_schema_mode_override="serialization")

    code: str = Field(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1, max_length=100, examples=["目标完成情况"])
    min: CriterionMin = Decimal(0)
    max: CriterionMax

    @model_validator(mode="after")
    def _range(self) -> Criterion:
        if self.max <= self.min:
            raise ValueError("max must be above min")
        return self


class Scorer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=200, description="the scorer's account (the token's subject)")
    name: str = Field(min_length=1, max_length=100, examples=["县四大班子领导 张某"])


class RoundIn(BaseModel):
    """An observation round: sheets for every scorer × project × criterion."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=examples(ex.ROUND_IN))

    region_code: str = Field(pattern=r"^\d{6}$")
    name: str = Field(min_length=1, max_length=200, examples=["2026年第三季度重点项目观摩"])
    period: str = Field(pattern=r"^\d{4}(-(0[1-9]|1[0-2]|B[1-6]|Q[1-4]|H[12]))?$", examples=["2026-Q3"])
    deadline: BusinessDate = Field(description="the last business date a scorer may fill a sheet")
    criteria: list[Criterion] = Field(min_length=1, max_length=20)
    trim_each_end: int = Field(1, ge=0, le=5, description="highest and lowest scores dropped, each end")
    min_scorers_to_trim: int = Field(5, ge=1, le=100, description="trim only when at least this many scored")
    project_ids: list[uuid.UUID] = Field(
        min_length=1, max_length=500,
        description="the projects in the observation route's order (观摩路线): the scorers' sheets come in this order")
    scorers: list[Scorer] = Field(min_length=1, max_length=200)


class RoundOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra=examples(ex.ROUND_OUT))

    id: uuid.UUID
    region_code: str
    name: str
    period: str
    deadline: date
    status: RoundStatus = RoundStatus.open
    criteria: list[Criterion]
    trim_each_end: int
    min_scorers_to_trim: int
    created_at: datetime


class SheetOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra=examples(ex.SHEET_OUT))

    id: uuid.UUID
    round_id: uuid.UUID
    scorer: str
    scorer_name: str
    project_id: uuid.UUID
    project_name: str
    criterion: str
    score: Decimal | None
    scored_at: datetime | None
    route_order: int = Field(0, description="the project's place on the observation route (0 first)")
    submitted_at: datetime | None = Field(None, description="when the scorer submitted the round's sheets: "
                                                            "null while they are drafts (草稿, still changeable)")
    etag: str = Field("", description="the sheet's ETag (as the `ETag` header carries it): send it as "
                                      "`If-Match` to fill the sheet")


class ScoreIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=examples(ex.SCORE_IN))

    score: Score


class ScorerProgress(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples(ex.PROGRESS_OUT["scorers"][0]))

    scorer: str
    scorer_name: str
    sheets: int
    filled: int
    missing: int


class ProgressOut(BaseModel):
    """Who has not scored yet."""

    model_config = ConfigDict(json_schema_extra=examples(ex.PROGRESS_OUT))

    round_id: uuid.UUID
    scorers: list[ScorerProgress]
    not_done: list[str] = Field(description="names of scorers with empty sheets")


class ProjectScore(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples(ex.PROJECT_SCORE))

    project_id: uuid.UUID
    project_name: str
    score: Decimal = Field(description="to 0.01, like every score: \"45.00\"")
    out_of: Decimal = Field(description="the sum of the criteria maxima, to 0.01: \"60.00\"")
    explanation: str


class SubmissionOut(BaseModel):
    """A scorer's submission of their sheets of a round (提交评分)."""

    model_config = ConfigDict(json_schema_extra=examples(ex.SUBMISSION_OUT))

    round_id: uuid.UUID
    scorer: str
    sheets: int = Field(description="the scorer's sheets in the round, all filled and now final")
    submitted_at: datetime
