"""Swagger UI and ReDoc served by the app itself: on an intranet without internet the pages still render.

The assets (``swagger-ui-bundle.js``, ``swagger-ui.css``, ``redoc.standalone.js`` and a favicon) come from the
``fastapi-offline`` package, installed with the app, and are served under :data:`DOCS_ASSETS`; the pages name
only paths of the app (nothing from a CDN, no web fonts, no Swagger validator badge)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.staticfiles import StaticFiles
from starlette.responses import HTMLResponse

DOCS_ASSETS = "/docs-assets"
ASSETS_DIR = Path(fastapi_offline.__file__).parent / "static"
ASSET_FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "favicon.png")

SWAGGER_UI_PARAMETERS: dict[str, Any] = {
    # Swagger UI asks validator.swagger.io for a badge by default: not on an intranet
    "validatorUrl": None,
    "persistAuthorization": True,
}


def install_docs(app: FastAPI, *, title: str, openapi_url: str = "/openapi.json",
                 init_oauth: dict[str, Any] | None = None) -> None:
    """Mount the assets and add ``/docs`` (Swagger UI), its OAuth2 redirect page and ``/redoc`` to ``app``."""
    missing = [name for name in ASSET_FILES if not (ASSETS_DIR / name).is_file()]
    if missing:  # a broken install, not a state to run in: the pages would be blank
        raise RuntimeError(f"fastapi-offline lacks the docs assets {missing} in {ASSETS_DIR}")
    app.mount(DOCS_ASSETS, StaticFiles(directory=ASSETS_DIR), name="docs-assets")
    redirect = "/docs/oauth2-redirect"

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{openapi_url}", title=f"{title} – Swagger UI",
            swagger_js_url=f"{root}{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{root}{DOCS_ASSETS}/favicon.png",
            oauth2_redirect_url=f"{root}{redirect}", init_oauth=init_oauth,
            swagger_ui_parameters=SWAGGER_UI_PARAMETERS,
        )

    @app.get(redirect, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{openapi_url}", title=f"{title} – ReDoc",
            redoc_js_url=f"{root}{DOCS_ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{DOCS_ASSETS}/favicon.png", with_google_fonts=False,
        )
