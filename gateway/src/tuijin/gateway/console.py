"""The web console (网页控制台) at ``/``: the files Vite built into ``web/dist``, served by the gateway.

* A file of the build is sent as it is; the hashed ``/assets/...`` files are cached for a year (their names
  change with their content), ``index.html`` is revalidated on every load (it names the current assets).
* Any other path without a file extension is a page of the console (vue-router's history mode): ``index.html``,
  and the console's router shows the page or its own "不存在" page.
* Only GET and HEAD of a path no route of the gateway matches reach the console: ``/api/...``,
  ``/docs``, ``/redoc``, ``/openapi.json``, ``/healthz``, ``/readyz``, ``/metrics`` keep their meaning, and their
  404 and 405 answers stay what they were (the console is a middleware in front of the routes, not a catch-all
  route, which would turn a wrong method anywhere into a 405 of its own).
* No build yet: a short Chinese page saying how to build it (503), not a 500.

The folder is ``TUIJIN_GATEWAY_CONSOLE_DIR`` when set, else ``web/dist`` of the source tree.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

from tuijin.kernel.errors import NotFound, problem_response

DEFAULT_DIR = Path(__file__).resolve().parents[4] / "web" / "dist"
IMMUTABLE = "public, max-age=31536000, immutable"

NOT_BUILT = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>推进 · 网页控制台尚未构建</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.7">
<h1>网页控制台尚未构建</h1>
<p>在源码目录运行 <code>make web</code>（或 <code>make run</code>，它会先构建控制台）后刷新本页。</p>
<p>The web console is not built yet: run <code>make web</code> (or <code>make run</code>) in the source tree.</p>
<p>接口文档：<a href="/docs">/docs</a></p>
</body></html>
"""


def console_dir() -> Path:
    return Path(os.environ.get("TUIJIN_GATEWAY_CONSOLE_DIR") or DEFAULT_DIR)


def _file_of(root: Path, path: str) -> Path | None:
    """The build's file at ``path``, never a file outside the build folder."""
    if not path:
        return None
    candidate = (root / path).resolve()
    if not candidate.is_relative_to(root.resolve()) or not candidate.is_file():
        return None
    return candidate


def console_response(request: Request, path: str) -> Response:
    """A file of the console's build, or its ``index.html`` for a page path."""
    root = console_dir()
    index = root / "index.html"
    if not index.is_file():
        return HTMLResponse(NOT_BUILT, status_code=503, headers={"Cache-Control": "no-store"})
    found = _file_of(root, path)
    if found is not None and found.name != "index.html":
        cache = IMMUTABLE if path.startswith("assets/") else "no-cache"
        return FileResponse(found, headers={"Cache-Control": cache})
    if "." in path.rsplit("/", 1)[-1]:  # a missing file (e.g. an old asset), not a page
        return problem_response(NotFound("No such file.").to_problem(request))
    return FileResponse(index, headers={"Cache-Control": "no-cache"})


def _routed(gateway: FastAPI, scope: Scope) -> bool:
    """Whether a route of the gateway answers this path (for any method): then the console stays out of it."""
    if scope["path"].startswith("/api/"):  # the proxy's and the gateway's API: no need to ask every route
        return True
    return any(route.matches(scope)[0] != Match.NONE for route in gateway.router.routes)


class ConsoleMiddleware:
    """Answers GET and HEAD of the paths no route of the gateway uses; hands every other request on unchanged."""

    def __init__(self, app: ASGIApp, gateway: FastAPI) -> None:
        self.app = app
        self.gateway = gateway

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or _routed(self.gateway, scope):
            await self.app(scope, receive, send)
            return
        await console_response(Request(scope, receive), scope["path"].lstrip("/"))(scope, receive, send)


def install_console(app: FastAPI) -> None:
    """Serve the console in front of the gateway's routes (added here: inside the kernel's middleware, so gzip,
    the request id and the access log apply)."""
    app.add_middleware(ConsoleMiddleware, gateway=app)
