"""The app factory: every service is built the same way, so a reader who knows one knows all four."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
from fastapi import APIRouter, Depends, FastAPI
from fastapi.middleware.gzip import GZipMiddleware

from tuijin.kernel.admin_routes import admin_router
from tuijin.kernel.auth import TokenCodec
from tuijin.kernel.calendar import CalendarCache
from tuijin.kernel.calendar_routes import calendar_event_handlers, calendar_router
from tuijin.kernel.db import UnitOfWorkMiddleware, create_engine, make_sessionmaker
from tuijin.kernel.docs import install_docs
from tuijin.kernel.errors import install_error_handlers
from tuijin.kernel.headers import document_binary_answers, document_headers
from tuijin.kernel.idempotency import IdempotencyMiddleware, prune_idempotency_keys
from tuijin.kernel.jobs import Job, JobRunner
from tuijin.kernel.limits import RequestLimitsMiddleware
from tuijin.kernel.messages import register_messages
from tuijin.kernel.naming import check_operation_ids, operation_id, tidy_schema_names
from tuijin.kernel.observability import (
    AccessLogMetricsMiddleware,
    Metrics,
    RequestIdMiddleware,
    configure_logging,
    metrics_endpoint,
)
from tuijin.kernel.openapi import document_problems, ensure_problem_schema
from tuijin.kernel.outbox import EventHandler, OutboxDispatcher
from tuijin.kernel.routers import enums_router, health_router, internal_router
from tuijin.kernel.settings import SERVICES, AppSettings
from tuijin.kernel.sqlcount import SqlCountMiddleware, count_statements
from tuijin.kernel.storage import open_storage
from tuijin.kernel.tables import KernelTables
from tuijin.kernel.validation import refuse_control_characters


@dataclass
class ServiceSpec:
    """What makes one service different from its siblings."""

    name: str
    title: str
    description: str
    migrations_package: str
    kernel_tables: KernelTables
    routers: list[APIRouter] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)
    event_handlers: dict[str, EventHandler] = field(default_factory=dict)
    enum_catalog: dict[str, Any] = field(default_factory=dict)
    upstreams: list[str] = field(default_factory=list)
    owns_calendar: bool = False
    on_startup: list[Callable[[FastAPI], Awaitable[None]]] = field(default_factory=list)
    configure: Callable[[FastAPI], None] | None = None
    """Called once the kernel's routes are in place (the gateway adds its proxy, CORS and docs)."""
    docs: bool = True
    receives_events: bool = True
    """Mount ``POST /api/v1/internal/events`` (the gateway, the public door, receives none)."""
    version: str = "0.1.0"
    upload_paths: tuple[str, ...] = ()
    """Paths (regular expressions, matched whole) of the routes taking a file upload: their body may be
    ``max_upload_bytes`` instead of ``max_body_bytes``."""
    messages: dict[str, str] = field(default_factory=dict)
    """code → zh-CN message of the codes the app raises (``tuijin.kernel.messages``: over the kernel's table)."""
    field_labels: dict[str, str] = field(default_factory=dict)
    """field name → Chinese label, named in a validation problem's ``errors[].label``."""


async def _dispatch_outbox(app: FastAPI) -> dict[str, Any]:
    return await app.state.outbox.dispatch()


async def _prune_idempotency(app: FastAPI) -> dict[str, Any]:
    async with app.state.sessionmaker() as session, session.begin():
        n = await prune_idempotency_keys(session, app.state.kernel_tables, older_than=timedelta(hours=24))
    return {"pruned": n}


def create_service_app(
    spec: ServiceSpec,
    settings: AppSettings,
    *,
    transports: dict[str, httpx.AsyncBaseTransport] | None = None,
) -> FastAPI:
    """A FastAPI app with the kernel's middleware, error handlers, health, metrics, admin and
    internal routes around ``spec``'s domain routers. ``transports`` lets tests wire apps together
    in one process."""
    app = FastAPI(
        title=spec.title,
        description=spec.description,
        version=spec.version,
        lifespan=_lifespan(spec, settings, transports),
        dependencies=[Depends(refuse_control_characters)],  # no control character reaches a route
        openapi_tags=[{"name": "health", "description": "liveness and readiness"}],
        docs_url=None, redoc_url=None,  # served from the app's own assets below (install_docs), not a CDN
        generate_unique_id_function=operation_id,  # <resource>_<action>: tuijin.kernel.naming
        **({} if spec.docs else {"openapi_url": None}),
    )
    app.state.settings = settings
    app.state.service_name = spec.name
    app.state.migrations_package = spec.migrations_package
    app.state.kernel_tables = spec.kernel_tables
    app.state.calendar = CalendarCache(spec.kernel_tables)
    handlers: dict[str, EventHandler] = {}
    if not spec.owns_calendar:
        handlers.update(calendar_event_handlers())
    handlers.update(spec.event_handlers)
    app.state.event_handlers = handlers
    app.state.metrics = Metrics(spec.name)
    app.state.storage = open_storage(settings.common.storage, settings.common.var_dir, spec.name)

    register_messages(app, spec.messages, spec.field_labels)
    install_error_handlers(app)
    _include_routes(app, spec)
    _add_problem_schema(app)
    if spec.docs:
        install_docs(app, title=spec.title)
    if spec.configure is not None:
        spec.configure(app)
    _add_middleware(app, spec, settings)
    return app


def _lifespan(
    spec: ServiceSpec, settings: AppSettings, transports: dict[str, httpx.AsyncBaseTransport] | None
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Start-up (engine, tokens, peers, outbox, jobs, the spec's hooks) and shut-down of the app."""
    common = settings.common

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(json_logs=common.log_json, level=common.log_level)
        engine = create_engine(settings.effective_database_url, pool_size=settings.db_pool_size,
                               echo=settings.db_echo)
        app.state.engine = engine
        if common.sql_count:
            count_statements(engine)
        app.state.sessionmaker = make_sessionmaker(engine)
        app.state.tokens = TokenCodec.for_app(settings)
        from tuijin.kernel.upstream import Upstreams

        peers = sorted(set(spec.upstreams) | {s for s in SERVICES if s != spec.name})
        app.state.upstreams = Upstreams(common, peers, tokens=app.state.tokens, caller=spec.name)
        app.state.upstreams.start(transports)
        app.state.outbox = OutboxDispatcher(
            source=spec.name, tables=spec.kernel_tables, sessionmaker=app.state.sessionmaker,
            client_for=app.state.upstreams.client, token=app.state.tokens.service_token,
            max_attempts=common.outbox_max_attempts, backoff_base=common.outbox_backoff_base_seconds,
            backoff_cap=common.outbox_backoff_max_seconds,
        )
        runner = JobRunner(spec.name, engine)
        runner.add(Job("outbox-dispatch", _dispatch_outbox, 2.0, "deliver due outbox events"))
        runner.add(Job("idempotency-prune", _prune_idempotency, 3600.0, "forget idempotency keys after 24 h"))
        for job in spec.jobs:
            runner.add(job)
        app.state.jobs = runner
        for hook in spec.on_startup:
            await hook(app)
        if common.background_jobs:
            runner.start(app)
        try:
            yield
        finally:
            await runner.stop()
            await app.state.upstreams.close()
            await engine.dispose()

    return lifespan


def _include_routes(app: FastAPI, spec: ServiceSpec) -> None:
    """The kernel's routes (health, metrics, admin, internal events, enums, the calendar where owned), then the
    spec's domain routers."""
    app.include_router(health_router(spec.name))
    app.add_api_route("/metrics", metrics_endpoint, include_in_schema=False)
    app.include_router(admin_router(spec.name))
    if spec.receives_events:
        app.include_router(internal_router())
    app.include_router(enums_router(spec.name, spec.enum_catalog))
    if spec.owns_calendar:
        app.include_router(calendar_router(subscribers=tuple(s for s in SERVICES if s != spec.name)))
    for router in spec.routers:
        app.include_router(router)


def _add_middleware(app: FastAPI, spec: ServiceSpec, settings: AppSettings) -> None:
    """The middleware stack, added innermost first."""
    common = settings.common
    # Outermost first: (request id, below) → access log/metrics → limits → gzip → idempotency → unit of work → app
    app.add_middleware(UnitOfWorkMiddleware)
    app.add_middleware(IdempotencyMiddleware)
    # zlib's default level: Starlette's 9 costs about twice the CPU for a few per cent smaller JSON
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    # before anything reads the request: the gateway's token check and proxy, a service's idempotency store
    app.add_middleware(RequestLimitsMiddleware, max_body_bytes=common.max_body_bytes,
                       max_upload_bytes=common.max_upload_bytes, upload_paths=spec.upload_paths)
    app.add_middleware(AccessLogMetricsMiddleware, metrics=app.state.metrics)
    if common.sql_count:  # opt-in (benchmark): nothing is installed when off
        app.add_middleware(SqlCountMiddleware)
    # outside Starlette's own error middleware, so that even a 500 carries X-Request-ID
    build_stack = app.build_middleware_stack
    app.build_middleware_stack = lambda: RequestIdMiddleware(build_stack())  # type: ignore[method-assign]


def _add_problem_schema(app: FastAPI) -> None:
    """Make sure ``#/components/schemas/Problem`` exists for the problem+json responses, and that every
    operation documents the problems it can answer (:func:`tuijin.kernel.openapi.document_problems`)."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = original()
        ensure_problem_schema(schema)
        document_problems(schema)  # every status an operation can answer, as the Problem it is
        document_headers(app.routes, schema)  # If-Match, Idempotency-Key, ETag, Location, Retry-After
        document_binary_answers(schema)  # .docx/.xlsx answers as binary files
        tidy_schema_names(schema)  # AuthLoginForm and UserOutPage, not Body_login_… and Page_UserOut_
        check_operation_ids(schema)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
