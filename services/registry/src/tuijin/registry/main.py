"""The registry service app."""

from __future__ import annotations

from fastapi import FastAPI

from tuijin.kernel.app import ServiceSpec, create_service_app
from tuijin.kernel.enums import enum_catalog
from tuijin.kernel.settings import AppSettings, load_settings
from tuijin.registry import enums
from tuijin.registry.endpoints import org_router, projects_router
from tuijin.registry.models import kernel

SPEC = ServiceSpec(
    name="registry",
    title="Tuijin registry",
    description=(
        "The project library (项目库): regions, units, posts, systems (体系), projects, year "
        "plans, the 五个一 team, node plans, procedures (手续), progress reports, warning "
        "lights, list tiers and swaps."
    ),
    migrations_package="tuijin.registry",
    kernel_tables=kernel,
    owns_calendar=True,
    routers=[org_router, projects_router],
    enum_catalog=enum_catalog(
        [enums.RegionLevel, enums.UnitKind, enums.Stage, enums.TeamRole, enums.FiveOnes, enums.ListTier]
    ),
)


def create_app(settings: AppSettings | None = None, **kwargs) -> FastAPI:
    """Build the app (uvicorn calls this with no arguments; tests pass settings and transports)."""
    return create_service_app(SPEC, settings or load_settings("registry"), **kwargs)
