"""The gateway app: accounts and tokens, the reverse proxy, the merged OpenAPI."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from starlette.responses import Response

from tuijin.gateway.accounts import ensure_first_admin
from tuijin.gateway.clocks import router as clocks_router
from tuijin.gateway.console import install_console
from tuijin.gateway.endpoints import auth_router, users_router
from tuijin.gateway.enums import gateway_enum_catalog
from tuijin.gateway.enums import router as enums_router
from tuijin.gateway.messages import LABELS, MESSAGES
from tuijin.gateway.models import kernel
from tuijin.gateway.openapi import MergedOpenAPI
from tuijin.gateway.organisation import UPLOAD_PATHS as ORGANISATION_UPLOAD_PATHS
from tuijin.gateway.organisation import router as organisation_router
from tuijin.gateway.passwordguard import PasswordChangeGuard
from tuijin.gateway.proxy import ProxyMiddleware, proxy
from tuijin.gateway.routing import UPLOAD_PATHS
from tuijin.gateway.settings import GatewaySettings
from tuijin.gateway.views.endpoints import router as views_router
from tuijin.kernel.app import ServiceSpec, create_service_app
from tuijin.kernel.docs import install_docs
from tuijin.kernel.settings import SERVICES, load_settings

PROXY_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


async def _upstream_readiness(app: FastAPI) -> dict[str, Any]:
    async def check(name: str) -> tuple[str, str]:
        try:
            await app.state.upstreams.get_json(name, "/readyz", deadline=2.0, retries=0)
            return name, "ready"
        except Exception:
            return name, "unavailable"

    results = dict(await asyncio.gather(*(check(s) for s in SERVICES)))
    return {"upstreams": results, "status": "ready" if all(v == "ready" for v in results.values()) else "degraded"}


def _configure(app: FastAPI) -> None:
    settings: GatewaySettings = app.state.settings
    app.state.readiness_extra = _upstream_readiness
    app.state.merged_openapi = MergedOpenAPI(settings.openapi_cache_seconds)

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi_json(request: Request) -> Response:
        return Response(await request.app.state.merged_openapi.get(request.app), media_type="application/json")

    # Swagger UI and ReDoc of the merged spec, from the gateway's own assets (no CDN: intranets have no internet)
    install_docs(app, title="Tuijin API", init_oauth={"usePkceWithAuthorizationCodeGrant": False})

    app.add_api_route("/api/v1/{path:path}", proxy, methods=PROXY_METHODS, include_in_schema=False)
    app.add_middleware(ProxyMiddleware)  # added first: innermost, inside CORS and the kernel's middleware
    app.add_middleware(PasswordChangeGuard)  # around the proxy and the gateway's routes
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=True,
                           allow_methods=["*"], allow_headers=["*"],
                           expose_headers=["ETag", "Location", "X-Request-ID", "Idempotent-Replayed"])
    install_console(app)  # the web console at / (web/dist), after every other route


async def _first_admin(app: FastAPI) -> None:
    await ensure_first_admin(app.state.sessionmaker, app.state.settings)


SPEC = ServiceSpec(
    name="gateway",
    messages=MESSAGES,
    field_labels=LABELS,
    title="Tuijin gateway",
    description="Accounts, login, routing to the four services, composed views and the merged OpenAPI.",
    migrations_package="tuijin.gateway",
    kernel_tables=kernel,
    # before the catch-all proxy
    routers=[auth_router, users_router, views_router, organisation_router, enums_router, clocks_router],
    enum_catalog=gateway_enum_catalog(),
    upstreams=list(SERVICES),
    upload_paths=(*UPLOAD_PATHS, *ORGANISATION_UPLOAD_PATHS),
    on_startup=[_first_admin],
    configure=_configure,
    docs=False,
    receives_events=False,
)


def create_app(settings: GatewaySettings | None = None, **kwargs: Any) -> FastAPI:
    return create_service_app(SPEC, settings or load_settings("gateway", GatewaySettings), **kwargs)
