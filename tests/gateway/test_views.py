"""The composed views of the gateway: a project's dossier (一项目一档案), the dashboard (挂图作战), my to-dos
and the public overview. Each reads the four services at once with the caller's token, answers within its
deadline, and names in ``missing`` what a down or slow service left out."""

from __future__ import annotations

import asyncio
import copy
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator

from tuijin.kernel.clock import clock

REGION = "410324"
LONG = timedelta(days=3650)
PROGRESS = {
    "code": "progress",
    "name": "实施进度",
    "weight": "100",
    "kind": "ratio",
    "numerator": "investment_completed",
    "denominator": "annual_plan",
}


@dataclass
class County:
    """One county across the four services, with one project (LC-001) that has something in each."""

    stack: Any
    units: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)
    posts: dict[str, str] = field(default_factory=dict)
    systems: dict[str, str] = field(default_factory=dict)
    projects: dict[str, str] = field(default_factory=dict)
    problem: dict[str, Any] = field(default_factory=dict)
    letter: dict[str, Any] = field(default_factory=dict)
    meeting: dict[str, Any] = field(default_factory=dict)
    upcoming: dict[str, Any] = field(default_factory=dict)
    decided_item: dict[str, Any] = field(default_factory=dict)
    run: dict[str, Any] = field(default_factory=dict)

    def c(self, name: str) -> httpx.AsyncClient:
        return self.stack.client(name)

    @property
    def gateway(self) -> httpx.AsyncClient:
        return self.stack.client("gateway")

    @property
    def office(self) -> dict[str, str]:
        return self.stack.auth("office", region=REGION, ttl=LONG, sub="test:office")

    def unit(self, key: str) -> dict[str, str]:
        return self.stack.auth("unit", region=REGION, unit=uuid.UUID(self.units[key]), ttl=LONG, sub=f"test:{key}")

    def leader(self, person: str) -> dict[str, str]:
        token = self.stack.codec.encode(
            {
                "sub": f"test:leader:{person}",
                "roles": ["leader"],
                "region": REGION,
                "person": self.people[person],
                "typ": "access",
            },
            LONG,
        )
        return {"Authorization": f"Bearer {token}"}

    async def post(
        self, app: str, path: str, body: dict[str, Any], headers: dict | None = None, status: int = 201
    ) -> dict[str, Any]:
        resp = await self.c(app).post(path, json=body, headers=headers or self.office)
        assert resp.status_code == status, resp.text
        return resp.json()


def at(day: str, time: str = "09:00") -> None:
    clock.set(datetime.fromisoformat(f"{day}T{time}:00+08:00"), frozen=True)


@pytest.fixture
async def county(stack) -> County:
    """栾川县: units 交通局 and 发改委, leader post 分管交通 held by 李; LC-001 (交通局, led by 分管交通, with
    coordinates) and LC-002 (发改委, no leader) on the 2026 list; an open problem, a letter, a held meeting
    with a published decided item and a coming meeting about LC-001; a published ranking of the projects."""
    k = County(stack)
    at("2026-10-12")
    admin = stack.auth("admin", region=None, ttl=LONG)
    for code, name, level, parent in (
        ("410000", "河南省", "province", None),
        ("410300", "洛阳市", "prefecture", "410000"),
        (REGION, "栾川县", "county", "410300"),
    ):
        await k.post(
            "registry", "/api/v1/regions", {"code": code, "name": name, "level": level, "parent_code": parent}, admin
        )
    for key, name, kind in (
        ("交通局", "栾川县交通运输局", "department"),
        ("发改委", "栾川县发展和改革委员会", "department"),
        ("重点办", "栾川县重点项目办公室", "leading_body"),
    ):
        k.units[key] = (await k.post("registry", "/api/v1/units", {"region_code": REGION, "name": name, "kind": kind}))[
            "id"
        ]
    k.people["李"] = (await k.post("registry", "/api/v1/people", {"region_code": REGION, "name": "李副县长"}))["id"]
    k.posts["分管交通"] = (
        await k.post("registry", "/api/v1/posts", {"region_code": REGION, "title": "副县长（分管交通）"})
    )["id"]
    resp = await k.c("registry").put(
        f"/api/v1/posts/{k.posts['分管交通']}/holder",
        headers={**k.office, "If-Match": "*"},
        json={"person_id": k.people["李"], "start_date": "2025-01-01"},
    )
    assert resp.status_code == 200, resp.text
    k.systems["基础设施"] = (
        await k.post(
            "registry",
            "/api/v1/systems",
            {"region_code": REGION, "name": "现代基础设施体系", "convening_unit_id": k.units["交通局"]},
        )
    )["id"]
    for code, unit, post, plan in (
        ("LC-001", "交通局", k.posts["分管交通"], "1000"),
        ("LC-002", "发改委", None, "500"),
    ):
        body = {
            "region_code": REGION,
            "code": code,
            "name": f"测试项目 {code}",
            "stage": "under_construction",
            "total_investment": "12000",
            "responsible_unit_id": k.units[unit],
            "system_id": k.systems["基础设施"],
            "leader_post_id": post,
        }
        if code == "LC-001":
            body.update(location="栾川县城关镇", longitude="111.615000", latitude="33.785000")
        pid = (await k.post("registry", "/api/v1/projects", body))["id"]
        k.projects[code] = pid
        resp = await k.c("registry").put(
            f"/api/v1/projects/{pid}/year-plans/2026", json={"planned_investment": plan}, headers=k.office
        )
        assert resp.status_code == 200, resp.text
    lc1 = k.projects["LC-001"]
    k.problem = await k.post(
        "issues", "/api/v1/problems", {"project_id": lc1, "category": "land", "description": "用地预审未批复，影响开工"}
    )
    k.letter = await k.post(
        "issues",
        "/api/v1/letters",
        {
            "region_code": REGION,
            "grade": "reminder",
            "unit_id": k.units["交通局"],
            "subject_kind": "project",
            "project_id": lc1,
            "title": "关于加快推进LC-001的提醒函",
            "body": "请加快推进。",
        },
    )
    # a meeting that takes LC-001 up, held, with minutes deciding an item about it
    k.meeting = await k.post(
        "meetings",
        "/api/v1/meetings",
        {
            "region_code": REGION,
            "meeting_type": "coordination",
            "title": "项目协调会",
            "convener_unit_id": k.units["重点办"],
            "chair_name": "李副县长",
            "place": "县政府三楼会议室",
            "meeting_date": "2026-10-13",
            "start_time": "09:00",
            "duration_minutes": 120,
            "invitations": [{"unit_id": k.units["交通局"]}],
        },
    )
    mid = k.meeting["id"]
    await k.post("meetings", f"/api/v1/meetings/{mid}/agenda/items", {"title": "LC-001用地", "project_id": lc1})
    for to in ("notice_sent", "agenda_frozen"):
        await k.post("meetings", f"/api/v1/meetings/{mid}/status-changes", {"to": to})
    at("2026-10-13", "12:00")
    await k.post("meetings", f"/api/v1/meetings/{mid}/status-changes", {"to": "held"})
    resp = await k.c("meetings").put(
        f"/api/v1/meetings/{mid}/minutes",
        headers=k.office,
        json={
            "decided_items": [
                {
                    "title": "十日内完成用地预审",
                    "owner_unit_id": k.units["交通局"],
                    "due_date": "2026-10-14",
                    "project_id": lc1,
                }
            ]
        },
    )
    assert resp.status_code == 200, resp.text
    published = await k.post("meetings", f"/api/v1/meetings/{mid}/minutes/publication", {}, status=200)
    k.decided_item = published["decided_items"][0]
    k.upcoming = await k.post(
        "meetings",
        "/api/v1/meetings",
        {
            "region_code": REGION,
            "meeting_type": "coordination",
            "title": "十月推进会",
            "convener_unit_id": k.units["重点办"],
            "chair_name": "李副县长",
            "place": "县政府三楼会议室",
            "meeting_date": "2026-10-20",
            "start_time": "09:00",
            "duration_minutes": 60,
            "invitations": [{"unit_id": k.units["交通局"]}],
        },
    )
    # a published ranking of the projects for the third quarter
    scheme = await k.post(
        "scoring",
        "/api/v1/scoring-schemes",
        {
            "region_code": REGION,
            "code": "progress",
            "name": "进度方案",
            "subject_kind": "project",
            "period_kind": "quarter",
            "version": {"dimensions": [PROGRESS]},
        },
    )
    run = await k.post("scoring", "/api/v1/scoring-runs", {"scheme_id": scheme["id"], "period": "2026-Q3"})
    k.run = await k.post("scoring", f"/api/v1/scoring-runs/{run['id']}/publish", {}, status=200)
    at("2026-10-15", "10:00")  # the decided item is overdue now
    return k


async def dossier(k: County, project: str = "LC-001", headers: dict | None = None) -> httpx.Response:
    return await k.gateway.get(f"/api/v1/dossiers/{k.projects[project]}", headers=headers or k.office)


def ids(records: list[dict[str, Any]] | None) -> list[str]:
    assert records is not None
    return [r["id"] for r in records]


# ---------------------------------------------------------------- dossier


async def test_the_dossier_gathers_every_part_of_the_project_in_one_call(county):
    resp = await dossier(county)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["complete"] is True and body["missing"] == []
    project = body["project"]
    assert project["code"] == "LC-001" and project["leader"]["person_id"] == county.people["李"]
    assert project["leader_post_title"] == "副县长（分管交通）"
    for part in ("milestones", "procedures", "reports", "lights"):
        assert isinstance(body[part], list), part
    [problem] = body["problems"]
    assert problem["problem"]["id"] == county.problem["id"] and problem["problem"]["level"] == "team"
    assert problem["timeline"][0]["action"] == "raise"
    assert ids(body["letters"]) == [county.letter["id"]]
    assert ids(body["meetings"]) == [county.meeting["id"]]  # the coming meeting does not take LC-001 up
    assert ids(body["decided_items"]) == [county.decided_item["id"]]
    assert [(s["run_id"], s["subject_id"], s["period"]) for s in body["scores"]] == [
        (county.run["id"], county.projects["LC-001"], "2026-Q3")
    ]


async def test_the_dossier_of_an_unknown_project_is_a_404_problem(county):
    resp = await county.gateway.get(f"/api/v1/dossiers/{uuid.uuid4()}", headers=county.office)
    assert resp.status_code == 404
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["code"] == "project_not_found"


async def test_a_project_the_caller_may_not_see_is_a_404_like_the_registrys(county):
    """A unit sees the projects it is responsible for; the registry answers 404 for the others, and so does
    the dossier (no hint that the project exists)."""
    resp = await dossier(county, "LC-001", headers=county.unit("发改委"))
    assert resp.status_code == 404, resp.text


async def test_with_the_issues_service_down_the_dossier_answers_and_names_what_is_missing(county):
    county.stack.transports["issues"].down = True
    resp = await dossier(county)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["complete"] is False
    assert sorted((m["part"], m["service"], m["reason"]) for m in body["missing"]) == [
        ("letters", "issues", "unavailable"),
        ("problems", "issues", "unavailable"),
    ]
    assert body["problems"] is None and body["letters"] is None
    assert body["project"]["code"] == "LC-001" and ids(body["decided_items"]) == [county.decided_item["id"]]


async def test_with_the_registry_down_the_dossier_is_a_503_naming_it_for_any_id(county):
    """Scope is exact: without the registry the gateway cannot tell whether the project exists or is the
    caller's, so it answers 503 upstream_unavailable naming the registry, the same for the caller's own project,
    an unknown id and a project of another region, never 200 with the other services' parts."""
    other = county.stack.auth("office", region="410325")
    county.stack.transports["registry"].down = True
    for project_id, headers in ((county.projects["LC-001"], county.office), (uuid.uuid4(), county.office),
                                (county.projects["LC-001"], other)):
        resp = await county.gateway.get(f"/api/v1/dossiers/{project_id}", headers=headers)
        assert resp.status_code == 503, resp.text
        assert resp.headers["content-type"].startswith("application/problem+json")
        body = resp.json()
        assert (body["code"], body["upstream"]) == ("upstream_unavailable", "registry")
        assert "letters" not in body and "登记服务" in body["detail"]


async def test_a_registry_too_slow_to_confirm_the_project_makes_the_dossier_a_503(county, short_deadline,
                                                                                  monkeypatch):
    """The registry's answer missing the view's deadline is no confirmation either: 503 naming the registry."""
    transport = county.stack.transports["registry"]
    monkeypatch.setattr(transport, "inner", Slow(transport.inner, 60))
    resp = await dossier(county)
    assert resp.status_code == 503, resp.text
    assert (resp.json()["code"], resp.json()["upstream"]) == ("upstream_unavailable", "registry")


class Refusing(httpx.AsyncBaseTransport):
    """A service that refuses one path with a 403 problem (as a stricter access rule would)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, path: str) -> None:
        self.inner = inner
        self.path = path

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == self.path:
            return httpx.Response(
                403,
                json={
                    "type": "about:blank",
                    "title": "Forbidden",
                    "status": 403,
                    "code": "unit_forbidden",
                    "detail": "This record belongs to another unit.",
                },
            )
        return await self.inner.handle_async_request(request)


async def test_a_403_from_the_registry_on_the_project_passes_through(county, monkeypatch):
    transport = county.stack.transports["registry"]
    path = f"/api/v1/projects/{county.projects['LC-001']}/overview"  # the dossier's one registry read
    monkeypatch.setattr(transport, "inner", Refusing(transport.inner, path))
    resp = await dossier(county)
    assert resp.status_code == 403
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["code"] == "unit_forbidden"


class Slow(httpx.AsyncBaseTransport):
    """A service that takes far longer to answer than any view may wait."""

    def __init__(self, inner: httpx.AsyncBaseTransport, seconds: float) -> None:
        self.inner = inner
        self.seconds = seconds

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(self.seconds)
        return await self.inner.handle_async_request(request)


@pytest.fixture
def short_deadline(stack, monkeypatch) -> float:
    monkeypatch.setattr(stack.apps["gateway"].state.settings, "view_deadline_seconds", 0.5)
    return 0.5


async def test_a_slow_service_cannot_hold_the_dossier_past_its_deadline(county, short_deadline, monkeypatch):
    """Scoring answers only after 60 s; the dossier gives up on it at its deadline and answers with the rest
    (were the deadline not kept, the scores would arrive and this test would fail)."""
    transport = county.stack.transports["scoring"]
    monkeypatch.setattr(transport, "inner", Slow(transport.inner, 60))
    resp = await dossier(county)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["deadline_seconds"] == short_deadline
    assert [(m["part"], m["service"], m["reason"]) for m in body["missing"]] == [
        ("scores", "scoring", "deadline_exceeded")
    ]
    assert body["scores"] is None and body["complete"] is False
    assert body["project"] is not None and body["problems"] is not None


# ---------------------------------------------------------------- to-dos


async def test_a_unit_user_sees_the_to_dos_of_their_unit_only(county):
    mine = (await county.gateway.get("/api/v1/todos", headers=county.unit("交通局"))).json()
    assert mine["complete"] is True, mine["missing"]
    assert ids(mine["problems_to_answer"]) == [county.problem["id"]]
    assert ids(mine["letters_to_reply"]) == [county.letter["id"]]
    assert ids(mine["decided_items_due"]) == [county.decided_item["id"]]
    assert ids(mine["meetings"]) == [county.upcoming["id"]]  # the held one is past
    # October's report is due on the 22nd (栾川's default rule); nothing is late yet: LC-001 came after September's
    assert [(r["project_id"], r["period"]) for r in mine["reports_due"]] == [(county.projects["LC-001"], "2026-10")]
    assert mine["reports_overdue"] == [] and mine["reports_returned"] == []
    assert mine["leader_projects"] is None

    theirs = (await county.gateway.get("/api/v1/todos", headers=county.unit("发改委"))).json()
    assert theirs["complete"] is True, theirs["missing"]
    for part in ("problems_to_answer", "letters_to_reply", "decided_items_due", "meetings", "reports_returned"):
        assert theirs[part] == [], part
    assert [r["project_id"] for r in theirs["reports_due"]] == [county.projects["LC-002"]]


async def test_each_dated_to_do_has_its_deadline_in_working_days_and_overdue_is_marked(county):
    """Rule (issue 21): each to-do shows its deadline in working days and a mark when overdue. On Thursday
    2026-10-15 the decided item due on the 14th is one working day late; October's report, due on Thursday the
    22nd, has five working days left (the weekend of the 17th–18th does not count)."""
    mine = (await county.gateway.get("/api/v1/todos", headers=county.unit("交通局"))).json()
    deadlines = {(d["part"], d["id"]): d for d in mine["deadlines"]}
    item = deadlines[("decided_items_due", county.decided_item["id"])]
    assert (item["due_on"], item["working_days_left"], item["overdue"]) == ("2026-10-14", -1, True)
    report = deadlines[("reports_due", county.projects["LC-001"])]
    assert (report["due_on"], report["working_days_left"], report["overdue"]) == ("2026-10-22", 5, False)
    assert ("problems_to_answer", county.problem["id"]) in deadlines
    leader = (await county.gateway.get("/api/v1/todos", headers=county.leader("李"))).json()
    assert leader["deadlines"] is None  # not a unit user


async def test_a_leader_sees_the_projects_of_the_posts_they_hold_with_lights_and_open_problems(county):
    body = (await county.gateway.get("/api/v1/todos", headers=county.leader("李"))).json()
    assert body["complete"] is True, body["missing"]
    [entry] = body["leader_projects"]
    assert entry["project"]["id"] == county.projects["LC-001"]  # LC-002 has no leader post
    assert ids(entry["open_problems"]) == [county.problem["id"]]
    assert entry["lights"] == []  # not computed yet
    assert body["problems_to_answer"] is None  # not a unit user


async def test_a_leader_behind_on_site_visits_sees_it_as_a_to_do_and_the_dashboard_counts_them(county):
    """Issue 20: the duty shortfalls are a to-do for the leader (the shipped rule: each project of theirs visited
    once a month) and a count on the dashboard; once the visit is recorded, neither shows it."""
    body = (await county.gateway.get("/api/v1/todos", headers=county.leader("李"))).json()
    assert body["complete"] is True, body["missing"]
    duties = body["duty_shortfalls"]
    assert duties["month"] == "2026-10"
    assert [(r["duty"], r["project_id"], r["required"], r["done"], r["shortfall"]) for r in duties["items"]] == [
        ("leader_visits_per_project_month", county.projects["LC-001"], 1, 0, 1)]
    board = (await county.gateway.get("/api/v1/dashboard", params={"region_code": REGION},
                                      headers=county.office)).json()
    assert (board["duties"]["people_behind"], board["duties"]["month"]) == (1, "2026-10")
    office = (await county.gateway.get("/api/v1/todos", headers=county.office)).json()
    assert office["duty_shortfalls"] is None  # not a leader

    await county.post("meetings", "/api/v1/site-visits", {
        "region_code": REGION, "visited_on": "2026-10-14", "kind": "inspection", "title": "李副县长现场调研督导",
        "leading_person_id": county.people["李"], "project_ids": [county.projects["LC-001"]]})
    body = (await county.gateway.get("/api/v1/todos", headers=county.leader("李"))).json()
    assert body["duty_shortfalls"]["items"] == []
    board = (await county.gateway.get("/api/v1/dashboard", params={"region_code": REGION},
                                      headers=county.office)).json()
    assert board["duties"]["people_behind"] == 0


async def test_a_leaders_to_dos_hold_days_at_level_the_meetings_they_chair_or_attend_and_interview_candidates(county):
    """Issue 21, the responsible leader's view: each open problem with the days since it reached its level; the
    coming meetings the leader chairs (主持) or is expected at (参加), not those only named as chair by text nor
    those already held; the interview candidates among their own projects only; completion null without a
    report (not missing)."""
    base = {"region_code": REGION, "meeting_type": "push_meeting", "convener_unit_id": county.units["交通局"],
            "place": "县交通运输局二楼会议室", "start_time": "09:00", "duration_minutes": 60}
    chaired = await county.post("meetings", "/api/v1/meetings", {
        **base, "title": "LC-001推进会", "chair_person_id": county.people["李"], "chair_name": "李副县长",
        "meeting_date": "2026-10-22"})
    attended = await county.post("meetings", "/api/v1/meetings", {
        **base, "title": "交通体系例会", "meeting_date": "2026-10-21", "invitations": [
            {"unit_id": county.units["发改委"], "expected_attendee": "李副县长",
             "expected_person_id": county.people["李"]}]})
    body = (await county.gateway.get("/api/v1/todos", headers=county.leader("李"))).json()
    assert body["complete"] is True, body["missing"]
    [entry] = body["leader_projects"]
    assert entry["days_at_level"] == {county.problem["id"]: 3}  # at the team level since 2026-10-12
    assert entry["completion"] is None  # no report yet
    assert [(m["meeting"]["id"], m["role"]) for m in body["leader_meetings"]] == [
        (attended["id"], "attendee"), (chaired["id"], "chair")]  # 十月推进会 names 李 only as text
    assert body["interview_candidates"] is not None
    assert {c["project_id"] for c in body["interview_candidates"]} <= {county.projects["LC-001"]}
    office = (await county.gateway.get("/api/v1/todos", headers=county.office)).json()
    assert office["leader_meetings"] is None and office["interview_candidates"] is None


async def test_to_dos_need_a_login(county):
    assert (await county.gateway.get("/api/v1/todos")).status_code == 401


# ---------------------------------------------------------------- dashboard


async def test_the_dashboard_figures_are_the_registrys_statistics_and_the_services_aggregates(county):
    resp = await county.gateway.get(
        "/api/v1/dashboard", params={"region_code": REGION, "year": 2026}, headers=county.office
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["complete"] is True, body["missing"]
    stats = (
        await county.c("registry").get(
            "/api/v1/statistics", params={"region_code": REGION, "year": 2026}, headers=county.office
        )
    ).json()
    for key in ("totals", "completion", "by_stage", "by_system", "by_light"):
        assert body["statistics"][key] == stats[key], key
    assert body["statistics"]["totals"]["projects"] == 2
    assert Decimal(body["statistics"]["totals"]["planned_investment"]) == Decimal("1500")
    points = {p["code"]: p for p in body["map_points"]}
    assert len(points) == stats["totals"]["projects"]
    lc1 = points["LC-001"]
    assert (Decimal(lc1["longitude"]), Decimal(lc1["latitude"])) == (Decimal("111.615"), Decimal("33.785"))
    assert points["LC-002"]["longitude"] is None
    assert body["problems"]["open"] == 1
    assert [c["open"] for c in body["problems"]["by_level"]] == [1, 0, 0, 0]
    assert ids(body["overdue_decided_items"]) == [county.decided_item["id"]]
    assert ids(body["upcoming_meetings"]) == [county.upcoming["id"]]
    assert body["ranking"]["run"]["id"] == county.run["id"]
    assert {e["subject_id"] for e in body["ranking"]["praise"]} <= set(county.projects.values())


async def test_the_dashboard_with_scoring_down_still_answers_without_the_ranking(county):
    county.stack.transports["scoring"].down = True
    body = (await county.gateway.get("/api/v1/dashboard", params={"region_code": REGION}, headers=county.office)).json()
    assert body["complete"] is False and body["ranking"] is None
    assert [(m["part"], m["service"]) for m in body["missing"]] == [("ranking", "scoring")]
    assert body["statistics"] is not None


async def test_the_dashboard_is_for_readers_of_the_region(county):
    resp = await county.gateway.get("/api/v1/dashboard", params={"region_code": REGION}, headers=county.unit("交通局"))
    assert resp.status_code == 403
    other = county.stack.auth("office", region="410325", ttl=LONG)
    resp = await county.gateway.get("/api/v1/dashboard", params={"region_code": REGION}, headers=other)
    assert resp.status_code == 403


# ---------------------------------------------------------------- public overview

PUBLIC_FIELDS = {"id", "code", "name", "leader", "service_team", "time_nodes", "milestones", "quarterly_progress"}


async def test_the_public_overview_needs_no_login_and_shows_only_public_fields(county):
    resp = await county.gateway.get("/api/v1/public/overview", params={"region_code": REGION, "year": 2026})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["project_count"] == 2 and body["with_leader"] == 1
    assert sorted(p["code"] for p in body["projects"]) == ["LC-001", "LC-002"]
    for project in body["projects"]:
        assert set(project) == PUBLIC_FIELDS
    assert "investment" not in resp.text and "phone" not in resp.text
    assert (body["region_code"], body["region_name"]) == (REGION, "栾川县")


async def test_the_public_overview_of_a_region_nobody_registered_is_a_404_problem(county):
    """The county's website links a stable address; a mistyped code must say there is no such region, not show
    an empty list as if the county had no key projects."""
    resp = await county.gateway.get("/api/v1/public/overview", params={"region_code": "999999"})
    assert resp.status_code == 404
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["code"] == "region_not_found" and resp.json()["message"] == "没有该地区。"


async def test_the_other_public_paths_still_go_to_the_registry(county):
    resp = await county.gateway.get("/api/v1/public/projects", params={"region_code": REGION, "year": 2026})
    assert resp.status_code == 200, resp.text
    assert len(resp.json()["items"]) == 2


# ---------------------------------------------------------------- how the views read


async def test_the_dossier_reads_with_the_callers_own_token_never_a_service_token(county, upstream_log):
    headers = county.office
    resp = await dossier(county, headers=headers)
    assert resp.status_code == 200, resp.text
    sent = [r for service in ("registry", "issues", "meetings", "scoring") for r in upstream_log.of(service)]
    assert {"registry", "issues", "meetings", "scoring"} == {s for s in upstream_log.requests if upstream_log.of(s)}
    assert {r.headers["authorization"] for r in sent} == {headers["Authorization"]}


async def test_the_dashboard_makes_the_same_few_reads_however_many_projects_the_region_has(county, upstream_log):
    """Aggregates and bulk reads only: no read names a project, and a third project adds no read."""

    async def reads() -> list[str]:
        for log in upstream_log.requests.values():
            log.clear()
        resp = await county.gateway.get("/api/v1/dashboard", params={"region_code": REGION}, headers=county.office)
        assert resp.status_code == 200 and resp.json()["complete"], resp.text
        return sorted(r.url.path for log in upstream_log.requests.values() for r in log)

    before = await reads()
    body = {
        "region_code": REGION,
        "code": "LC-003",
        "name": "测试项目 LC-003",
        "stage": "preliminary",
        "total_investment": "800",
        "responsible_unit_id": county.units["发改委"],
    }
    pid = (await county.post("registry", "/api/v1/projects", body))["id"]
    resp = await county.c("registry").put(
        f"/api/v1/projects/{pid}/year-plans/2026", json={"planned_investment": "80"}, headers=county.office
    )
    assert resp.status_code == 200, resp.text
    after = await reads()
    # the views' own reads (8, the duty shortfalls among them) and the meetings service's bulk reads of the
    # registry behind the shortfalls (projects, posts, people): one page each whatever the number of projects
    assert after == before and len(before) <= 12
    assert not any(p in path for path in after for p in [*county.projects.values(), pid])


async def test_the_public_overview_sends_no_token_and_is_a_503_problem_when_the_registry_is_down(county, upstream_log):
    resp = await county.gateway.get("/api/v1/public/overview", params={"region_code": REGION})
    assert resp.status_code == 200, resp.text
    assert [r.headers.get("authorization") for r in upstream_log.of("registry")] == [None, None]  # name, projects
    county.stack.transports["registry"].down = True
    resp = await county.gateway.get("/api/v1/public/overview", params={"region_code": REGION})
    assert resp.status_code == 503
    assert resp.headers["content-type"].startswith("application/problem+json")


async def test_the_merged_openapi_documents_the_views(county, fresh_openapi):
    doc = (await county.gateway.get("/openapi.json")).json()
    for path in ("/api/v1/dossiers/{project_id}", "/api/v1/dashboard", "/api/v1/todos", "/api/v1/public/overview"):
        assert "get" in doc["paths"][path], path
    assert {"Dossier", "Dashboard", "Todos", "PublicOverview", "MissingPart"} <= set(doc["components"]["schemas"])
    assert "/api/v1/public/projects" in doc["paths"]  # still the registry's


async def test_the_dashboard_of_a_region_the_registry_does_not_know_is_a_404(county):
    admin = county.stack.auth("admin", region=None, ttl=LONG)
    resp = await county.gateway.get("/api/v1/dashboard", params={"region_code": "419999"}, headers=admin)
    assert resp.status_code == 404, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")


async def test_the_project_side_sees_the_documents_it_must_supply_and_the_asked_unit_does_not(county):
    """一次性告知: the unit asked to solve a problem lists the missing documents; the project's unit supplies them,
    so the problem is on its to-dos, not on the asking unit's."""
    problem = await county.post("issues", "/api/v1/problems", {
        "project_id": county.projects["LC-002"], "category": "procedures", "description": "环评批复待审查",
        "responsible_unit_id": county.units["交通局"]})
    await county.post("issues", f"/api/v1/problems/{problem['id']}/document-requests",
                      {"documents": ["环评报告书"], "note": "缺环评报告书"}, headers=county.unit("交通局"), status=200)
    owner = (await county.gateway.get("/api/v1/todos", headers=county.unit("发改委"))).json()
    assert owner["complete"] is True, owner["missing"]
    assert ids(owner["problems_to_supply"]) == [problem["id"]]
    asked = (await county.gateway.get("/api/v1/todos", headers=county.unit("交通局"))).json()
    assert asked["problems_to_supply"] == []


async def test_the_office_sees_reports_to_verify_and_problems_to_close(county):
    """The office verifies submitted reports and closes (销号) problems the units say are resolved."""
    report = await county.post("registry", f"/api/v1/projects/{county.projects['LC-001']}/progress-reports", {
        "period": "2026-10", "physical_progress": "路基施工", "investment_completed": "100", "submit": True},
        headers=county.unit("交通局"))
    await county.post("issues", f"/api/v1/problems/{county.problem['id']}/resolve", {"resolution": "已取得预审意见"},
                      headers=county.unit("交通局"), status=200)
    body = (await county.gateway.get("/api/v1/todos", headers=county.office)).json()
    assert body["complete"] is True, body["missing"]
    assert ids(body["reports_to_verify"]) == [report["id"]]
    assert ids(body["problems_to_close"]) == [county.problem["id"]]
    unit = (await county.gateway.get("/api/v1/todos", headers=county.unit("交通局"))).json()
    assert unit["reports_to_verify"] is None and unit["problems_to_close"] is None  # the office's duties only



async def test_dispatches_due_are_the_offices_and_the_responsible_units_to_dos(county):
    """楚雄's cadence (seed 001 四(三) "已动工项目一月一调度"): with started projects dispatched monthly, LC-001
    dispatched today is not due and LC-002, never dispatched, is: on the office's to-dos and on its responsible
    unit's (发改委, with its deadline), not on 交通局's; a leader has none."""
    resp = await county.c("registry").put(f"/api/v1/policies/{REGION}/dispatch_cadence", json={
        "stages": [{"stage": "under_construction", "every": "monthly"}]}, headers=county.office)
    assert resp.status_code == 200, resp.text
    at("2026-10-15")
    await county.post("registry", "/api/v1/dispatches", {
        "project_id": county.projects["LC-001"], "dispatched_by": "县重点办", "decisions": "月底前完成路基"})
    office = (await county.gateway.get("/api/v1/todos", headers=county.office)).json()
    assert office["complete"] is True, office["missing"]
    assert [r["project_code"] for r in office["dispatches_due"]] == ["LC-002"]
    owner = (await county.gateway.get("/api/v1/todos", headers=county.unit("发改委"))).json()
    assert [(r["project_code"], r["cadence"]) for r in owner["dispatches_due"]] == [("LC-002", "monthly")]
    assert [d["id"] for d in owner["deadlines"] if d["part"] == "dispatches_due"] == [county.projects["LC-002"]]
    other = (await county.gateway.get("/api/v1/todos", headers=county.unit("交通局"))).json()
    assert other["dispatches_due"] == []
    leader = (await county.gateway.get("/api/v1/todos", headers=county.leader("李"))).json()
    assert leader["dispatches_due"] is None


# ---------------------------------------------------------------- what the views send is what they declare


async def view_validator(k: County, view: str) -> Draft202012Validator:
    """A validator of the merged OpenAPI's schema of ``view`` (its components resolved in the same document)."""
    doc = (await k.gateway.get("/openapi.json")).json()
    assert "x-tuijin-missing" not in doc["info"]
    schema = {"$ref": f"#/components/schemas/{view}", "components": doc["components"]}
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def violations(validator: Draft202012Validator, body: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(body)]


async def test_a_real_dossier_is_what_the_merged_openapi_declares(county, fresh_openapi):
    """The dossier's records are passed on as the services send them and documented with the services' own
    response models: a dossier with a node plan, procedures, a submitted report, lights, a problem with its
    timeline, a letter, a meeting, a decided item and a score validates against the declared schema, and a
    record of another shape does not."""
    k = county
    lc1 = k.projects["LC-001"]
    await k.post("registry", f"/api/v1/projects/{lc1}/milestones", {"name": "主体开工", "planned_date": "2026-09-30"})
    await k.post("registry", "/api/v1/procedure-types/defaults", {"region_code": REGION}, status=200)
    types = (await k.c("registry").get("/api/v1/procedure-types", params={"region_code": REGION},
                                       headers=k.office)).json()  # the catalogue the region started with
    await k.post("registry", f"/api/v1/projects/{lc1}/procedures", {"procedure_type_id": types[0]["id"]})
    await k.post("registry", f"/api/v1/projects/{lc1}/progress-reports", {
        "period": "2026-09", "physical_progress": "路基施工", "investment_completed": "800.50", "submit": True},
        headers=k.unit("交通局"))
    await k.post("registry", f"/api/v1/warning-lights/recompute?region_code={REGION}", {}, status=200)
    resp = await dossier(k)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["complete"] is True, body["missing"]
    for part in ("milestones", "procedures", "reports", "lights", "problems", "letters", "meetings",
                 "decided_items", "scores"):
        assert body[part], part  # each part has records, so each record's schema is checked
    assert body["problems"][0]["timeline"]
    validator = await view_validator(k, "Dossier")
    assert violations(validator, body) == []

    wrong = copy.deepcopy(body)
    wrong["lights"][0]["colour"] = "purple"
    wrong["problems"][0]["problem"].pop("level")
    assert len(violations(validator, wrong)) == 2


async def test_real_dashboards_to_dos_and_public_overviews_are_what_the_merged_openapi_declares(
    county, fresh_openapi
):
    """Each composed view, as a real caller gets it, validates against its declared schema."""
    k = county
    await k.post("registry", f"/api/v1/warning-lights/recompute?region_code={REGION}", {}, status=200)
    dashboard = (await k.gateway.get("/api/v1/dashboard", params={"region_code": REGION, "year": 2026},
                                     headers=k.office)).json()
    assert dashboard["complete"] is True and dashboard["ranking"] and dashboard["map_points"], dashboard
    assert violations(await view_validator(k, "Dashboard"), dashboard) == []

    todos = await view_validator(k, "Todos")
    for who in (k.unit("交通局"), k.leader("李"), k.office):
        body = (await k.gateway.get("/api/v1/todos", headers=who)).json()
        assert body["complete"] is True, body["missing"]
        assert violations(todos, body) == []
    leader = (await k.gateway.get("/api/v1/todos", headers=k.leader("李"))).json()
    assert leader["leader_projects"][0]["lights"] and leader["leader_projects"][0]["open_problems"]

    overview = (await k.gateway.get("/api/v1/public/overview", params={"region_code": REGION, "year": 2026})).json()
    assert overview["projects"]
    assert violations(await view_validator(k, "PublicOverview"), overview) == []


async def test_the_dashboard_shows_the_years_key_rates_from_the_statistics(county):
    """The dashboard lifts 开工率, 联审联批完成率, funds in place and demolition out of the registry's statistics as
    they are, with no read of their own."""
    body = (await county.gateway.get("/api/v1/dashboard", params={"region_code": REGION, "year": 2026},
                                     headers=county.office)).json()
    stats = (await county.c("registry").get("/api/v1/statistics", params={"region_code": REGION, "year": 2026},
                                            headers=county.office)).json()
    assert body["key_rates"] == {"start_rate": stats["start_rate"],
                                 "procedure_completion": stats["procedure_completion"],
                                 "funds_in_place": stats["funds_in_place"],
                                 "demolition_projects": len(stats["demolition"])}
