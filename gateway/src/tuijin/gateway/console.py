"""The web console (网页控制台) at ``/``: the files Vite built into ``web/dist``, served by the gateway.

* A file of the build is sent as it is; the hashed ``/assets/...`` files are cached for a year (their names
  change with their content), ``index.html`` is revalidated on every load (it names the current assets).
* Any other path without a file extension is a page of the console (vue-router's history mode): ``index.html``,
  and the console's router shows the page or its own "不存在" page.
* ``/api/...``, ``/docs``, ``/redoc``, ``/openapi.json``, ``/healthz``, ``/readyz``, ``/metrics`` are routed
  before this catch-all and keep their meaning; an unknown ``/api/...`` path stays a 404 problem.
* No build yet: a short Chinese page saying how to build it (503), not a 500.

The folder is ``TUIJIN_GATEWAY_CONSOLE_DIR`` when set, else ``web/dist`` of the source tree.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI, Request
from starlette.responses import FileResponse, HTMLResponse, Response

from tuijin.kernel.errors import NotFound

DEFAULT_DIR = Path(__file__).resolve().parents[4] / "web" / "dist"
RESERVED = ("api/", "docs", "redoc", "openapi.json", "healthz", "readyz", "metrics")
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


async def console(request: Request, path: str) -> Response:
    """A file of the console's build, or its ``index.html`` for a page path."""
    if path.startswith(RESERVED):
        raise NotFound("No such path.")
    root = console_dir()
    index = root / "index.html"
    if not index.is_file():
        return HTMLResponse(NOT_BUILT, status_code=503, headers={"Cache-Control": "no-store"})
    found = _file_of(root, path)
    if found is not None and found.name != "index.html":
        cache = IMMUTABLE if path.startswith("assets/") else "no-cache"
        return FileResponse(found, headers={"Cache-Control": cache})
    if "." in path.rsplit("/", 1)[-1]:  # a missing file (e.g. an old asset), not a page
        raise NotFound("No such file.")
    return FileResponse(index, headers={"Cache-Control": "no-cache"})


def install_console(app: FastAPI) -> None:
    """Mount the console last: every other route is matched before it."""
    app.add_api_route("/{path:path}", console, methods=["GET", "HEAD"], include_in_schema=False)
