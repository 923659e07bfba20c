"""``make bench``: a province-sized data set in PostgreSQL, the five apps as real processes, and the floor; then
latency, throughput and SQL statements per request, side by side, at 1k, 10k and 100k projects, and a scoring
run over 10 000 projects. Prints a table and writes every figure to var/bench.json.

Environment: PG_URL (a server database to connect to; default postgresql://postgres@127.0.0.1:5432/postgres),
BENCH_REQUESTS (measured requests per endpoint, default 300), BENCH_CONCURRENCY (default 16),
BENCH_WARMUP (default 40), BENCH_LIST_REQUESTS (default 5 × BENCH_REQUESTS) and BENCH_ROUNDS (default 10): the
list page's gateway, direct and floor rows, measured in turns over the rounds; BENCH_ONLY (``1k``: the smallest
size alone; ``scoring``: the scoring run alone).
The databases are ``tuijin_bench_<app>``, dropped and made again on each run.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import socket
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.dataset import County, generate, plan_counties  # noqa: E402
from tuijin.kernel.auth import GATEWAY, TokenCodec  # noqa: E402
from tuijin.kernel.keys import PUBLIC_KEYS_VAR, new_key_set, private_key_var  # noqa: E402
from tuijin.kernel.settings import APPS, SERVICES, CommonSettings  # noqa: E402

BIN = Path(sys.executable).parent
LOOPBACK = "127.0.0.1"
PG_URL = os.environ.get("PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "16"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "40"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "10"))
# the list page's rows are compared with each other (gateway ÷ direct): more requests, so that the ratio is not
# the noise of one second on a small machine
LIST_REQUESTS = int(os.environ.get("BENCH_LIST_REQUESTS", str(REQUESTS * 5)))
VAR = ROOT / "var"
LOGS = VAR / "bench-logs"
COUNTY = "410101"  # the county whose list page, dossiers and dashboard are measured (present at every size)
SCORING_COUNTY = County(code="419901", name="评分县", prefecture="419900", projects=10_000, activity=True)
YEAR = 2026


def server_dsn() -> str:
    return PG_URL.replace("postgresql+asyncpg://", "postgresql://", 1)


def db_url(app: str) -> str:
    base = server_dsn().rsplit("/", 1)[0]
    return f"{base.replace('postgresql://', 'postgresql+asyncpg://', 1)}/tuijin_bench_{app}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ------------------------------------------------------------------ databases and processes


async def fresh_databases() -> dict[str, str]:
    conn = await asyncpg.connect(server_dsn())
    try:
        for app in APPS:
            await conn.execute(f"DROP DATABASE IF EXISTS tuijin_bench_{app} WITH (FORCE)")
            await conn.execute(f"CREATE DATABASE tuijin_bench_{app}")
    finally:
        await conn.close()
    return {app: db_url(app) for app in APPS}


class Cluster:
    """The five apps (``tuijin-<app> serve``) and the floor (uvicorn bench.floor:app) on free loopback ports."""

    def __init__(self, urls: dict[str, str]) -> None:
        self.urls = urls
        self.ports = {app: free_port() for app in (*APPS, "floor")}
        keys = new_key_set()
        self.procs: dict[str, asyncio.subprocess.Process] = {}
        env = {k: v for k, v in os.environ.items() if not k.startswith("TUIJIN_")}
        env.update(
            {
                **keys,
                "TUIJIN_BACKGROUND_JOBS": "false",
                "TUIJIN_SQL_COUNT": "true",
                "TUIJIN_VAR_DIR": str(LOGS),
                "TUIJIN_ENVIRONMENT": "production",
                "TUIJIN_GATEWAY_ADMIN_PASSWORD": secrets.token_urlsafe(16),
                "NO_PROXY": "*",
                "no_proxy": "*",
                "TUIJIN_UPSTREAM_READ_TIMEOUT": "120",
            }
        )
        for app in APPS:
            env[f"TUIJIN_{app.upper()}_HOST"] = LOOPBACK
            env[f"TUIJIN_{app.upper()}_PORT"] = str(self.ports[app])
            env[f"TUIJIN_{app.upper()}_DATABASE_URL"] = urls[app]
        for service in SERVICES:
            env[f"TUIJIN_{service.upper()}_URL"] = self.url(service)
        self.env = env
        # the bench's users' tokens are signed with the gateway's key, as a login would have them
        self.codec = TokenCodec(CommonSettings(jwt_public_keys=keys[PUBLIC_KEYS_VAR]), name=GATEWAY,
                                private_key=keys[private_key_var(GATEWAY)])

    def url(self, app: str) -> str:
        return f"http://{LOOPBACK}:{self.ports[app]}"

    def token(self, region: str, *roles: str) -> dict[str, str]:
        claims = {"sub": f"bench:{'-'.join(roles)}:{region}", "roles": list(roles), "region": region, "typ": "access"}
        return {"Authorization": f"Bearer {self.codec.encode(claims, timedelta(hours=3))}"}

    async def _exec(self, name: str, *argv: str, env: dict[str, str] | None = None) -> asyncio.subprocess.Process:
        LOGS.mkdir(parents=True, exist_ok=True)
        with (LOGS / f"{name}.log").open("ab") as out:
            return await asyncio.create_subprocess_exec(
                *argv,
                cwd=ROOT,
                env=env or self.env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=out,
                stderr=asyncio.subprocess.STDOUT,
            )

    async def migrate(self) -> None:
        procs = [await self._exec(f"{app}-migrate", str(BIN / f"tuijin-{app}"), "migrate") for app in APPS]
        codes = await asyncio.wait_for(asyncio.gather(*(p.wait() for p in procs)), 300)
        if any(codes):
            raise SystemExit(f"migrate failed: {dict(zip(APPS, codes, strict=True))}; see {LOGS}")

    async def restart(self, app: str) -> None:
        """Stop one app and start it again (a fresh process: fresh pools), then wait until all are ready."""
        proc = self.procs[app]
        proc.terminate()
        try:
            await asyncio.wait_for(proc.wait(), 15)
        except TimeoutError:
            proc.kill()
            await proc.wait()
        self.procs[app] = await self._exec(app, str(BIN / f"tuijin-{app}"), "serve")
        await self.wait_ready()

    async def start(self) -> None:
        for app in APPS:
            self.procs[app] = await self._exec(app, str(BIN / f"tuijin-{app}"), "serve")
        floor_env = {**self.env, "BENCH_FLOOR_DSN": self.urls["registry"].replace("+asyncpg", "")}
        self.procs["floor"] = await self._exec(
            "floor",
            str(BIN / "uvicorn"),
            "bench.floor:app",
            "--host",
            LOOPBACK,
            "--port",
            str(self.ports["floor"]),
            "--no-access-log",
            "--log-level",
            "warning",
            env=floor_env,
        )
        await self.wait_ready()

    async def wait_ready(self) -> None:
        deadline = time.monotonic() + 120
        async with httpx.AsyncClient(timeout=3.0, trust_env=False) as client:
            while time.monotonic() < deadline:
                dead = {a: p.returncode for a, p in self.procs.items() if p.returncode is not None}
                if dead:
                    raise SystemExit(f"exited early: {dead}; see {LOGS}")
                try:
                    ready = await client.get(f"{self.url('gateway')}/readyz")
                    floor = await client.get(f"{self.url('floor')}/api/v1/projects", params={"region_code": COUNTY})
                    body = ready.json() if ready.status_code == 200 else {}
                    if (
                        floor.status_code == 200
                        and body.get("status") == "ready"
                        and all(body.get("upstreams", {}).get(s) == "ready" for s in SERVICES)
                    ):
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.5)
        raise SystemExit(f"not ready in 120 s; see {LOGS}")

    async def stop(self) -> None:
        for proc in self.procs.values():
            if proc.returncode is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                await asyncio.wait_for(proc.wait(), 15)
            except TimeoutError:
                proc.kill()
                await proc.wait()


# ------------------------------------------------------------------ load


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


Sample = tuple[float, int, str | None, bool | None]  # seconds, status, X-SQL-Statements, complete


async def _load(
    client: httpx.AsyncClient, urls: list[str], headers: dict[str, str], n: int, concurrency: int,
    sink: list[Sample] | None,
) -> float:
    """``n`` GETs (cycling over ``urls``), ``concurrency`` at a time; the wall time."""

    async def one(i: int) -> None:
        started = time.perf_counter()
        resp = await client.get(urls[i % len(urls)], headers=headers)
        elapsed = time.perf_counter() - started
        if sink is not None:
            complete = None
            if resp.status_code == 200 and ("/dossiers/" in str(resp.url) or "/dashboard" in str(resp.url)):
                complete = resp.json().get("complete")
            sink.append((elapsed, resp.status_code, resp.headers.get("x-sql-statements"), complete))

    counter = iter(range(n))

    async def worker() -> None:
        for i in counter:
            await one(i)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started


def _summary(
    sink: list[Sample], wall: float, concurrency: int,
    cpu_before: dict[str, float] | None = None, cpu_after: dict[str, float] | None = None,
) -> dict[str, Any]:
    lat = [s[0] * 1000 for s in sink]
    sql = [int(s[2]) for s in sink if s[2] is not None]
    return {
        "requests": len(sink),
        "concurrency": concurrency,
        "p50_ms": round(pct(lat, 50), 2),
        "p99_ms": round(pct(lat, 99), 2),
        "rps": round(len(sink) / wall, 1),
        "statuses": sorted({s[1] for s in sink}),
        "errors": sum(1 for s in sink if s[1] >= 400),
        "sql_statements": (min(sql), max(sql)) if sql else None,
        "incomplete": sum(1 for s in sink if s[3] is False),
        **({"cpu_ms_per_request": {
            name: round((cpu_after[name] - cpu_before[name]) * 1000 / len(sink), 2) for name in cpu_before
        }} if cpu_before and cpu_after else {}),
    }


async def measure(
    client: httpx.AsyncClient,
    urls: list[str],
    headers: dict[str, str],
    *,
    requests: int = REQUESTS,
    warmup: int = WARMUP,
    concurrency: int = CONCURRENCY,
    cpu_of: dict[str, int] | None = None,
) -> dict[str, Any]:
    """``requests`` GETs (cycling over ``urls``) after ``warmup``, ``concurrency`` at a time. ``cpu_of``
    (name → pid): also the CPU time each of those processes, and this one (the load), spent per request."""
    await _load(client, urls, headers, warmup, concurrency, None)
    sink: list[Sample] = []
    cpu_before = cpu_seconds(cpu_of)
    wall = await _load(client, urls, headers, requests, concurrency, sink)
    return _summary(sink, wall, concurrency, cpu_before, cpu_seconds(cpu_of))


async def measure_in_turns(
    client: httpx.AsyncClient,
    targets: dict[str, list[str]],
    headers: dict[str, str],
    *,
    rounds: int = ROUNDS,
    requests: int = REQUESTS,
    warmup: int = WARMUP,
    concurrency: int = CONCURRENCY,
) -> dict[str, dict[str, Any]]:
    """Endpoints to compare with each other (gateway, direct, floor), measured in turns: ``rounds`` rounds, each
    running every target for its share of ``requests``, so that whatever else the machine does meanwhile falls on
    all of them alike instead of on whichever ran at that moment."""
    sinks: dict[str, list[Sample]] = {name: [] for name in targets}
    walls = dict.fromkeys(targets, 0.0)
    for urls in targets.values():
        await _load(client, urls, headers, warmup, concurrency, None)
    for _ in range(rounds):
        for name, urls in targets.items():
            walls[name] += await _load(client, urls, headers, requests // rounds, concurrency, sinks[name])
    return {name: _summary(sinks[name], walls[name], concurrency) for name in targets}


def cpu_seconds(pids: dict[str, int] | None) -> dict[str, float] | None:
    """User + system CPU seconds of each process (Linux /proc), and of this one as ``load``."""
    if not pids:
        return None
    tick = os.sysconf("SC_CLK_TCK")
    out: dict[str, float] = {}
    try:
        for name, pid in pids.items():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            out[name] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    except (OSError, IndexError, ValueError):
        return None
    times = os.times()
    out["load (this process)"] = times.user + times.system
    return out


async def available(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> tuple[bool, str]:
    """Whether a path is routed at all (a 404 'No route' means the view has not landed)."""
    try:
        resp = await client.get(url, headers=headers)
    except httpx.HTTPError as exc:
        return False, repr(exc)
    if resp.status_code == 404:
        try:
            body = resp.json()
        except ValueError:
            body = {}
        if body.get("code") in ("not_found", None) or str(body.get("detail", "")).startswith("No route"):
            return False, f"404 {body.get('detail', '')}"[:200]
    if resp.status_code >= 400:
        return False, f"{resp.status_code} {resp.text[:200]}"
    return True, ""


def dossier_parts(c: Cluster, pid: str, problem_id: str | None) -> dict[str, str]:
    """The reads a dossier is made of, on their services directly, all made at once by the gateway (the
    registry's five parts in one overview read; the open problems' timelines in one bulk read beside the
    problem list). Mirrors gateway/src/tuijin/gateway/views/dossier.py."""
    r, i, m, s = (c.url(x) for x in ("registry", "issues", "meetings", "scoring"))
    return {
        "registry: project overview": f"{r}/api/v1/projects/{pid}/overview?reports_limit=12",
        "issues: open problems": f"{i}/api/v1/problems?project_id={pid}&open_only=true&limit=200",
        "issues: open problems' timelines": f"{i}/api/v1/problems/timelines?project_id={pid}&open_only=true&limit=50",
        "issues: letters": f"{i}/api/v1/letters?project_id={pid}&limit=50",
        "meetings: meetings": f"{m}/api/v1/meetings?project_id={pid}&limit=50",
        "meetings: decided items": f"{m}/api/v1/decided-items?project_id={pid}&limit=200",
        "scoring: results": f"{s}/api/v1/scoring-runs/subject-results?subject_id={pid}&limit=10",
    }


def dashboard_parts(c: Cluster) -> dict[str, str]:
    """The reads a dashboard is made of, on their services directly. Mirrors gateway/src/tuijin/gateway/views."""
    r, i, m, s = (c.url(x) for x in ("registry", "issues", "meetings", "scoring"))
    on = date.today()
    region = f"region_code={COUNTY}"
    return {
        "registry: statistics": f"{r}/api/v1/statistics?{region}&year={YEAR}",
        "registry: map points": f"{r}/api/v1/statistics/map-points?{region}&year={YEAR}",
        "registry: overdue reports": f"{r}/api/v1/progress-reports/overdue?{region}&limit=200",
        "issues: problems summary": f"{i}/api/v1/problems/summary?{region}",
        "meetings: upcoming": f"{m}/api/v1/meetings?{region}&from={on}&to={on + timedelta(days=14)}&limit=200",
        "meetings: overdue decided items": f"{m}/api/v1/decided-items?{region}&overdue=true&limit=200",
        "scoring: latest published run": f"{s}/api/v1/scoring-runs?{region}&status=published&limit=1",
    }


async def open_problem_of(c: Cluster, client: httpx.AsyncClient, pid: str, headers: dict[str, str]) -> str | None:
    resp = await client.get(
        f"{c.url('issues')}/api/v1/problems", params={"project_id": pid, "limit": 1}, headers=headers
    )
    items = resp.json().get("items", []) if resp.status_code == 200 else []
    return items[0]["id"] if items else None


async def measure_point(c: Cluster, label: str, projects: list[str], *, full: bool) -> dict[str, Any]:
    """Every endpoint at one data size. ``full``: also the dossier's parts and the dashboard."""
    office = c.token("410000", "office")
    gw, reg, floor = c.url("gateway"), c.url("registry"), c.url("floor")
    q = f"region_code={COUNTY}&limit=50"
    out: dict[str, Any] = {}
    limits = httpx.Limits(max_connections=CONCURRENCY * 2, max_keepalive_connections=CONCURRENCY * 2)
    async with httpx.AsyncClient(timeout=60.0, limits=limits, trust_env=False) as client:
        side_by_side = {
            "list page: gateway": [f"{gw}/api/v1/projects?{q}"],
            "list page: registry direct": [f"{reg}/api/v1/projects?{q}"],
            "list page: floor": [f"{floor}/api/v1/projects?{q}"],
        }
        targets = {"list page, whole province: gateway": [f"{gw}/api/v1/projects?limit=50"]}
        dossier_urls = [f"{gw}/api/v1/dossiers/{p}" for p in projects]
        dashboard = [f"{gw}/api/v1/dashboard?region_code={COUNTY}&year={YEAR}"]
        for name, urls in (("dossier: gateway", dossier_urls), ("dashboard: gateway", dashboard)):
            ok, why = await available(client, urls[0], office)
            if ok:
                targets[name] = urls
            else:
                out[name] = {"not_available": why}
        parts: dict[str, list[str]] = {}
        if full or "dossier: gateway" in targets:
            problem = await open_problem_of(c, client, projects[0], office)
            for part, url in dossier_parts(c, projects[0], problem).items():
                ok, why = await available(client, url, office)
                if ok:
                    parts[part] = [url]
                else:
                    out[f"dossier part: {part}"] = {"not_available": why}
            targets.update({f"dossier part: {k}": v for k, v in parts.items()})
        # the fan-out on its own first: one request at a time, so that the dossier's parts do not queue for the CPU
        solo: dict[str, list[str]] = {}
        if "dossier: gateway" in targets:
            solo.update({"dossier: gateway": [dossier_urls[0]], **{f"dossier part: {k}": v for k, v in parts.items()}})
        if "dashboard: gateway" in targets:
            solo["dashboard: gateway"] = dashboard
            for part, url in dashboard_parts(c).items():
                ok, why = await available(client, url, office)
                if ok:
                    solo[f"dashboard part: {part}"] = [url]
                else:
                    out[f"dashboard part: {part} (1 at a time)"] = {"not_available": why}
        if solo:
            pids = {app: p.pid for app, p in c.procs.items() if app in APPS}
            for name, urls in solo.items():
                composed = name in ("dossier: gateway", "dashboard: gateway")  # CPU per process: more requests
                out[f"{name} (1 at a time)"] = await measure(
                    client, urls, office, requests=max(20, REQUESTS // (3 if composed else 10)), warmup=5,
                    concurrency=1, cpu_of=pids if composed else None,
                )
                log(f"{label} {name} (1 at a time): {out[name + ' (1 at a time)']}")
        for name, summary in (await measure_in_turns(client, side_by_side, office, requests=LIST_REQUESTS)).items():
            out[name] = summary
            log(f"{label} {name} (in turns with the others of its page): {summary}")
        for name, urls in targets.items():
            out[name] = await measure(client, urls, office)
            log(f"{label} {name}: {out[name]}")
        # 挂图/档案 after the load: a composed view whose parts were cancelled at its deadline under pool contention
        # can leave the gateway's upstream pool with slots that are never given back (httpcore, see the README)
        if "dossier: gateway" in targets:
            after = await measure(client, [dossier_urls[0]], office, requests=10, warmup=0, concurrency=1)
            out["dossier: gateway, 1 at a time right after the concurrent load"] = after
            log(f"{label} dossier after the load: {after}")
    return out


# ------------------------------------------------------------------ scoring run


async def scoring_run(c: Cluster) -> dict[str, Any]:
    office = c.token(SCORING_COUNTY.code, "office")
    gw = c.url("gateway")
    async with httpx.AsyncClient(base_url=gw, timeout=900.0, trust_env=False) as client:
        resp = await client.post(
            "/api/v1/scoring-schemes/defaults", json={"region_code": SCORING_COUNTY.code}, headers=office
        )
        if resp.status_code >= 400:
            return {"error": f"defaults: {resp.status_code} {resp.text[:300]}"}
        schemes = (
            await client.get(
                "/api/v1/scoring-schemes", params={"region_code": SCORING_COUNTY.code, "limit": 50}, headers=office
            )
        ).json()
        monthly = next(s for s in schemes["items"] if s["code"] == "qingshui-monthly")
        started = time.perf_counter()
        resp = await client.post(
            "/api/v1/scoring-runs", json={"scheme_id": monthly["id"], "period": f"{YEAR}-10"}, headers=office
        )
        elapsed = time.perf_counter() - started
        if resp.status_code != 201:
            return {"error": f"run: {resp.status_code} {resp.text[:500]}", "seconds": round(elapsed, 2)}
        run = resp.json()
        inputs = await client.get(f"/api/v1/scoring-runs/{run['id']}/inputs", headers=office)
        body = inputs.json() if inputs.status_code == 200 else {}
        snapshot = body.get("inputs", body)
        calls = snapshot.get("calls", []) if isinstance(snapshot, dict) else []
        results = await client.get(f"/api/v1/scoring-runs/{run['id']}/results", params={"limit": 3}, headers=office)
        return {
            "scheme": monthly["code"],
            "period": f"{YEAR}-10",
            "projects": SCORING_COUNTY.projects,
            "monthly_reports": SCORING_COUNTY.projects * 12,
            "seconds": round(elapsed, 2),
            "upstream_calls": len(calls),
            "sql_statements": resp.headers.get("x-sql-statements"),
            "subjects_ranked": len(snapshot.get("subjects", {})) if isinstance(snapshot, dict) else None,
            "top": [(r["subject_code"], r["total"], r["rank"]) for r in results.json().get("items", [])],
        }


# ------------------------------------------------------------------ report


def ratio(a: dict[str, Any] | None, b: dict[str, Any] | None, key: str = "p50_ms") -> float | None:
    if not a or not b or key not in a or key not in b or not b[key]:
        return None
    return round(a[key] / b[key], 2)


def table(report: dict[str, Any]) -> str:
    lines = []
    head = f"{'endpoint':70} {'size':>5} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8} {'SQL':>7}"
    lines.append(head)
    lines.append("-" * len(head))
    for label, point in report["points"].items():
        for name, m in point.items():
            if "not_available" in m:
                lines.append(f"{name:70} {label:>5} {'not available':>26}")
                continue
            sql = m["sql_statements"]
            sql_text = "-" if sql is None else (str(sql[0]) if sql[0] == sql[1] else f"{sql[0]}-{sql[1]}")
            err = f"  ({m['errors']} errors, statuses {m['statuses']})" if m["errors"] else ""
            if m.get("incomplete"):
                err += f"  ({m['incomplete']} of {m['requests']} answered with parts missing at the deadline)"
            lines.append(
                f"{name:70} {label:>5} {m['p50_ms']:8.2f} {m['p99_ms']:8.2f} {m['rps']:8.1f} {sql_text:>7}{err}"
            )
    lines.append("")
    for label, r in report["ratios"].items():
        parts = ", ".join(f"{k} {v}" for k, v in r.items())
        lines.append(f"ratios at {label}: {parts}")
    lines.append("")
    for label, point in report["points"].items():
        for name, m in point.items():
            if m.get("cpu_ms_per_request"):
                cpu = m["cpu_ms_per_request"]
                spent = ", ".join(f"{k} {v}" for k, v in cpu.items())
                lines.append(f"CPU per request, {name} at {label} (ms): {spent}; total {sum(cpu.values()):.2f}")
    lines.append("")
    lines.append(
        "dataset: " + ", ".join(f"{k} {v['seconds']} s ({v['rows']} rows)" for k, v in report["generation"].items())
    )
    s = report.get("scoring_run", {})
    if "seconds" in s and "error" not in s:
        lines.append(
            f"scoring run ({s['scheme']} {s['period']}, {s['projects']} projects, {s['monthly_reports']} "
            f"monthly reports): {s['seconds']} s end to end, {s['upstream_calls']} upstream calls, "
            f"{s['sql_statements']} SQL statements"
        )
    elif s:
        lines.append(f"scoring run: {s}")
    return "\n".join(lines)


def ratios(point: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "gateway ÷ direct (list, p50)": ratio(point.get("list page: gateway"), point.get("list page: registry direct")),
        "direct ÷ floor (list, p50)": ratio(point.get("list page: registry direct"), point.get("list page: floor")),
        "gateway ÷ direct (list, req/s inverse)": ratio(
            point.get("list page: registry direct"), point.get("list page: gateway"), "rps"
        ),
    }
    for suffix, label in (("", f"at concurrency {CONCURRENCY}"), (" (1 at a time)", "1 at a time")):
        parts = {
            k: m
            for k, m in point.items()
            if k.startswith("dossier part:")
            and k.endswith(suffix)
            and "p50_ms" in m
            and "2nd stage" not in k
            and (suffix or "(1 at a time)" not in k)
        }
        dossier = point.get(f"dossier: gateway{suffix}")
        if dossier and "p50_ms" in dossier and parts:
            name, slowest = max(parts.items(), key=lambda kv: kv[1]["p50_ms"])
            out[f"dossier ÷ slowest part (p50, {label})"] = ratio(dossier, slowest)
            out[f"slowest part ({label})"] = name
            if suffix:  # one request at a time: what the fan-out could at best be on these processes
                total = sum(m["p50_ms"] for m in parts.values())
                out["dossier ÷ sum of its parts (p50, 1 at a time)"] = round(dossier["p50_ms"] / total, 2)
                per_service: dict[str, float] = {}
                for k, m in parts.items():
                    svc = k.split(":")[1].strip()
                    per_service[svc] = per_service.get(svc, 0) + m["p50_ms"]
                svc, busiest = max(per_service.items(), key=lambda kv: kv[1])
                share = round(dossier["p50_ms"] / busiest, 2)
                out["dossier ÷ busiest service's parts summed (p50, 1 at a time)"] = share
                out["busiest service (1 at a time)"] = svc
                cpu = dossier.get("cpu_ms_per_request")
                if cpu:  # the CPU the dossier costs all processes together, spread over every core at best
                    total_cpu = sum(cpu.values())
                    floor = total_cpu / (os.cpu_count() or 1)
                    out["dossier CPU, all processes (ms per request, 1 at a time)"] = round(total_cpu, 2)
                    out["dossier's CPU floor on these cores (ms)"] = round(floor, 2)
                    out["dossier ÷ its CPU floor (p50, 1 at a time)"] = round(dossier["p50_ms"] / floor, 2)
    return out


async def main() -> None:
    report: dict[str, Any] = {
        "concurrency": CONCURRENCY,
        "requests_per_endpoint": REQUESTS,
        "warmup": WARMUP,
        "sql_count_on": True,
        "cpus": os.cpu_count(),
        "points": {},
        "ratios": {},
        "generation": {},
    }
    shutil.rmtree(LOGS, ignore_errors=True)
    log("databases and migrations")
    urls = await fresh_databases()
    cluster = Cluster(urls)
    await cluster.migrate()

    async def grow(label: str, counties: list[County]) -> dict[str, Any]:
        started = time.perf_counter()
        out = await generate(urls, counties)
        seconds = round(time.perf_counter() - started, 2)
        report["generation"][label] = {"seconds": seconds, "rows": sum(out["rows"].values()), "tables": out["rows"]}
        log(f"generated {label} in {seconds} s: {out['rows']}")
        return out

    if os.environ.get("BENCH_ONLY") == "scoring":  # the scoring run alone (quicker, while working on it)
        await grow("scoring county", [SCORING_COUNTY])
        await cluster.start()
        try:
            report["scoring_run"] = await scoring_run(cluster)
            log(f"scoring run: {report['scoring_run']}")
            report["scoring_run_again"] = await scoring_run(cluster)
            log(f"scoring run again (version 2, with what moved): {report['scoring_run_again']}")
        finally:
            await cluster.stop()
        return
    first = await grow("1k", plan_counties("41", 0, 10, 100, activity=True))
    projects = [str(p) for p in first["project_ids"][COUNTY][:50]]
    log("starting the apps and the floor")
    await cluster.start()
    try:
        report["points"]["1k"] = await measure_point(cluster, "1k", projects, full=True)
        if os.environ.get("BENCH_ONLY") == "1k":  # the smallest size alone (quicker, while working on it)
            return finish(report)
        await grow("10k", plan_counties("41", 10, 90, 100, activity=True))
        await cluster.restart("gateway")  # each size starts with fresh upstream pools (see the dossier probe)
        report["points"]["10k"] = await measure_point(cluster, "10k", projects, full=True)
        await grow("scoring county", [SCORING_COUNTY])
        await cluster.restart("gateway")
        log("scoring run")
        report["scoring_run"] = await scoring_run(cluster)
        log(f"scoring run: {report['scoring_run']}")
        await grow("100k", plan_counties("41", 100, 80, 1000, activity=False))
        await cluster.restart("gateway")
        report["points"]["100k"] = await measure_point(cluster, "100k", projects, full=True)
    finally:
        await cluster.stop()
    finish(report)


def finish(report: dict[str, Any]) -> None:
    report["ratios"] = {label: ratios(point) for label, point in report["points"].items()}
    VAR.mkdir(exist_ok=True)
    (VAR / "bench.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print()
    print(table(report))
    print(f"\nfigures: {VAR / 'bench.json'}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--table"]:  # print the table of the last run again, from var/bench.json
        print(table(json.loads((VAR / "bench.json").read_text())))
    else:
        asyncio.run(main())
