"""One month of the mechanism (March 2026, 栾川县), driven through the gateway only, every step asserted.
Both runs of test_one_month call :func:`run_month`; the second passes a hook that stops a service in the
middle, so the two runs cannot drift apart. The month returns a normalised summary of its end state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from io import BytesIO

from openpyxl import Workbook, load_workbook

from tests.e2e.driver import JSON, REGION, Desk
from tests.fixtures import official_docx as official

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YEAR = 2026
PERIOD = "2026-03"
Hook = Callable[[Desk, JSON], Awaitable[None]]

UNITS = (  # key, name, kind
    ("发改委", "栾川县发展和改革委员会", "department"),
    ("交通局", "栾川县交通运输局", "department"),
    ("自然资源局", "栾川县自然资源局", "department"),
    ("住建局", "栾川县住房和城乡建设局", "department"),
    ("城关镇", "城关镇", "township"),
)
LIAISONS = {"交通局": "lc.jtj", "自然资源局": "lc.zrzy", "城关镇": "lc.cgz"}
OFFICE, LEADER, SCORER = "lc.office", "lc.leader", "lc.scorer"
POSTS = (("分管交通", "副县长（分管交通）", "李副县长"), ("分管城建", "副县长（分管城建）", "王副县长"))
SYSTEMS = (("基础设施", "现代基础设施体系", "交通局"), ("城镇", "现代城镇体系", "住建局"))
# 项目编号, 项目名称, 所属体系, 建设性质, 总投资, 年度计划投资, 责任单位, 责任领导(职务), 计划开工时间
PROJECTS = (
    (
        "LC-001",
        "栾川至城关道路改建",
        "现代基础设施体系",
        "新开工",
        12000,
        5000,
        "栾川县交通运输局",
        "副县长（分管交通）",
        "2026年3月",
    ),
    (
        "LC-002",
        "伊河大桥",
        "现代基础设施体系",
        "续建",
        30000,
        8000,
        "栾川县交通运输局",
        "副县长（分管交通）",
        "2025-06-01",
    ),
    ("LC-003", "城关镇污水管网", "现代城镇体系", "新开工", 6000, 3000, "城关镇", "副县长（分管城建）", "2026年3月"),
    (
        "LC-004",
        "矿山生态修复",
        "现代城镇体系",
        "续建",
        8000,
        2000,
        "栾川县自然资源局",
        "副县长（分管城建）",
        "2025-09-01",
    ),
)


class Month:
    """What the month creates, by name, for the steps that follow."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.units: dict[str, str] = {}
        self.people: dict[str, str] = {}
        self.posts: dict[str, str] = {}
        self.systems: dict[str, str] = {}
        self.projects: dict[str, JSON] = {}
        self.problems: dict[str, JSON] = {}
        self.meetings: dict[str, JSON] = {}
        self.inspection: JSON = {}
        self.lights_before: dict[str, dict[str, str]] = {}

    def liaison(self, unit: str) -> str:
        return LIAISONS[unit]

    def pid(self, code: str) -> str:
        return self.projects[code]["id"]


# ---------------------------------------------------------------- 0. the county, its people and accounts


async def set_up_county(m: Month) -> None:
    d = m.desk
    for code, name, level, parent in (
        ("410000", "河南省", "province", None),
        ("410300", "洛阳市", "prefecture", "410000"),
        (REGION, "栾川县", "county", "410300"),
    ):
        await d.post(
            "/api/v1/regions",
            {"code": code, "name": name, "level": level, "parent_code": parent},
            who="admin",
            expect=201,
        )
    await d.account(OFFICE, ["office"], display_name="栾川县重点项目办 王科长")
    for key, name, kind in UNITS:
        unit = await d.post(
            "/api/v1/units", {"region_code": REGION, "name": name, "kind": kind}, who=OFFICE, expect=201
        )
        m.units[key] = unit["id"]
    await d.call(
        "PATCH",
        f"/api/v1/users/{d.users[OFFICE]['id']}",
        "admin",
        json={"unit_id": m.units["发改委"]},
        headers={"If-Match": "*"},
    )
    for _, _, person in POSTS:
        m.people[person] = (
            await d.post("/api/v1/people", {"region_code": REGION, "name": person}, who=OFFICE, expect=201)
        )["id"]
    for key, title, holder in POSTS:
        m.posts[key] = (await d.post("/api/v1/posts", {"region_code": REGION, "title": title}, who=OFFICE, expect=201))[
            "id"
        ]
        await d.call(
            "PUT",
            f"/api/v1/posts/{m.posts[key]}/holder",
            OFFICE,
            json={"person_id": m.people[holder], "start_date": "2025-01-01"},
            headers={"If-Match": "*"},
        )
    for key, name, convener in SYSTEMS:
        m.systems[key] = (
            await d.post(
                "/api/v1/systems",
                {"region_code": REGION, "name": name, "convening_unit_id": m.units[convener]},
                who=OFFICE,
                expect=201,
            )
        )["id"]
    for unit, username in LIAISONS.items():
        await d.account(username, ["unit"], unit_id=m.units[unit], display_name=f"{unit} 联络员")
    await d.account(LEADER, ["leader"], person_id=m.people["李副县长"], display_name="栾川县副县长 李副县长")
    await d.account(SCORER, ["scorer"], display_name="栾川县观摩评分人")
    me = await d.get("/api/v1/auth/me", who=LEADER)
    assert (me["roles"], me["person_id"], me["region_code"]) == (["leader"], m.people["李副县长"], REGION)


# ---------------------------------------------------------------- 1. the yearly list from .xlsx


def fill_template(template: bytes) -> bytes:
    """The downloaded template with the county's four projects under its header row."""
    wb = load_workbook(BytesIO(template))
    ws = wb.worksheets[0]
    header_row = next(r for r in ws.iter_rows(min_row=1, max_row=5) if any(c.value == "项目名称" for c in r))
    columns = {c.value: c.column for c in header_row if c.value}
    out = Workbook()
    sheet = out.active
    sheet.append([f"栾川县{YEAR}年重点项目一览表"])
    headers = sorted(columns, key=columns.get)
    sheet.append(headers)
    for i, (code, name, system, stage, total, plan, unit, post, start) in enumerate(PROJECTS, 1):
        values = {
            "序号": i,
            "项目编号": code,
            "项目名称": name,
            "所属体系": system,
            "所在乡镇": "城关镇",
            "建设性质": stage,
            "总投资(万元)": total,
            "年度计划投资(万元)": plan,
            "责任单位": unit,
            "责任领导(职务)": post,
            "计划开工时间": start,
            "计划竣工时间": "2027-12-31",
            "建设内容": f"{name}工程",
        }
        missing = set(values) - set(headers)
        assert not missing, f"the template lacks the columns {missing}"
        sheet.append([values.get(h) for h in headers])
    buf = BytesIO()
    out.save(buf)
    return buf.getvalue()


async def import_yearly_list(m: Month) -> None:
    d = m.desk
    resp = await d.call("GET", "/api/v1/project-lists/import-template.xlsx", OFFICE, params={"region_code": REGION})
    assert resp.headers["content-type"].startswith(XLSX)
    content = fill_template(resp.content)
    imported = await d.post(
        f"/api/v1/project-lists/{REGION}/{YEAR}/imports",
        who=OFFICE,
        expect=201,
        files={"file": ("栾川县2026年重点项目一览表.xlsx", content, XLSX)},
    )
    assert imported["created_count"] == len(PROJECTS), imported
    listed = await d.items("/api/v1/projects", OFFICE, region_code=REGION)
    m.projects = {p["code"]: p for p in listed}
    assert sorted(m.projects) == [p[0] for p in PROJECTS]
    first = await d.get(f"/api/v1/projects/{m.pid('LC-001')}", who=OFFICE)
    assert first["responsible_unit_id"] == m.units["交通局"]
    assert first["system_id"] == m.systems["基础设施"]
    # the other services learn of the list through the registry's outbox
    await d.settle()


# ---------------------------------------------------------------- the steps of the month


async def raise_problems(m: Month) -> None:
    """Two problems at the team level (服务团队): A on LC-001 raised by the unit, B on LC-002 by the office."""
    d = m.desk
    m.problems["A"] = await d.post(
        "/api/v1/problems",
        {"project_id": m.pid("LC-001"), "category": "land", "description": "用地预审未批复，影响开工"},
        who=m.liaison("交通局"),
        expect=201,
    )
    m.problems["B"] = await d.post(
        "/api/v1/problems",
        {"project_id": m.pid("LC-002"), "category": "demolition", "description": "桥头段征迁未完成"},
        who=OFFICE,
        expect=201,
    )
    for p in m.problems.values():
        assert (p["level"], p["status"], p["responsible_unit_id"]) == ("team", "awaiting_answer", m.units["交通局"])
        assert p["deadline"] == "2026-03-09", p  # five working days at the team level


async def problem(m: Month, key: str, who: str = OFFICE) -> JSON:
    return await m.desk.get(f"/api/v1/problems/{m.problems[key]['id']}", who=who)


async def timeline(m: Month, key: str) -> list[str]:
    events = await m.desk.items(f"/api/v1/problems/{m.problems[key]['id']}/timeline", OFFICE)
    return [e["action"] for e in events]


async def team_answers_but_does_not_solve(m: Month) -> None:
    for key in ("A", "B"):
        answered = await m.desk.post(
            f"/api/v1/problems/{m.problems[key]['id']}/answer",
            {"answer": "已对接相关部门，正在协调"},
            who=m.liaison("交通局"),
            expect=200,
        )
        assert answered["status"] == "answered"


async def timers_escalate_to_the_system_meeting(m: Month) -> None:
    d = m.desk
    assert (await d.job("issues", "problem-timers"))["escalated"] == 0  # 03-09 is the deadline day itself
    await d.at("2026-03-10")
    result = await d.job("issues", "problem-timers")
    assert result["escalated"] == 2, result
    for key in ("A", "B"):
        p = await problem(m, key)
        assert (p["level"], p["level_since"]) == ("system_meeting", "2026-03-10"), p
        assert (await timeline(m, key))[-1] == "auto_escalate"


async def plan_system_meeting(m: Month) -> None:
    """The weekly meeting of 现代基础设施体系, convened by 交通局: its agenda comes from the ladder."""
    d = m.desk
    body = {
        "region_code": REGION,
        "meeting_type": "system_meeting",
        "title": "现代基础设施体系推进例会",
        "system_id": m.systems["基础设施"],
        "convener_unit_id": m.units["交通局"],
        "chair_name": "李副县长",
        "place": "县政府三楼会议室",
        "meeting_date": "2026-03-12",
        "start_time": "09:00",
        "duration_minutes": 120,
        "invitations": [
            {"unit_id": m.units["交通局"], "expected_attendee": "张局长"},
            {"unit_id": m.units["自然资源局"], "expected_attendee": "刘局长"},
            {"unit_id": m.units["城关镇"], "expected_attendee": "陈镇长"},
        ],
    }
    meeting = await d.post("/api/v1/meetings", body, who=OFFICE, expect=201)
    m.meetings["system"] = meeting
    built = await d.post(f"/api/v1/meetings/{meeting['id']}/agenda/builds", who=m.liaison("交通局"), expect=200)
    on_agenda = {i["problem_id"]: i["project_code"] for i in built if i.get("problem_id")}
    assert on_agenda == {m.problems["A"]["id"]: "LC-001", m.problems["B"]["id"]: "LC-002"}, built
    meeting["agenda"] = built
    # 城关镇's head asks the convener for leave; the convening unit approves
    leave = await d.post(
        f"/api/v1/meetings/{meeting['id']}/leave-requests",
        {"reason": "参加市政府专题会议", "substitute_name": "周副镇长"},
        who=m.liaison("城关镇"),
        expect=201,
    )
    decided = await d.post(
        f"/api/v1/meetings/{meeting['id']}/leave-requests/{leave['id']}/decision",
        {"approve": True},
        who=m.liaison("交通局"),
        expect=200,
    )
    assert decided["status"] == "approved"
    for step in ("notice_sent", "agenda_frozen"):
        await d.post(f"/api/v1/meetings/{meeting['id']}/status-changes", {"to": step}, who=OFFICE, expect=201)


async def hold(m: Month, key: str, attendance: list[JSON] | None) -> list[JSON]:
    d = m.desk
    meeting = m.meetings[key]
    await d.post(f"/api/v1/meetings/{meeting['id']}/status-changes", {"to": "held"}, who=OFFICE, expect=201)
    if attendance is None:
        return []
    return await d.put(f"/api/v1/meetings/{meeting['id']}/attendance", {"records": attendance}, who=OFFICE)


async def hold_system_meeting_and_publish_minutes(m: Month) -> JSON:
    d = m.desk
    meeting = m.meetings["system"]
    await d.at("2026-03-12", "12:00")
    rows = await hold(
        m,
        "system",
        [
            {"unit_id": m.units["交通局"], "attendee_name": "张局长"},
            {"unit_id": m.units["自然资源局"], "attendee_name": "李副局长"},  # 替会: not the head
            {"unit_id": m.units["城关镇"], "attendee_name": "周副镇长"},  # leave approved
        ],
    )
    status = {r["unit_id"]: r["status"] for r in rows}
    assert status == {m.units["交通局"]: "present", m.units["自然资源局"]: "proxy", m.units["城关镇"]: "on_leave"}
    items = {i["problem_id"]: i["id"] for i in meeting["agenda"] if i.get("problem_id")}
    await d.put(
        f"/api/v1/meetings/{meeting['id']}/minutes",
        {
            "summary": "会议听取了现代基础设施体系项目进展汇报，协调解决了有关问题。",
            "outcomes": [
                {
                    "agenda_item_id": items[m.problems["A"]["id"]],
                    "outcome": "assigned",
                    "unit_id": m.units["自然资源局"],
                    "deadline": "2026-03-20",
                    "note": "自然资源局3月20日前完成用地预审",
                },
                {
                    "agenda_item_id": items[m.problems["B"]["id"]],
                    "outcome": "escalated",
                    "note": "提交县委县政府项目例会",
                },
            ],
            "decided_items": [
                {
                    "title": "完成伊河大桥桥头段征迁方案",
                    "owner_unit_id": m.units["城关镇"],
                    "due_date": "2026-03-18",
                    "project_id": m.pid("LC-002"),
                }
            ],
        },
        who=OFFICE,
    )
    published = await d.post(f"/api/v1/meetings/{meeting['id']}/minutes/publication", who=OFFICE, expect=200)
    assert published["status"] == "published"
    by_title = {i["title"]: i for i in published["decided_items"]}
    assert len(by_title) == 2, published["decided_items"]
    m.meetings["decided"] = {
        "assigned": next(i for i in published["decided_items"] if i["problem_id"] == m.problems["A"]["id"]),
        "demolition": by_title["完成伊河大桥桥头段征迁方案"],
    }
    assert m.meetings["decided"]["assigned"]["owner_unit_id"] == m.units["自然资源局"]
    assert (await d.get(f"/api/v1/meetings/{meeting['id']}", who=OFFICE))["status"] == "minutes_published"
    pending = [r for r in await d.outbox("meetings", "pending") if r["event_type"] == "minutes.published"]
    assert sorted(r["destination"] for r in pending) == ["issues"], pending  # scoring reads, it handles no event
    return published


async def minutes_reach_the_problems(m: Month) -> None:
    d = m.desk
    await d.settle()
    a = await problem(m, "A")
    assert (a["level"], a["status"], a["responsible_unit_id"], a["deadline"]) == (
        "system_meeting",
        "awaiting_answer",
        m.units["自然资源局"],
        "2026-03-20",
    ), a
    b = await problem(m, "B")
    assert b["level"] == "county_meeting", b
    a_steps, b_steps = await timeline(m, "A"), await timeline(m, "B")
    assert (a_steps[-1], a_steps.count("assign")) == ("assign", 1), a_steps  # applied once
    assert (b_steps[-1], b_steps.count("escalate")) == ("escalate", 1), b_steps
    delivered = [r for r in await d.outbox("meetings") if r["event_type"] == "minutes.published"]
    assert sorted((r["destination"], r["status"]) for r in delivered) == [("issues", "delivered")], delivered


async def attendance_bulletin(m: Month) -> None:
    bulletin = await m.desk.get(
        "/api/v1/attendance/bulletin", who=OFFICE, params={"region_code": REGION, "month": PERIOD}
    )
    assert [(r["unit_id"], r["status"], r["attendee_name"]) for r in bulletin["items"]] == [
        (m.units["自然资源局"], "proxy", "李副局长")
    ], bulletin  # leave approved: not in the bulletin


async def county_meeting_sends_b_to_leadership(m: Month) -> None:
    d = m.desk
    body = {
        "region_code": REGION,
        "meeting_type": "county_meeting",
        "title": "县委县政府重点项目调度例会",
        "convener_unit_id": m.units["发改委"],
        "chair_name": "县长",
        "place": "县委常委会议室",
        "meeting_date": "2026-03-16",
        "start_time": "09:00",
        "duration_minutes": 120,
        "invitations": [{"unit_id": m.units["交通局"], "expected_attendee": "张局长"}],
    }
    meeting = await d.post("/api/v1/meetings", body, who=OFFICE, expect=201)
    m.meetings["county"] = meeting
    built = await d.post(f"/api/v1/meetings/{meeting['id']}/agenda/builds", who=OFFICE, expect=200)
    problems = [i["problem_id"] for i in built if i.get("problem_id")]
    assert problems == [m.problems["B"]["id"]], built
    for step in ("notice_sent", "agenda_frozen"):
        await d.post(f"/api/v1/meetings/{meeting['id']}/status-changes", {"to": step}, who=OFFICE, expect=201)
    await d.at("2026-03-16", "12:00")
    await hold(m, "county", [{"unit_id": m.units["交通局"], "attendee_name": "张局长"}])
    item = next(i["id"] for i in built if i.get("problem_id"))
    await d.put(
        f"/api/v1/meetings/{meeting['id']}/minutes",
        {
            "summary": "会议听取了全县重点项目进展情况。",
            "outcomes": [{"agenda_item_id": item, "outcome": "escalated", "note": "提请县委县政府主要领导研究"}],
        },
        who=OFFICE,
    )
    await d.post(f"/api/v1/meetings/{meeting['id']}/minutes/publication", who=OFFICE, expect=200)
    await d.settle()
    b = await problem(m, "B")
    assert (b["level"], b["status"]) == ("leadership", "answered") or b["level"] == "leadership", b
    # the leader of the project's post sees it
    mine = await d.items("/api/v1/problems", LEADER)
    assert m.problems["B"]["id"] in {p["id"] for p in mine}


async def problem_a_solved_verified_closed(m: Month) -> None:
    d = m.desk
    await d.at("2026-03-17")
    zrzy = m.liaison("自然资源局")
    pid = m.problems["A"]["id"]
    answered = await d.post(
        f"/api/v1/problems/{pid}/answer",
        {"answer": "用地预审材料已受理，3月19日前批复", "planned_resolution_on": "2026-03-19"},
        who=zrzy,
    )
    assert answered["status"] == "answered"
    await d.at("2026-03-18")
    resolved = await d.post(
        f"/api/v1/problems/{pid}/resolve",
        {"resolution": "用地预审已批复", "meeting_id": m.meetings["system"]["id"]},
        who=zrzy,
    )
    assert resolved["status"] == "resolved"
    closed = await d.post(f"/api/v1/problems/{pid}/close", {"note": "核实已批复，销号"}, who=OFFICE)
    assert (closed["status"], closed["closed_on"]) == ("closed", "2026-03-18")
    item = m.meetings["decided"]["assigned"]
    done = await d.post(
        f"/api/v1/decided-items/{item['id']}/follow-ups", {"action": "done", "note": "已批复"}, who=zrzy, expect=201
    )
    assert done["status"] == "done"
    verified = await d.post(
        f"/api/v1/decided-items/{item['id']}/follow-ups", {"action": "verify"}, who=OFFICE, expect=201
    )
    assert verified["status"] == "verified"
    await d.settle()


async def decided_item_overdue_draws_a_letter(m: Month) -> None:
    d = m.desk
    await d.at("2026-03-19")
    result = await d.job("meetings", "decided-item-overdue")
    assert result["announced"] == 1, result
    assert (await d.job("meetings", "decided-item-overdue"))["announced"] == 0
    await d.settle()
    item = m.meetings["decided"]["demolition"]
    letters = await d.items("/api/v1/letters", OFFICE, decided_item_id=item["id"])
    assert [(x["unit_id"], x["grade"], x["project_id"]) for x in letters] == [
        (m.units["城关镇"], "push", m.pid("LC-002"))
    ], letters
    mine = await d.items("/api/v1/letters", m.liaison("城关镇"))
    assert item["id"] in {x["decided_item_id"] for x in mine}
    overdue = await d.items("/api/v1/decided-items", OFFICE, overdue="true")
    assert [(i["id"], i["is_overdue"]) for i in overdue] == [(item["id"], True)]


async def monthly_reports(m: Month) -> None:
    """交通局 reports LC-001 and LC-002 on time; 城关镇 reports LC-003 after the 22nd (late); 自然资源局 never
    reports LC-004 (the overdue job flags it, and a reminder letter follows)."""
    d = m.desk
    await d.at("2026-03-20")
    for code, amount in (("LC-001", "300"), ("LC-002", "2500")):
        report = await d.post(
            f"/api/v1/projects/{m.pid(code)}/progress-reports",
            {"period": PERIOD, "physical_progress": "主体施工", "investment_completed": amount, "submit": True},
            who=m.liaison("交通局"),
            expect=201,
        )
        assert (report["status"], report["is_late"]) == ("submitted", False), report
    await d.at("2026-03-24", "10:00")
    late = await d.post(
        f"/api/v1/projects/{m.pid('LC-003')}/progress-reports",
        {"period": PERIOD, "physical_progress": "管网开挖", "investment_completed": "100", "submit": True},
        who=m.liaison("城关镇"),
        expect=201,
    )
    assert late["is_late"] is True, late
    result = await d.job("registry", "progress-reports-overdue")
    assert result["marked"] == 1, result
    assert (await d.job("registry", "progress-reports-overdue"))["marked"] == 0
    overdue = await d.get(
        "/api/v1/progress-reports/overdue", who=OFFICE, params={"region_code": REGION, "period": PERIOD}
    )
    rows = overdue["items"] if isinstance(overdue, dict) else overdue
    assert [r["project_id"] for r in rows] == [m.pid("LC-004")], overdue
    await d.settle()
    letters = await d.items("/api/v1/letters", OFFICE, reason="report_overdue")
    assert [(x["unit_id"], x["project_id"]) for x in letters] == [(m.units["自然资源局"], m.pid("LC-004"))], letters


async def lights(m: Month) -> dict[str, dict[str, str]]:
    rows = await m.desk.items("/api/v1/warning-lights", OFFICE, region_code=REGION)
    out: dict[str, dict[str, str]] = {}
    for r in rows:
        out.setdefault(r["project_code"], {})[r["kind"]] = r["colour"]
    return out


async def first_lights(m: Month) -> None:
    """The lights on the first day: nobody has started late yet, but nothing was reported for February
    (序时进度 16.67% at its end), so the progress light of each project under way (续建) is yellow; the new starts
    have no progress light yet (it is for started projects: 开而未动、动而迟缓, seed 000), their start light
    speaks for them."""
    result = await m.desk.job("registry", "warning-lights-recompute")
    assert result["computed"] >= len(PROJECTS), result
    m.lights_before = await lights(m)
    assert m.lights_before == {
        code: {"start": "green", "progress": "green" if stage == "新开工" else "yellow", "procedure": "green"}
        for code, _, _, stage, *_ in PROJECTS
    }, m.lights_before
    await m.desk.settle()


async def lights_change(m: Month) -> None:
    d = m.desk
    await d.at("2026-04-01")
    result = await d.job("registry", "warning-lights-recompute")
    assert result["changed"] >= 3, result
    after = await lights(m)
    # planned to start in March, still not started: yellow; March reported against 序时进度 25%
    assert {code: kinds["start"] for code, kinds in after.items()} == {
        "LC-001": "yellow",
        "LC-002": "green",
        "LC-003": "yellow",
        "LC-004": "green",
    }, after
    assert {code: kinds["progress"] for code, kinds in after.items()} == {
        "LC-001": "green",  # not started: its start light is yellow instead
        "LC-002": "green",  # 2500 / 8000 = 31.25%
        "LC-003": "green",  # not started
        "LC-004": "yellow",  # nothing reported
    }, after
    for code, change in (("LC-001", ("start", "green", "yellow")), ("LC-002", ("progress", "yellow", "green"))):
        history = await d.items(f"/api/v1/projects/{m.pid(code)}/warning-lights/history", OFFICE)
        changes = [(h["kind"], h["from_colour"], h["to_colour"]) for h in history]
        assert change in changes, (code, changes)
    await d.settle()


async def monthly_ranking(m: Month) -> JSON:
    d = m.desk
    await d.at("2026-04-02")
    await d.post("/api/v1/scoring-schemes/defaults", {"region_code": REGION}, who=OFFICE, expect=201)
    schemes = await d.items("/api/v1/scoring-schemes", OFFICE, region_code=REGION)
    monthly = next(s for s in schemes if s["code"] == "qingshui-monthly")
    run = await d.post("/api/v1/scoring-runs", {"scheme_id": monthly["id"], "period": PERIOD}, who=OFFICE, expect=201)
    assert run["status"] == "draft"
    published = await d.post(f"/api/v1/scoring-runs/{run['id']}/publish", who=OFFICE, expect=200)
    assert published["status"] == "published"
    results = await d.items(f"/api/v1/scoring-runs/{run['id']}/results", OFFICE)
    ranking = [(r["subject_code"], r["rank"], r["total"]) for r in results]
    assert next(code for code, _, _ in sorted(ranking, key=lambda r: r[1])) == "LC-002", ranking
    lists = await d.get(f"/api/v1/scoring-runs/{run['id']}/lists", who=OFFICE)
    names = {p[0]: p[1] for p in PROJECTS}
    assert lists["praise"] and lists["criticism"], lists
    assert lists["praise"][0]["subject_name"] == names["LC-002"]
    assert names["LC-004"] in {e["subject_name"] for e in lists["criticism"]}
    # the region reads the published ranking
    seen = await d.items(f"/api/v1/scoring-runs/{run['id']}/results", SCORER)
    assert len(seen) == len(results)
    await d.settle()  # the issues service learns who was criticised (约谈 candidates)
    return {"run": run, "ranking": ranking, "lists": lists}


# ---------------------------------------------------------------- supervision: an inspection and its rectification

SPOT_FINDING = "施工现场安全警示标志缺失"
FUNDS_FINDING = "矿山生态修复县级配套资金200万元未拨付到位，影响治理进度"


async def periodic_inspection_of_a_project_behind(m: Month) -> None:
    """定期督查 (清水, seed 003) on 03-13: the office inspects the project behind (LC-004, nothing reported for
    February: its progress light is yellow) and records two findings, one closed on the spot and one to rectify by
    03-16, which goes on the ladder as a problem (C, at the team level, asked of 自然资源局) and opens its
    rectification (整改) in the same transaction. The 督查专报 names the finding."""
    d = m.desk
    behind = await d.get("/api/v1/inspections/behind-projects", who=OFFICE, params={"region_code": REGION})
    assert "LC-004" in {b["project_code"] for b in behind}, behind
    planned = await d.post(
        "/api/v1/inspections",
        {
            "region_code": REGION,
            "kind": "periodic",
            "theme": "3月份进度滞后项目定期督查",
            "lead": "王副县长",
            "team": [{"name": "王副县长", "title": "副县长"}, {"name": "王科长", "title": "督查科科长"}],
            "inspected_on": "2026-03-13",
            "project_ids": [m.pid("LC-004")],
        },
        who=OFFICE,
        expect=201,
    )
    recorded = await d.post(
        f"/api/v1/inspections/{planned['id']}/record",
        {
            "summary": "督查组实地察看进度滞后项目1个，发现问题2个，当场整改1个。",
            "checks": [
                {
                    "project_id": m.pid("LC-004"),
                    "reported_progress": "未报送2月份进度",
                    "observed_progress": "治理工程停工待料",
                    "funds_disbursed": "0",
                }
            ],
            "findings": [
                {
                    "project_id": m.pid("LC-004"),
                    "description": SPOT_FINDING,
                    "disposition": "on_the_spot",
                    "measures": "已当场责令补设",
                },
                {
                    "project_id": m.pid("LC-004"),
                    "category": "funds",
                    "description": FUNDS_FINDING,
                    "disposition": "problem",
                    "measures": "3月16日前拨付到位",
                    "rectification_due_on": "2026-03-16",
                },
            ],
        },
        who=OFFICE,
        expect=200,
    )
    assert recorded["status"] == "recorded"
    spot, funds = recorded["findings"]
    assert (spot["state"], spot["problem_id"], spot["rectification_id"]) == ("rectified", None, None), spot
    assert (funds["state"], funds["responsible_unit_id"], funds["rectification_status"]) == (
        "rectifying",
        m.units["自然资源局"],
        "open",
    ), funds
    m.inspection = recorded
    m.problems["C"] = await d.get(f"/api/v1/problems/{funds['problem_id']}", who=OFFICE)
    assert (m.problems["C"]["level"], m.problems["C"]["deadline"]) == ("team", "2026-03-16"), m.problems["C"]
    rects = await d.items("/api/v1/rectifications", OFFICE, region_code=REGION)
    assert [(r["source_kind"], r["source_id"], r["unit_id"], r["deadline"]) for r in rects] == [
        ("inspection_finding", funds["id"], m.units["自然资源局"], "2026-03-16")
    ], rects  # none for the finding closed on the spot
    resp = await d.call("GET", f"/api/v1/inspections/{planned['id']}/report.docx", OFFICE)
    text = official.all_text(official.read(resp.content))
    assert FUNDS_FINDING in text and SPOT_FINDING in text, text[:500]
    await d.settle()


async def the_finding_climbs_and_its_rectification_draws_a_letter(m: Month) -> None:
    """03-17: the rectification deadline (03-16) has passed. The ladder's timers take problem C up to the system
    meeting, and the rectifications' sweep sends 自然资源局 a letter for the overdue rectification, once however
    often it runs; the unit then answers on the ladder."""
    d = m.desk
    await d.at("2026-03-17")
    result = await d.job("issues", "problem-timers")
    assert (result["escalated"], result["answers_overdue"], result["deadlines_overdue"]) == (1, 0, 0), result
    c = await problem(m, "C")
    assert (c["level"], c["level_since"]) == ("system_meeting", "2026-03-17"), c
    assert (await timeline(m, "C"))[-1] == "auto_escalate"
    assert (await d.job("issues", "rectifications-sweep"))["issued"] == 1
    assert (await d.job("issues", "rectifications-sweep"))["issued"] == 0
    [rect] = await d.items("/api/v1/rectifications", OFFICE, region_code=REGION, overdue="true")
    letters = await d.items("/api/v1/letters", OFFICE, rectification_id=rect["id"])
    assert [(x["reason"], x["grade"], x["unit_id"], x["project_id"]) for x in letters] == [
        ("rectification_overdue", "push", m.units["自然资源局"], m.pid("LC-004"))
    ], letters
    answered = await d.post(
        f"/api/v1/problems/{c['id']}/answer",
        {"answer": "已报县财政局，正在办理拨付手续"},
        who=m.liaison("自然资源局"),
    )
    assert answered["status"] == "answered"
    found = await d.get(f"/api/v1/inspections/{m.inspection['id']}", who=OFFICE)
    assert [f["state"] for f in found["findings"]] == ["rectified", "overdue"], found["findings"]
    await d.settle()


async def supervision_notice(m: Month) -> None:
    """The month's 督查通报 names the inspection's findings: the one closed on the spot as rectified, the other
    past its deadline and open."""
    resp = await m.desk.call(
        "GET", "/api/v1/inspections/notice.docx", OFFICE, params={"region_code": REGION, "month": PERIOD}
    )
    text = official.all_text(official.read(resp.content))
    assert "关于2026年3月重点项目督查情况的通报" in text, text[:300]
    assert SPOT_FINDING in text and FUNDS_FINDING in text, text


# ---------------------------------------------------------------- 8. the composed views


def _ids(records: list[JSON] | None, key: str = "id") -> set[str]:
    return {str(r.get(key)) for r in records or []}


async def composed_views(m: Month) -> JSON:
    """The dossier, the dashboard and each user's to-dos show the month, each in one call and complete (no
    part missing). The next system meeting is planned first, so that the to-dos have a meeting to attend."""
    d = m.desk
    nxt = await d.post(
        "/api/v1/meetings",
        {
            "region_code": REGION,
            "meeting_type": "system_meeting",
            "title": "现代基础设施体系推进例会",
            "system_id": m.systems["基础设施"],
            "convener_unit_id": m.units["交通局"],
            "meeting_date": "2026-04-09",
            "start_time": "09:00",
            "invitations": [{"unit_id": m.units["自然资源局"], "expected_attendee": "刘局长"}],
        },
        who=OFFICE,
        expect=201,
    )
    views: JSON = {}

    # 一项目一档案: LC-002 carries the problem at leadership, the letter, both meetings, the overdue item
    dossier = await d.get(f"/api/v1/dossiers/{m.pid('LC-002')}", who=OFFICE)
    assert (dossier["complete"], dossier["missing"]) == (True, []), dossier["missing"]
    assert dossier["project"]["code"] == "LC-002"
    [open_problem] = dossier["problems"]
    assert (open_problem["problem"]["id"], open_problem["problem"]["level"]) == (m.problems["B"]["id"], "leadership")
    assert [e["action"] for e in open_problem["timeline"]] == [
        "raise",
        "answer",
        "auto_escalate",
        "escalate",
        "escalate",
    ]
    assert [(x["reason"], x["grade"]) for x in dossier["letters"]] == [("decided_item_overdue", "push")]
    assert [x["id"] for x in dossier["meetings"]] == [m.meetings["system"]["id"], m.meetings["county"]["id"]]
    assert [(x["id"], x["is_overdue"]) for x in dossier["decided_items"]] == [
        (m.meetings["decided"]["demolition"]["id"], True)
    ]
    assert {x["kind"]: x["colour"] for x in dossier["lights"]}["progress"] == "green"
    assert [(r["period"], r["status"]) for r in dossier["reports"]] == [(PERIOD, "submitted")]
    assert (dossier["completion"]["year_plan_rate"], dossier["completion"]["time_progress"]) == ("31.25", "25.00")
    assert [(x["period"], x["rank"]) for x in dossier["scores"]] == [(PERIOD, 1)]
    views["dossier LC-002"] = dossier["complete"]

    # LC-001: problem A is closed, so nothing open; not started in its month: the start light is yellow
    other = await d.get(f"/api/v1/dossiers/{m.pid('LC-001')}", who=OFFICE)
    assert other["complete"] and other["problems"] == [], other["problems"]
    assert {x["kind"]: x["colour"] for x in other["lights"]} == {
        "start": "yellow",
        "progress": "green",
        "procedure": "green",
    }

    # 挂图作战
    dash = await d.get("/api/v1/dashboard", who=OFFICE, params={"region_code": REGION, "year": YEAR})
    assert (dash["complete"], dash["missing"]) == (True, []), dash["missing"]
    assert {lv["level"]: lv["open"] for lv in dash["problems"]["by_level"]} == {
        "team": 0,
        "system_meeting": 1,  # C, the inspection's finding, taken up by the timers
        "county_meeting": 0,
        "leadership": 1,
    }
    assert [x["id"] for x in dash["overdue_decided_items"]] == [m.meetings["decided"]["demolition"]["id"]]
    assert [x["project_code"] for x in dash["overdue_reports"]] == ["LC-004"]
    assert [x["id"] for x in dash["upcoming_meetings"]] == [nxt["id"]]
    assert {p["code"]: p["light"] for p in dash["map_points"]} == {
        "LC-001": "yellow",
        "LC-002": "green",
        "LC-003": "yellow",
        "LC-004": "yellow",
    }
    names = {p[0]: p[1] for p in PROJECTS}
    assert dash["ranking"]["praise"][0]["subject_name"] == names["LC-002"]
    assert [x["subject_name"] for x in dash["ranking"]["criticism"]] == [names["LC-004"]]
    assert dash["statistics"]["totals"], dash["statistics"]
    views["dashboard"] = dash["complete"]

    # 我的待办, each user
    todos = {who: await d.get("/api/v1/todos", who=who) for who in (OFFICE, LEADER, SCORER, *LIAISONS.values())}
    for who, body in todos.items():
        assert (body["complete"], body["missing"]) == (True, []), (who, body["missing"])
    leader = {p["project"]["code"]: p for p in todos[LEADER]["leader_projects"]}
    assert set(leader) == {"LC-001", "LC-002"}  # the posts 李副县长 holds
    assert [q["id"] for q in leader["LC-002"]["open_problems"]] == [m.problems["B"]["id"]]
    assert {x["kind"]: x["colour"] for x in leader["LC-001"]["lights"]}["start"] == "yellow"
    cgz = todos[m.liaison("城关镇")]
    assert [x["reason"] for x in cgz["letters_to_reply"]] == ["decided_item_overdue"]
    assert [x["id"] for x in cgz["decided_items_due"]] == [m.meetings["decided"]["demolition"]["id"]]
    zrzy = todos[m.liaison("自然资源局")]
    assert [x["project_code"] for x in zrzy["reports_overdue"]] == ["LC-004"]
    assert sorted(x["reason"] for x in zrzy["letters_to_reply"]) == ["rectification_overdue", "report_overdue"]
    assert [x["id"] for x in zrzy["meetings"]] == [nxt["id"]]
    jtj = todos[m.liaison("交通局")]
    assert sorted((x["project_code"], x["period"]) for x in jtj["reports_due"]) == [
        ("LC-001", "2026-04"),
        ("LC-002", "2026-04"),
    ]
    assert [x["id"] for x in jtj["meetings"]] == [nxt["id"]]  # it convenes the meeting
    assert todos[SCORER]["score_sheets"] == []
    views["todos"] = sorted(todos)
    return views


# ---------------------------------------------------------------- the month


async def run_month(d: Desk, after_minutes: Hook | None = None) -> JSON:
    """The whole month; ``after_minutes`` runs right after the system meeting's minutes are published and
    before anything delivers them (the second run stops a service there)."""
    m = Month(d)
    await d.at("2026-03-02")
    await set_up_county(m)
    await import_yearly_list(m)
    await first_lights(m)
    await raise_problems(m)
    await d.at("2026-03-04")
    await team_answers_but_does_not_solve(m)
    await d.at("2026-03-09", "18:00")
    await timers_escalate_to_the_system_meeting(m)
    await plan_system_meeting(m)
    published = await hold_system_meeting_and_publish_minutes(m)
    if after_minutes is not None:
        await after_minutes(d, published)
    await minutes_reach_the_problems(m)
    await d.at("2026-03-13")
    await attendance_bulletin(m)
    await periodic_inspection_of_a_project_behind(m)
    await county_meeting_sends_b_to_leadership(m)
    await the_finding_climbs_and_its_rectification_draws_a_letter(m)
    await problem_a_solved_verified_closed(m)
    await decided_item_overdue_draws_a_letter(m)
    await monthly_reports(m)
    await lights_change(m)
    await supervision_notice(m)
    await d.job("issues", "letters-sweep")
    await d.settle()
    scores = await monthly_ranking(m)
    views = await composed_views(m)
    return {**await summary(m, scores), "views": views}


async def summary(m: Month, scores: JSON) -> JSON:
    """The end state, normalised (names instead of ids, no instants): two runs of the month compare equal."""
    d = m.desk
    names = {v: k for k, v in m.units.items()}
    problems = {}
    for key in m.problems:
        p = await problem(m, key)
        problems[key] = {
            "level": p["level"],
            "status": p["status"],
            "unit": names[p["responsible_unit_id"]],
            "timeline": await timeline(m, key),
        }
    letters = sorted(
        (x["reason"], x["grade"], names[x["unit_id"]], x["project_code"], x["number"])
        for x in await d.items("/api/v1/letters", OFFICE, region_code=REGION)
    )
    decided = sorted(
        (i["title"], names[i["owner_unit_id"]], i["status"], i["is_overdue"])
        for i in await d.items("/api/v1/decided-items", OFFICE, region_code=REGION)
    )
    inspection = await d.get(f"/api/v1/inspections/{m.inspection['id']}", who=OFFICE)
    supervision = {
        "inspection": (inspection["kind"], inspection["status"], inspection["inspected_on"]),
        "findings": [
            (f["position"], f["disposition"], f["state"], f["rectification_status"], f["rectification_due_on"])
            for f in inspection["findings"]
        ],
        "rectifications": sorted(
            (r["source_kind"], names[r["unit_id"]], r["project_code"], r["deadline"], r["status"], r["overdue"])
            for r in await d.items("/api/v1/rectifications", OFFICE, region_code=REGION)
        ),
    }
    outboxes = {}
    for service in ("registry", "issues", "meetings", "scoring"):
        rows = await d.outbox(service)
        outboxes[service] = sorted({(r["event_type"], r["destination"], r["status"]) for r in rows})
        assert all(r["status"] == "delivered" for r in rows), [r for r in rows if r["status"] != "delivered"]
    return {
        "problems": problems,
        "letters": letters,
        "supervision": supervision,
        "decided_items": decided,
        "lights": await lights(m),
        "ranking": scores["ranking"],
        "praise": [e["subject_name"] for e in scores["lists"]["praise"]],
        "criticism": [e["subject_name"] for e in scores["lists"]["criticism"]],
        "outbox_kinds": outboxes,
    }
