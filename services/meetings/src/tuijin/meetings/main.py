"""The meetings service app."""

from __future__ import annotations

from fastapi import FastAPI

from tuijin.kernel.app import ServiceSpec, create_service_app
from tuijin.kernel.settings import AppSettings, load_settings
from tuijin.meetings.models import kernel

SPEC = ServiceSpec(
    name="meetings",
    title="Tuijin meetings",
    description=(
        "Meeting series and instances, invitations, attendance and leave, agendas, "
        "minutes (会议纪要) and decided items (议定事项)."
    ),
    migrations_package="tuijin.meetings",
    kernel_tables=kernel,
    owns_calendar=False,
)


def create_app(settings: AppSettings | None = None, **kwargs) -> FastAPI:
    """Build the app (uvicorn calls this with no arguments; tests pass settings and transports)."""
    return create_service_app(SPEC, settings or load_settings("meetings"), **kwargs)
