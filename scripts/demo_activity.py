"""The demo county's activity for ``make run``: once the five apps are up, put on the ledger what a county
office would have after a few weeks — problems at every level of the ladder, supervision letters, an
upcoming county meeting, the shipped scoring schemes and last month's published ranking — through the
gateway, as the demo accounts. Runs once (does nothing when the ledger already holds problems), then waits
for Ctrl-C so that ``make run`` keeps its other processes (honcho stops all when one exits)."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

REGION = "410324"
BASE = f"http://127.0.0.1:{os.environ.get('TUIJIN_GATEWAY_PORT', '8000')}"
WAIT_SECONDS = float(os.environ.get("TUIJIN_DEMO_WAIT_SECONDS", "180"))
SHANGHAI = ZoneInfo("Asia/Shanghai")

# (project index in the year's list, category, level, description)
PROBLEMS = [
    (0, "land", "team", "项目用地预审未批复，影响开工"),
    (1, "demolition", "team", "沿线3户房屋征迁未完成，影响路基施工"),
    (2, "utilities", "team", "施工用电未接入，临时发电成本高"),
    (3, "procedures", "system_meeting", "环评批复待省厅审查，需体系牵头单位协调"),
    (4, "funds", "system_meeting", "专项债资金未及时拨付，工程款拖欠"),
    (5, "construction_environment", "county_meeting", "周边群众阻工，需县级协调"),
    (6, "land", "county_meeting", "林地占用手续跨部门未衔接"),
    (7, "funds", "leadership", "项目融资方案需县委县政府主要领导决策"),
]
# (project index, grade, title)
LETTERS = [
    (5, "reminder", "关于加快推进项目问题解决的提醒函"),
    (6, "push", "关于加快推进项目建设进度的推进函"),
    (7, "supervision", "关于项目建设严重滞后的督办函"),
]


def log(message: str) -> None:
    print(f"demo activity: {message}", flush=True)


def wait_ready(client: httpx.Client) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            resp = client.get("/readyz")
            if resp.status_code == 200 and all(v == "ready" for v in resp.json().get("upstreams", {}).values()):
                return
        except httpx.TransportError:
            pass
        time.sleep(1.0)
    raise RuntimeError(f"the apps were not ready within {WAIT_SECONDS:.0f} s")


def login(client: httpx.Client, username: str, password: str) -> dict[str, str]:
    resp = client.post("/api/v1/auth/token", data={"username": username, "password": password})
    resp.raise_for_status()
    return {"Authorization": f"Bearer {resp.json()['access_token']}"}


def ok(resp: httpx.Response, what: str) -> Any:
    if resp.status_code >= 400:
        raise RuntimeError(f"{what}: {resp.status_code} {resp.text[:300]}")
    return resp.json()


def last_month(today: date) -> str:
    first = today.replace(day=1) - timedelta(days=1)
    return f"{first.year}-{first.month:02d}"


def seed(client: httpx.Client, password: str) -> None:
    office = login(client, "lc.office", password)
    supervisor = login(client, "lc.supervisor", password)
    existing = ok(client.get("/api/v1/problems", params={"region_code": REGION, "limit": 1}, headers=office),
                  "read the ledger")
    if existing["items"]:
        log("already there")
        return
    today = datetime.now(SHANGHAI).date()
    projects = ok(client.get("/api/v1/projects", params={"region_code": REGION, "year": today.year, "limit": 20},
                             headers=office), "read the year's list")["items"]
    if len(projects) < len(PROBLEMS):
        raise RuntimeError("the registry's demo county is missing (run `make seed`)")

    for index, category, level, description in PROBLEMS:
        ok(client.post("/api/v1/problems", headers=office, json={
            "project_id": projects[index]["id"], "category": category, "level": level,
            "description": description}), f"raise a problem on {projects[index]['code']}")
    for index, grade, title in LETTERS:
        project = projects[index]
        ok(client.post("/api/v1/letters", headers=supervisor, json={
            "region_code": REGION, "grade": grade, "unit_id": project["responsible_unit_id"],
            "subject_kind": "project", "project_id": project["id"], "title": title,
            "body": f"{project['name']}建设进度滞后，请于规定时限内书面反馈整改措施。"}), f"issue a {grade} letter")

    units = ok(client.get("/api/v1/units", params={"region_code": REGION, "limit": 200}, headers=office),
               "read the units")["items"]
    convener = next(u for u in units if u["name"] == "栾川县发展和改革委员会")
    invited = [u for u in units if u["kind"] == "department"][:6]
    ok(client.post("/api/v1/meetings", headers=office, json={
        "region_code": REGION, "meeting_type": "county_meeting", "title": "县委县政府重点项目调度例会",
        "convener_unit_id": convener["id"], "chair_name": "县长", "place": "县政府三楼会议室",
        "meeting_date": (today + timedelta(days=7)).isoformat(), "start_time": "15:00",
        "invitations": [{"unit_id": u["id"]} for u in invited]}), "schedule the county meeting")

    ok(client.post("/api/v1/scoring-schemes/defaults", json={"region_code": REGION}, headers=office),
       "install the shipped scoring schemes")  # answers only those it created: the region's starting set has them
    schemes = ok(client.get("/api/v1/scoring-schemes", params={"region_code": REGION}, headers=office),
                 "read the scoring schemes")["items"]
    monthly = next(s for s in schemes if s["code"] == "qingshui-monthly")
    period = last_month(today)
    run = ok(client.post("/api/v1/scoring-runs", json={"scheme_id": monthly["id"], "period": period},
                         headers=office), f"compute the {period} ranking")
    ok(client.post(f"/api/v1/scoring-runs/{run['id']}/publish", headers=office), "publish the ranking")
    log(f"{len(PROBLEMS)} problems, {len(LETTERS)} letters, 1 upcoming meeting, the {period} ranking published")


def main() -> int:
    password = os.environ.get("TUIJIN_DEMO_PASSWORD")
    if not password:
        log("TUIJIN_DEMO_PASSWORD is not set; nothing to do")
    else:
        try:
            with httpx.Client(base_url=BASE, timeout=60.0, trust_env=False) as client:
                wait_ready(client)
                seed(client, password)
        except Exception as exc:  # the demo is a convenience: whatever goes wrong, never stop the apps
            log(f"not loaded: {type(exc).__name__}: {exc}")
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
