"""The issues service app."""

from __future__ import annotations

from fastapi import FastAPI

from tuijin.issues.models import kernel
from tuijin.kernel.app import ServiceSpec, create_service_app
from tuijin.kernel.settings import AppSettings, load_settings

SPEC = ServiceSpec(
    name="issues",
    title="Tuijin issues",
    description=(
        "The problem ledger (问题台账), the escalation ladder and its timers, supervision "
        "letters (提醒函 / 推进函 / 督办函) and interviews (约谈)."
    ),
    migrations_package="tuijin.issues",
    kernel_tables=kernel,
    owns_calendar=False,
)


def create_app(settings: AppSettings | None = None, **kwargs) -> FastAPI:
    """Build the app (uvicorn calls this with no arguments; tests pass settings and transports)."""
    return create_service_app(SPEC, settings or load_settings("issues"), **kwargs)
