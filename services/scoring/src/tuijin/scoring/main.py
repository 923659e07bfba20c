"""The scoring service app."""

from __future__ import annotations

from fastapi import FastAPI

from tuijin.kernel.app import ServiceSpec, create_service_app
from tuijin.kernel.enums import enum_catalog
from tuijin.kernel.settings import AppSettings, load_settings
from tuijin.scoring.handlers import HANDLERS
from tuijin.scoring.messages import LABELS, MESSAGES
from tuijin.scoring.models import kernel
from tuijin.scoring.runs.endpoints import router as runs_router
from tuijin.scoring.runs.enums import RunStatus
from tuijin.scoring.schemes.endpoints import router as schemes_router
from tuijin.scoring.schemes.enums import (
    DimensionKind,
    FundingChannel,
    PeriodKind,
    RatioInput,
    ReserveLevel,
    SanctionKind,
    ScoredEvent,
    SubjectKind,
)
from tuijin.scoring.sheets.endpoints import rounds_router, sheets_router
from tuijin.scoring.sheets.enums import RoundStatus

SPEC = ServiceSpec(
    name="scoring",
    messages=MESSAGES,
    field_labels=LABELS,
    title="Tuijin scoring",
    description=(
        "Scoring schemes, periods, score sheets (观摩打分), computed results, rankings, "
        "praise and criticism lists."
    ),
    migrations_package="tuijin.scoring",
    kernel_tables=kernel,
    owns_calendar=False,
    event_handlers=HANDLERS,
    routers=[schemes_router, runs_router, rounds_router, sheets_router],
    enum_catalog=enum_catalog([
        SubjectKind, PeriodKind, DimensionKind, ScoredEvent, SanctionKind, RatioInput, RunStatus, RoundStatus,
        ReserveLevel, FundingChannel,
    ]),
)


def create_app(settings: AppSettings | None = None, **kwargs) -> FastAPI:
    """Build the app (uvicorn calls this with no arguments; tests pass settings and transports)."""
    return create_service_app(SPEC, settings or load_settings("scoring"), **kwargs)
