"""Fuzz every operation of the merged OpenAPI document of a fresh instance with schemathesis.

The five apps are started as real processes the way ``make run`` starts them (``tests/processes/cluster.py``:
free loopback ports, one fresh SQLite file per app), the demo county (栾川县, 410324) is loaded into the
registry, the admin logs in and creates an office account for the demo county, and schemathesis runs over
``GET /openapi.json`` of the gateway twice: once with the admin's token, once with the office's.

Every run is bounded: at most ``--examples`` cases per operation and phase, at most ``--max-time`` seconds
per role (schemathesis stops generating then), each request at most ``--request-timeout`` seconds, and the
schemathesis process is killed if it outlives its budget by a minute.

It prints, per role and in total: the operations tested, the cases sent, the 5xx answers and the
violations by check (status codes, content types, response schemas, ...), then the operations that
answered 5xx. The exit code is 1 when any answer was a 5xx (or schemathesis could not run), 0 otherwise:
the other checks are reported, not failed on, unless ``--strict`` is given.

    python scripts/fuzz.py                      # the full run (make fuzz)
    python scripts/fuzz.py --examples 3 --max-time 75   # the short one (make fuzz-ci)

Environment: FUZZ_EXAMPLES, FUZZ_MAX_TIME, FUZZ_SEED, FUZZ_WORKERS give the defaults of the options.
Reports (schemathesis's NDJSON event stream, one per role, and the apps' logs) are kept in ``--out``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.pop("TUIJIN_TEST_PG_URL", None)  # the cluster helper reads it at import: always SQLite here

import httpx  # noqa: E402

from tests.processes.cluster import Cluster, running_cluster  # noqa: E402
from tuijin.kernel.demo import DEMO_REGION, demo_id  # noqa: E402

BIN = Path(sys.executable).parent
SEED_TIMEOUT = 180.0
SCHEMA_TIMEOUT = 120.0
OFFICE_UNIT = "栾川县发展和改革委员会"
# checks run on every answer; CI fails on the first only, the full run reports all of them
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
)
SERVER_ERROR = "not_a_server_error"


@dataclass
class RoleResult:
    role: str
    operations: set[str] = field(default_factory=set)
    cases: int = 0
    server_errors: int = 0
    violations: Counter[str] = field(default_factory=Counter)
    failing: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    samples: dict[tuple[str, str], str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    exit_code: int | None = None
    seconds: float = 0.0


def _env_default(name: str, default: str) -> str:
    return os.environ.get(name) or default


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--examples", type=int, default=int(_env_default("FUZZ_EXAMPLES", "30")),
                   help="most cases per operation and phase (FUZZ_EXAMPLES, default 30)")
    p.add_argument("--max-time", type=int, default=int(_env_default("FUZZ_MAX_TIME", "480")),
                   help="seconds of fuzzing per role (FUZZ_MAX_TIME, default 480)")
    p.add_argument("--seed", type=int, default=int(_env_default("FUZZ_SEED", "13")),
                   help="random seed, for a run that can be repeated (FUZZ_SEED, default 13)")
    p.add_argument("--workers", type=int, default=int(_env_default("FUZZ_WORKERS", "2")),
                   help="concurrent schemathesis workers (FUZZ_WORKERS, default 2)")
    p.add_argument("--request-timeout", type=float, default=30.0, help="seconds per request (default 30)")
    p.add_argument("--roles", default="admin,office", help="comma-separated: admin, office")
    p.add_argument("--phases", default="examples,coverage,fuzzing", help="schemathesis phases")
    p.add_argument("--include-path-regex", default=None, help="fuzz only the paths matching this")
    p.add_argument("--out", type=Path, default=ROOT / "var" / "fuzz", help="where reports and logs go")
    p.add_argument("--list", choices=("5xx", "all"), default="all",
                   help="which operations to list at the end: those that answered 5xx, or every one with a violation")
    p.add_argument("--strict", action="store_true", help="fail on any violation, not only on 5xx")
    return p.parse_args(argv)


async def _no_database(label: str) -> str:  # SQLite: each app keeps its file in the cluster's folder
    raise AssertionError(f"no database server is used by the fuzz run ({label})")


def seed_demo(cluster: Cluster) -> None:
    """The demo county's units, people and projects, so that by-id operations meet real records."""
    proc = subprocess.run([str(BIN / "tuijin-registry"), "seed-demo"], cwd=cluster.var_dir, env=cluster.env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=SEED_TIMEOUT)
    if proc.returncode != 0:
        raise SystemExit(f"registry seed-demo failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")


async def tokens(cluster: Cluster) -> dict[str, str]:
    """Log in as admin, create an office account of the demo county and log in as it."""
    async with httpx.AsyncClient(base_url=cluster.gateway, timeout=15.0, trust_env=False) as client:
        async def login(username: str, password: str) -> str:
            resp = await client.post("/api/v1/auth/token", data={"username": username, "password": password})
            if resp.status_code != 200:
                raise SystemExit(f"login of {username} failed: {resp.status_code} {resp.text[:300]}")
            return resp.json()["access_token"]

        admin = await login("admin", cluster.admin_password)
        office_password = secrets.token_urlsafe(16)
        resp = await client.post("/api/v1/users", headers={"Authorization": f"Bearer {admin}"}, json={
            "username": "fuzz.office", "display_name": "栾川县重点项目办 测试", "password": office_password,
            "roles": ["office"], "region_code": DEMO_REGION, "unit_id": str(demo_id("unit", OFFICE_UNIT)),
        })
        if resp.status_code != 201:
            raise SystemExit(f"creating the office account failed: {resp.status_code} {resp.text[:300]}")
        return {"admin": admin, "office": await login("fuzz.office", office_password)}


def fetch_schema(gateway: str, path: Path) -> str:
    """The merged OpenAPI, read once into a file: schemathesis's own read gives up after 10 s, which merging the
    services' documents on a loaded machine can take."""
    with httpx.Client(timeout=SCHEMA_TIMEOUT, trust_env=False) as client:
        resp = client.get(f"{gateway}/openapi.json")
        resp.raise_for_status()
    path.write_bytes(resp.content)
    return str(path)


def schemathesis_command(args: argparse.Namespace, schema: str, base_url: str, token: str, report: Path) -> list[str]:
    cmd = [
        str(BIN / "schemathesis"), "run", schema,
        "--url", base_url,
        "--header", f"Authorization: Bearer {token}",
        "--checks", ",".join(CHECKS),
        "--phases", args.phases,
        "--max-examples", str(args.examples),
        "--max-time", str(args.max_time),
        "--seed", str(args.seed),
        "--workers", str(args.workers),
        "--request-timeout", str(args.request_timeout),
        "--suppress-health-check", "all",
        "--continue-on-failure",
        "--no-shrink",
        "--report", "ndjson",
        "--report-ndjson-path", str(report),
        "--output-truncate", "true",
        "--warnings", "off",
        "--no-color",
    ]
    if args.include_path_regex:
        cmd += ["--include-path-regex", args.include_path_regex]
    return cmd


def summarise(role: str, report: Path) -> RoleResult:
    """Read schemathesis's NDJSON event stream into the figures printed.

    A ``ScenarioFinished`` event records its operation's ``label``, the ``interactions`` (request and
    response, by case id) and the ``checks`` run on each case; a case counts once per failed check."""
    result = RoleResult(role)
    if not report.exists():
        result.errors.append("no report was written")
        return result
    for line in report.read_text(errors="replace").splitlines():
        if not line.strip():
            continue
        event = json.loads(line)
        kind, body = next(iter(event.items()))
        if kind == "ScenarioFinished":
            recorder = body.get("recorder") or {}
            label = recorder.get("label") or "?"
            interactions = recorder.get("interactions") or {}
            result.operations.add(label)
            result.cases += len(interactions)
            for interaction in interactions.values():
                status = (interaction.get("response") or {}).get("status_code")
                if isinstance(status, int) and status >= 500:
                    result.server_errors += 1
                    result.samples.setdefault((label, f"answered {status}"), _request_line(interaction))
                    result.failing[label][f"answered {status}"] += 1
            for case_id, checks in (recorder.get("checks") or {}).items():
                for name in {c["name"] for c in checks if c.get("status") == "failure"}:
                    result.violations[name] += 1
                    result.failing[label][name] += 1
                    failure = next((c.get("failure_info") or {} for c in checks
                                    if c["name"] == name and c.get("status") == "failure"), {})
                    title = (failure.get("failure") or {}).get("title", "")
                    sample = interactions.get(case_id)
                    result.samples.setdefault((label, name), f"{title}: {_request_line(sample)}" if sample else title)
        elif kind == "NonFatalError":
            result.errors.append(f"{body.get('label', '?')}: {str(body.get('info') or body.get('value') or '')[:200]}")
        elif kind == "FatalError":
            result.errors.append(f"fatal: {str(body.get('exception') or body)[:300]}")
    return result


def _request_line(interaction: dict) -> str:
    request = interaction.get("request") or {}
    status = (interaction.get("response") or {}).get("status_code", "no answer")
    uri = request.get("uri", "")
    uri = uri.split("/", 3)[-1] if uri.startswith("http") else uri
    return f"{request.get('method', '')} /{uri[:160]} -> {status}"


def run_role(args: argparse.Namespace, schema: str, base_url: str, role: str, token: str) -> RoleResult:
    report = args.out / f"schemathesis-{role}.ndjson"
    report.unlink(missing_ok=True)
    started = time.monotonic()
    log = args.out / f"schemathesis-{role}.log"
    print(f"== fuzz as {role}: at most {args.examples} cases per operation and phase, {args.max_time} s", flush=True)
    with log.open("w") as out:
        proc = subprocess.Popen(schemathesis_command(args, schema, base_url, token, report), stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=_plain_env(),
                                cwd=args.out)  # schemathesis keeps its .schemathesis folder there
        try:
            code = proc.wait(timeout=args.max_time + 60 + args.request_timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = proc.wait()
    result = summarise(role, report)
    result.exit_code = code
    result.seconds = time.monotonic() - started
    if code not in (0, 1):  # 1: some check failed; anything else: schemathesis itself could not run
        result.errors.append(f"schemathesis exited {code}; see {log}")
    return result


def _plain_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUIJIN_")}
    env.update({"NO_PROXY": "*", "no_proxy": "*", "NO_COLOR": "1"})
    return env


def print_result(results: list[RoleResult], brief: bool = False) -> None:
    """The figures; ``brief`` lists only the operations that answered 5xx."""
    print("\n== fuzz results")
    total_ops: set[str] = set()
    total = Counter()
    for r in results:
        total_ops |= r.operations
        total["cases"] += r.cases
        total["5xx"] += r.server_errors
        print(f"{r.role}: {len(r.operations)} operations, {r.cases} cases, {r.server_errors} answers 5xx, "
              f"{r.seconds:.0f} s")
        for name in CHECKS:
            print(f"    {name:32} {r.violations.get(name, 0)}")
        for err in r.errors[:20]:
            print(f"    error: {err}")
    print(f"total: {len(total_ops)} operations, {total['cases']} cases, {total['5xx']} answers 5xx")
    for r in results:
        if not r.failing:
            continue
        print(f"\n-- operations {'answering 5xx' if brief else 'with violations'} as {r.role} (check: cases)")
        for label in sorted(r.failing, key=lambda k: (-r.failing[k].get(SERVER_ERROR, 0), k)):
            if not r.failing[label].get(SERVER_ERROR) and brief:
                continue
            counts = ", ".join(f"{n}: {c}" for n, c in sorted(r.failing[label].items()))
            print(f"  {label}  [{counts}]")
            for name in r.failing[label]:
                sample = None if name == SERVER_ERROR else r.samples.get((label, name))
                if sample:
                    print(f"      {name}: {sample[:200]}")


async def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    cluster_dir = args.out / "cluster"
    shutil.rmtree(cluster_dir, ignore_errors=True)
    cluster_dir.mkdir()
    extra = {
        "TUIJIN_ACCESS_TOKEN_TTL_SECONDS": str(2 * args.max_time + 600),  # the tokens outlive the run
    }
    started = time.monotonic()
    async with running_cluster(cluster_dir, _no_database, extra_env=extra) as cluster:
        print(f"apps up in {time.monotonic() - started:.0f} s; gateway {cluster.gateway}", flush=True)
        await asyncio.to_thread(seed_demo, cluster)
        bearer = await tokens(cluster)
        schema = await asyncio.to_thread(fetch_schema, cluster.gateway, args.out / "openapi.json")
        results = []
        for role in [r.strip() for r in args.roles.split(",") if r.strip()]:
            results.append(await asyncio.to_thread(run_role, args, schema, cluster.gateway, role, bearer[role]))
        exited = {app: p.returncode for app, p in cluster.procs.items() if p.returncode is not None}
    print_result(results, brief=args.list == "5xx")
    failed = any(r.server_errors or (r.exit_code not in (0, 1)) for r in results) or bool(exited)
    if exited:
        print(f"apps exited during the run: {exited}")
    if args.strict and any(r.violations for r in results):
        failed = True
    print(f"\nfuzz: {'FAILED' if failed else 'ok'} in {time.monotonic() - started:.0f} s; reports in {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
