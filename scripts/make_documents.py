"""One of every document the API offers, for the demo county, in ``var/documents/`` (``make documents``), and
their PDFs where LibreOffice is installed: what a county office would download, print and send, to look at.

1. The five apps are started as real processes the way ``make run`` starts them (``tests/processes/cluster.py``:
   free loopback ports, one fresh SQLite file per app in ``var/documents-cluster/``), with the clock
   controllable so that a meeting can be held.
2. The demo county is loaded as ``make seed`` loads it (``tuijin-gateway seed-demo``, ``tuijin-registry
   seed-demo``) and given the activity of ``make run`` (``scripts/demo_activity.py``: problems, the three grades
   of letters, an upcoming county meeting, last month's published ranking). Then the county meeting is held
   (notice, agenda, the clocks moved to its afternoon, attendance with a proxy, minutes with decided items
   published), an interview and an inspection are recorded, so that every document has something in it.
3. The download operations are read from the gateway's merged OpenAPI document (every ``GET`` answering .docx
   or .xlsx), so a document added to any service is fetched too; each is called as the county office (lc.office)
   with the region, the held meeting, the first letter, interview, inspection and ranking, and the meeting's month. Each
   file is saved under the Chinese name its ``Content-Disposition`` gives (``filename*``).
4. ``soffice --headless --convert-to pdf`` writes ``var/documents/pdf/`` when LibreOffice is installed;
   otherwise the step is skipped with a message.

Exit code 0 when every download operation gave a document, 1 otherwise (the output says which and why).

为演示县生成每一种文档（.docx 与 .xlsx）到 var/documents/，装有 LibreOffice 时同时转换为 PDF。
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import httpx

from tuijin.kernel.clock import SHANGHAI

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import demo_activity  # noqa: E402

if TYPE_CHECKING:
    from tests.e2e.driver import Desk

REGION = demo_activity.REGION
PASSWORD = "month-end-to-end-1"
"""The demo accounts' password here: the end-to-end driver's (tests/e2e/driver.py), so that its logins work."""
OUT = ROOT / "var" / "documents"
CLUSTER_DIR = ROOT / "var" / "documents-cluster"
ENV = {
    "TUIJIN_CLOCK_CONTROL": "true",
    "TUIJIN_DEMO_PASSWORD": PASSWORD,
}
MEDIA = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}
SEED_TIMEOUT = 180.0
SOFFICE_TIMEOUT = 600
OFFICE = "lc.office"


def log(message: str) -> None:
    print(f"documents: {message}", flush=True)


async def _no_database(label: str) -> str:  # SQLite: each app keeps its file in the cluster's folder
    raise AssertionError(f"no database server is used here ({label})")


async def seed_demo(d: Desk) -> None:
    """``make seed``: the demo accounts (gateway) and the demo county (registry)."""
    for app in ("gateway", "registry"):
        proc = await d.cluster.start(app, "seed-demo")
        code = await asyncio.wait_for(proc.wait(), SEED_TIMEOUT)
        if code != 0:
            raise d.fail(f"{app} seed-demo exited {code}\n" + d.cluster.logs(f"{app}-seed-demo"))
    log("demo county and accounts loaded")


def demo_activity_on(gateway: str) -> None:
    """``make run``'s demo activity (problems, letters, an upcoming county meeting, last month's ranking)."""
    with httpx.Client(base_url=gateway, timeout=60.0, trust_env=False) as client:
        demo_activity.wait_ready(client)
        demo_activity.seed(client, PASSWORD)


async def hold_the_county_meeting(d: Desk) -> dict[str, Any]:
    """The demo's upcoming county meeting taken to held (the clocks moved to its afternoon), attendance recorded
    (one unit sends someone else, one sends nobody), minutes with decided items published."""
    today = datetime.now(SHANGHAI).date()
    meetings = await d.items("/api/v1/meetings", OFFICE, region_code=REGION, **{
        "from": today.isoformat(), "to": (today + timedelta(days=30)).isoformat()})
    meeting = next(m for m in meetings if m["meeting_type"] == "county_meeting")
    path = f"/api/v1/meetings/{meeting['id']}"
    for to in ("notice_sent", "agenda_frozen"):
        await d.post(f"{path}/status-changes", {"to": to}, OFFICE, expect=201)
    await d.at(meeting["meeting_date"], "17:30")
    await d.post(f"{path}/status-changes", {"to": "held"}, OFFICE, expect=201)
    units = await d.items("/api/v1/units", OFFICE, region_code=REGION)
    names = {u["id"]: u["name"] for u in units}
    invited = [i["unit_id"] for i in (await d.get(path, OFFICE)).get("invitations", [])]
    records = []  # the service works out each status (the expected head: present; anyone else: proxy)
    for n, unit_id in enumerate(invited):
        if n == 1:
            records.append({"unit_id": unit_id, "attendee_name": "王科长", "note": "主要负责人未到会"})
        elif n == 2:
            records.append({"unit_id": unit_id, "attendee_name": ""})  # nobody came: absent
        else:
            records.append({"unit_id": unit_id, "attendee_name": f"{names.get(unit_id, '')[3:5]}主要负责人"})
    await d.call("PUT", f"{path}/attendance", OFFICE, json={"records": records})
    due = date.fromisoformat(meeting["meeting_date"]) + timedelta(days=15)
    owners = invited[:2] or list(names)[:2]
    await d.call("PUT", f"{path}/minutes", OFFICE, json={
        "summary": "会议听取了重点项目建设进展情况汇报，研究解决了项目推进中的突出问题。",
        "decided_items": [
            {"title": "完成项目用地预审并报批", "owner_unit_id": owners[0], "due_date": due.isoformat()},
            {"title": "协调专项债资金拨付到位", "owner_unit_id": owners[-1], "due_date": due.isoformat()},
        ]})
    await d.post(f"{path}/minutes/publication", None, OFFICE, expect=(200, 201))
    log(f"the county meeting of {meeting['meeting_date']} held, attendance recorded, minutes published")
    return meeting


async def record_an_interview(d: Desk) -> None:
    projects = await d.get("/api/v1/projects", OFFICE, params={"region_code": REGION, "limit": 10})
    project = projects["items"][7]
    units = {u["id"]: u["name"] for u in await d.items("/api/v1/units", OFFICE, region_code=REGION)}
    await d.post("/api/v1/interviews", {
        "region_code": REGION, "project_id": project["id"], "interviewee_kind": "unit_head",
        "interviewee_name": "张某某", "interviewee_title": f"{units.get(project['responsible_unit_id'], '')}主要负责人",
        "unit_id": project["responsible_unit_id"], "reasons": ["started_not_moving"], "held_on": d.today.isoformat(),
        "location": "县委常委会议室", "interviewer": "县委书记", "summary": "项目开工后长期停滞，进度严重滞后。",
        "commitments": "本月底前全面复工，倒排工期，每周报送进展。",
        "rectification_due_on": (d.today + timedelta(days=20)).isoformat()}, "lc.supervisor", expect=201)
    log("an interview recorded")


async def record_an_inspection(d: Desk) -> None:
    """A periodic inspection (定期督查) of two projects, recorded with one finding put on the ladder and one closed
    on the spot, for its 《项目督查专报》 and the month's 督查通报."""
    projects = (await d.get("/api/v1/projects", OFFICE, params={"region_code": REGION, "limit": 10}))["items"][5:7]
    planned = await d.post("/api/v1/inspections", {
        "region_code": REGION, "kind": "periodic", "theme": "进度滞后项目定期督查", "lead": "县政府副县长",
        "team": [{"name": "县委办督查室"}, {"name": "县发改局"}, {"name": "县财政局"}],
        "inspected_on": d.today.isoformat(), "project_ids": [p["id"] for p in projects]}, "lc.supervisor", expect=201)
    await d.post(f"/api/v1/inspections/{planned['id']}/record", {
        "summary": "督查组对进度相对滞后的项目进行全覆盖督查，现场核查实物工程量和资金拨付情况。",
        "checks": [{"project_id": projects[0]["id"], "reported_progress": "主体结构完成60%",
                    "observed_progress": "主体结构完成约45%", "funds_reported": "1200", "funds_disbursed": "800"}],
        "findings": [
            {"project_id": projects[0]["id"], "category": "funds", "description": "县级配套资金400万元未拨付到位",
             "disposition": "problem", "measures": "县财政局限期拨付",
             "rectification_due_on": (d.today + timedelta(days=15)).isoformat()},
            {"project_id": projects[1]["id"], "description": "施工现场安全警示标志缺失", "disposition": "on_the_spot",
             "measures": "已当场责令补设"}]}, "lc.supervisor", expect=200)
    log("an inspection recorded")


def downloads_of(doc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every GET of the merged document that answers a .docx or .xlsx."""
    out = []
    for path, ops in sorted(doc["paths"].items()):
        op = ops.get("get")
        if op and any(m in MEDIA for m in op.get("responses", {}).get("200", {}).get("content", {})):
            out.append((path, op))
    return out


async def values_for(d: Desk, meeting: dict[str, Any]) -> dict[str, list[str]]:
    """What the download operations' parameters take: the region, the held meeting and its month and year (the
    land and financing lists are a year's), one letter of each grade (each grade has its own 字号), the interview,
    the inspection and the published ranking."""
    ids: dict[str, list[str]] = {}
    for key, path, params in (
        ("letter_id", "/api/v1/letters", {"region_code": REGION}),
        ("interview_id", "/api/v1/interviews", {"region_code": REGION}),
        ("inspection_id", "/api/v1/inspections", {"region_code": REGION}),
        ("run_id", "/api/v1/scoring-runs", {"region_code": REGION, "status": "published"}),
    ):
        items = await d.items(path, OFFICE, **params)
        if key == "letter_id":
            ids[key] = list({i["grade"]: i["id"] for i in items}.values())
        elif items:
            ids[key] = [items[0]["id"]]
    return {"region_code": [REGION], "meeting_id": [meeting["id"]], "month": [meeting["meeting_date"][:7]],
            "year": [meeting["meeting_date"][:4]], **ids}


PERIOD_PARAMS = {"month"}
"""Optional parameters passed anyway: a list of meetings or the attendance bulletin needs a period (a month
as 2026-12; where the month is a number of a year, as in the statistics, it is left out)."""


def _types(schema: dict[str, Any]) -> set[str]:
    return {schema.get("type", "")} | {t for s in schema.get("anyOf", []) for t in _types(s)}


def file_name(resp: httpx.Response, path: str) -> str:
    disposition = resp.headers.get("content-disposition", "")
    match = re.search(r"filename\*=UTF-8''([^;]+)", disposition) or re.search(r'filename="([^"]+)"', disposition)
    name = unquote(match.group(1)) if match else path.rsplit("/", 1)[-1]
    return name.replace("/", "_")


def calls_of(path: str, op: dict[str, Any], values: dict[str, list[str]]) -> tuple[list[tuple[str, dict]], list[str]]:
    """The URLs and query parameters to call ``path`` with (one per value of its path parameter: every letter
    grade), or the parameters nothing here has a value for."""
    calls: list[tuple[str, dict[str, str]]] = [(path, {})]
    missing = []
    for p in op.get("parameters", []):
        name, where = p["name"], p["in"]
        wanted = p.get("required") or name == "region_code" or (
            name in PERIOD_PARAMS and "integer" not in _types(p.get("schema", {})))
        if where not in ("path", "query") or not wanted:
            continue
        if not values.get(name):
            missing.append(name)
        elif where == "path":
            calls = [(url.replace("{" + name + "}", v), q) for url, q in calls for v in values[name]]
        else:
            calls = [(url, {**q, name: values[name][0]}) for url, q in calls]
    return calls, missing


async def download_all(d: Desk, values: dict[str, list[str]]) -> tuple[list[Path], list[str]]:
    doc = (await d.call("GET", "/openapi.json", None)).json()
    files, problems = [], []
    for path, op in downloads_of(doc):
        calls, missing = calls_of(path, op, values)
        if missing:
            problems.append(f"GET {path}: no value for {', '.join(missing)}")
            continue
        for url, params in calls:
            resp = await d.call("GET", url, OFFICE, expect=(200, 400, 403, 404, 409, 422), params=params)
            if resp.status_code != 200:
                problems.append(f"GET {url}: {resp.status_code} {resp.text[:300]}")
                continue
            target = OUT / file_name(resp, path)
            target.write_bytes(resp.content)
            files.append(target)
            log(f"{target.relative_to(ROOT)}  ({len(resp.content) // 1024 + 1} KB, GET {path})")
    return files, problems


def to_pdf(files: list[Path]) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        log("LibreOffice (soffice) is not installed: no PDFs (install it and run make documents again)")
        return
    pdf = OUT / "pdf"
    pdf.mkdir(exist_ok=True)
    profile = CLUSTER_DIR / "soffice-profile"  # its own profile: works beside a running LibreOffice
    try:
        proc = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                               "pdf", "--outdir", str(pdf), *map(str, files)], capture_output=True, text=True,
                              timeout=SOFFICE_TIMEOUT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        log(f"soffice did not finish within {SOFFICE_TIMEOUT} s: PDFs incomplete")
        return
    made = sorted(pdf.glob("*.pdf"))
    failed = "" if proc.returncode == 0 else f" (soffice exited {proc.returncode}: {proc.stderr[-300:]})"
    log(f"{len(made)} PDFs in {pdf.relative_to(ROOT)}{failed}")


async def main_async() -> int:
    # imported here: the cluster helper reads TUIJIN_TEST_PG_URL when imported, and main() has removed it
    from tests.e2e import driver
    from tests.processes.cluster import running_cluster

    assert driver.PASSWORD == PASSWORD, "the driver logs in with its own password"
    started = time.monotonic()
    shutil.rmtree(CLUSTER_DIR, ignore_errors=True)
    CLUSTER_DIR.mkdir(parents=True)
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    async with running_cluster(CLUSTER_DIR, _no_database, ENV) as cluster:
        async with httpx.AsyncClient(base_url=cluster.gateway, timeout=60.0, trust_env=False) as http:
            d = driver.Desk(cluster=cluster, http=http)
            await seed_demo(d)
            await asyncio.to_thread(demo_activity_on, cluster.gateway)
            meeting = await hold_the_county_meeting(d)
            await record_an_interview(d)
            await record_an_inspection(d)
            files, problems = await download_all(d, await values_for(d, meeting))
    to_pdf(files)
    log(f"{len(files)} documents in {OUT.relative_to(ROOT)} in {time.monotonic() - started:.0f} s")
    for problem in problems:
        log(f"NOT DOWNLOADED: {problem}")
    return 1 if problems or not files else 0


def main() -> int:
    os.environ.pop("TUIJIN_TEST_PG_URL", None)  # always SQLite files here, whatever the shell has set
    return asyncio.run(main_async())


if __name__ == "__main__":
    sys.exit(main())
