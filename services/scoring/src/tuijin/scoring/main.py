"""The scoring service app."""

from __future__ import annotations

from fastapi import FastAPI

from tuijin.kernel.app import ServiceSpec, create_service_app
from tuijin.kernel.settings import AppSettings, load_settings
from tuijin.scoring.models import kernel

SPEC = ServiceSpec(
    name="scoring",
    title="Tuijin scoring",
    description=(
        "Scoring schemes, periods, score sheets (观摩打分), computed results, rankings, "
        "praise and criticism lists."
    ),
    migrations_package="tuijin.scoring",
    kernel_tables=kernel,
    owns_calendar=False,
)


def create_app(settings: AppSettings | None = None, **kwargs) -> FastAPI:
    """Build the app (uvicorn calls this with no arguments; tests pass settings and transports)."""
    return create_service_app(SPEC, settings or load_settings("scoring"), **kwargs)
