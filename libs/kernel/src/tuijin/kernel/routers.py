"""Routers every service mounts: health, internal events, enums; the admin routes (jobs, outbox, clock) are in
:mod:`tuijin.kernel.admin_routes`, the calendar (mounted by the service that owns it) in
:mod:`tuijin.kernel.calendar_routes`, both named here too."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import text
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from tuijin.kernel.admin_routes import (  # noqa: F401 (named here for their importers)
    ClockAdvance,
    ClockControlDisabled,
    ClockSet,
    ClockState,
    NaiveInstant,
    admin_router,
)
from tuijin.kernel.auth import CurrentPrincipal
from tuijin.kernel.calendar_routes import (  # noqa: F401 (named here for their importers)
    CALENDAR_EVENT_REMOVED,
    CALENDAR_EVENT_SET,
    calendar_event_handlers,
    calendar_router,
)
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import (
    Forbidden,
    ProblemError,
    ServiceUnavailable,
    Unprocessable,
    problem_responses,
)
from tuijin.kernel.migrations import current_revisions, head_revisions
from tuijin.kernel.outbox import EventEnvelope, apply_event


class DatabaseUnreachable(ServiceUnavailable):
    code = "database_unreachable"


class MigrationsPending(ServiceUnavailable):
    code = "migrations_pending"


class ServiceTokenRequired(Forbidden):
    code = "service_token_required"


class ReceiverUnavailable(ServiceUnavailable):
    code = "receiver_unavailable"


class EventRejected(Unprocessable):
    code = "event_rejected"



# ---------------------------------------------------------------- health


def health_router(name: str) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/healthz", summary="Liveness", description="The process is up.")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get(
        "/readyz",
        summary="Readiness",
        description="The database answers and its schema is at the migration head.",
        responses=problem_responses(DatabaseUnreachable, MigrationsPending),
    )
    async def readyz(request: Request) -> dict[str, Any]:
        app = request.app
        try:
            async with app.state.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
                current = await current_revisions(conn)
        except Exception as exc:
            raise DatabaseUnreachable("The database is not reachable.") from exc
        heads = head_revisions(app.state.migrations_package)
        if current != heads:
            raise MigrationsPending("The database schema is not at the migration head; run make migrate.",
                                    current=sorted(current), head=sorted(heads))
        report: dict[str, Any] = {"status": "ready", "app": name, "database": "ok",
                                  "migration": sorted(current)}
        extra = getattr(app.state, "readiness_extra", None)
        if extra is not None:
            report.update(await extra(app))
        return report

    return router


# ---------------------------------------------------------------- internal events


def internal_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1/internal", tags=["internal"], include_in_schema=True)

    @router.post("/events", summary="Receive an event from another service",
                 responses=problem_responses(ServiceTokenRequired, EventRejected, ReceiverUnavailable))
    async def receive_event(envelope: EventEnvelope, request: Request, session: SessionDep,
                            principal: CurrentPrincipal) -> dict[str, str]:
        """Outbox delivery target. Applies the event once; a repeated delivery answers ``duplicate``."""
        if not principal.is_service:
            raise ServiceTokenRequired("Only services deliver events.")
        state = request.app.state
        try:
            outcome = await apply_event(session, state.kernel_tables, state.event_handlers, envelope, state)
        except (OperationalError, InterfaceError, PoolTimeout) as exc:
            # the database is unreachable or busy, not the event at fault: 503 keeps the sender's line in order
            # (any other failure of a handler is a 500, and the sender parks that one event)
            err = ReceiverUnavailable("接收方数据库暂不可用，请稍后重投。 The database is unavailable; retry later.")
            err.headers["Retry-After"] = "5"
            raise err from exc
        except ProblemError as exc:
            if exc.status not in (401, 403, 404, 405):
                raise
            # from a handler these are about the event (e.g. a record it names is not here), but the sender
            # reads them as "the delivery itself is refused" and would hold every later event behind this one
            raise EventRejected(f"The handler of {envelope.type} refused the event: {exc.detail or exc.code}",
                                handler_status=exc.status, handler_code=exc.code) from exc
        return {"status": outcome}

    return router


# ---------------------------------------------------------------- enums


def enums_router(service: str, catalog: dict[str, Any]) -> APIRouter:
    router = APIRouter(prefix="/api/v1/enums", tags=[f"{service}: enums"])

    @router.get(f"/{service}", summary=f"Enums of the {service} service with zh-CN labels")
    async def list_enums() -> dict[str, list[dict[str, str]]]:
        """Every enum this service uses, as ``{Enum: [{value, label}]}`` for front-end pickers."""
        return catalog

    return router


