"""Request and response bodies of runs, results and the praise and criticism lists."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tuijin.scoring import examples as ex
from tuijin.scoring.examples import examples
from tuijin.scoring.runs.compute import q
from tuijin.scoring.runs.enums import RunStatus
from tuijin.scoring.schemes.enums import SubjectKind


class RunIn(BaseModel):
    """Compute a scheme for a period of a region."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=examples(ex.RUN_IN))

    scheme_id: uuid.UUID
    period: str = Field(examples=["2026-Q3"], description="2026-09, 2026-Q3, 2026-H1 or 2026 (the scheme's kind)")
    scheme_version: int | None = Field(None, ge=1, description="default: the scheme's latest version")


class DimensionScore(BaseModel):
    code: str
    name: str
    kind: str
    weight: Decimal
    score: Decimal
    explanation: str = Field(description="how the score was reached, from the run's input snapshot")


class ResultOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra=examples(ex.RESULT_OUT))

    subject_id: uuid.UUID
    subject_code: str
    subject_name: str
    unit_id: uuid.UUID | None
    dimensions: list[DimensionScore]
    total: Decimal
    rank: int = Field(description="1 is best; equal totals share a rank (1, 2, 2, 4)")

    _cents = field_validator("total")(lambda v: q(Decimal(v)))


class SubjectResultOut(ResultOut):
    """One subject's result in a published run, with the run it belongs to."""

    model_config = ConfigDict(json_schema_extra=examples(ex.SUBJECT_RESULT_OUT))

    run_id: uuid.UUID
    scheme_id: uuid.UUID
    subject_kind: SubjectKind
    period: str
    period_start: date
    period_end: date
    published_at: datetime | None
    total_points: Decimal = Field(description="the most a subject could score in the run")


class Change(BaseModel):
    """A subject whose total or rank moved against the previous version of the run."""

    subject_id: uuid.UUID
    subject_name: str
    total_before: Decimal | None
    total_after: Decimal | None
    rank_before: int | None
    rank_after: int | None


class RunOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra=examples(ex.RUN_OUT))

    id: uuid.UUID
    region_code: str
    scheme_id: uuid.UUID
    scheme_version: int
    subject_kind: SubjectKind
    period: str
    period_start: date
    period_end: date
    version: int = Field(description="recomputing the same scheme, region and period makes the next version")
    status: RunStatus
    total_points: Decimal
    changes: list[Change] = Field(description="what moved against the previous version (empty for version 1)")
    created_at: datetime
    created_by: str
    published_at: datetime | None
    published_by: str


class InputsOut(BaseModel):
    """The snapshot of inputs the run computed from."""

    model_config = ConfigDict(json_schema_extra=examples(ex.INPUTS_OUT))

    run_id: uuid.UUID
    inputs: dict = Field(description="free-form: the snapshot as gathered (region_code, period, subject_kind, "
                                     "subjects by id with amounts and events, calls, sources, local)")


class ListEntry(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples(ex.LIST_ENTRY))

    subject_id: uuid.UUID
    subject_code: str = ""
    subject_name: str
    unit_id: uuid.UUID | None = Field(None, description="the subject's (responsible) unit")
    total: Decimal
    rank: int

    _cents = field_validator("total")(lambda v: q(Decimal(v)))


class PraiseCriticismOut(BaseModel):
    """通报表扬 and 通报批评 lists from a published ranking."""

    model_config = ConfigDict(json_schema_extra=examples(ex.LISTS_OUT))

    run_id: uuid.UUID
    period: str
    praise: list[ListEntry]
    criticism: list[ListEntry]
