"""One quarter of 清水县 (seed 003, 清水县…加快重点项目建设实施方案, 2021) end to end, on the five apps as real
processes (each on its own database), driven through the gateway only, the clocks moved by the quarter.

What the seed says comes out of a quarter, and what this test drives and asserts (first quarter of 2026):

- 谋划储备 (§1, §2): units propose projects into their department and township libraries (三级滚动储备库); the
  office promotes the selected ones into the year's list ("总投资原则上500万元以上，年度计划投资200万元以上"), and
  an entry below the standard stays in the library for a later year.
- 一月一通报 (§17 "重点从项目谋划储备、资金争取、实施进度、制度履行、投资完成率5个方面，每月进行阶段性评价并向项目单位
  通报评价结果"): a run of the month scheme for January, February and March, each published to the units.
- 一季一排名 (§17 "每季度进行绩效评价综合排名，对前三名在全县通报表扬，对后三名在全县通报批评、约谈项目单位主要领导"):
  the quarter's ranking, its praise and criticism lists and notice; the scoring service's ``ranking.published``
  reaches the issues service, which proposes the bottom three for an interview (约谈), and one is recorded.
- Letters (§11 "对不能及时开工、进度缓慢、问题较多的项目单位及时发送《工作推进函》《工作提醒函》《工作督办函》"): a
  project moving slowly draws a 提醒函 when its progress light turns red and a 推进函 when it turns red again; its unit
  leaves a problem unanswered and draws a 督办函; a project not started on time draws a 推进函.

The county's rules come from its region profile, qingshui-2021, applied through the gateway (:func:`apply_profile`);
the five dimensions read the inputs the seed names (docs/scoring-dimensions.md). Each month's evaluation is notified
with no praise or criticism list, so only the quarter's bottom three are proposed for an interview.

清水县一个季度：储备项目纳入年度清单、按月五维评价并通报、季度综合排名（前三表扬、后三批评并约谈）、进度缓慢项目发函。"""

from __future__ import annotations

import time
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from tests.e2e.driver import JSON, PASSWORD, Desk
from tests.e2e.test_one_month import ENV
from tests.fixtures import official_docx as official
from tests.processes.cluster import running_cluster

pytestmark = pytest.mark.e2e

REGION = "620521"  # 甘肃省天水市清水县
YEAR = 2026
QUARTER = "2026-Q1"
MONTHS = ("2026-01", "2026-02", "2026-03")
OFFICE = "qs.office"
PROFILE = "qingshui-2021"  # 清水县2021年重点项目协同推进机制 (libs/kernel/src/tuijin/kernel/profiles/qingshui-2021)

UNITS = (  # key, name, kind
    ("发改局", "清水县发展和改革局", "department"),
    ("住建局", "清水县住房和城乡建设局", "department"),
    ("交通局", "清水县交通运输局", "department"),
    ("水务局", "清水县水务局", "department"),
    ("农业农村局", "清水县农业农村局", "department"),
    ("教育局", "清水县教育局", "department"),
    ("永清镇", "永清镇", "township"),
    ("白驼镇", "白驼镇", "township"),
)
LIAISONS = {key: f"qs.{i}" for i, (key, _, _) in enumerate(UNITS) if key != "发改局"}

# 序时进度 of the slow project follows its monthly plan (清水's push list sets each project's "月投资进度", §16):
# 800 in January, 400 in February and in March, 200 a month until July (2400 in all)
SLOW_MONTHLY_PLAN = ["800", "400", "400", "200", "200", "200", "200", "0", "0", "0", "0", "0"]


@dataclass(frozen=True)
class Listed:
    """A project of the year's list: 项目编号, 项目名称, 责任单位, stage, 总投资, 年度计划投资 (万元), 计划开工, and
    what it reports each month of the quarter: 完成投资 and 到位资金 (万元)."""

    code: str
    name: str
    unit: str
    stage: str
    total: int
    plan: int
    planned_start: str
    completed: tuple[int, int, int]
    funds: tuple[int, int, int]
    physical: tuple[int | None, int | None, int | None]
    monthly_plan: list[str] | None = None


LISTED = (
    Listed("QS-01", "清水县城区集中供热管网改造工程", "住建局", "under_construction", 12000, 4000, "2025-04-01",
           (500, 600, 700), (400, 500, 600), (30, 38, 45)),
    Listed("QS-02", "国道310线清水过境段改线工程", "交通局", "under_construction", 60000, 10000, "2025-03-15",
           (1200, 1300, 1500), (1000, 1200, 1500), (25, 32, 40)),
    Listed("QS-03", "永清镇污水处理厂提标改造工程", "永清镇", "under_construction", 8000, 3000, "2025-08-01",
           (300, 400, 350), (300, 300, 300), (40, 45, 50)),
    Listed("QS-04", "牛头河清水城区段综合治理工程", "水务局", "under_construction", 15000, 5000, "2025-05-01",
           (400, 400, 500), (0, 500, 0), (20, 24, 28)),
    # the slow project: nothing in January, a catch-up in February, nothing in March
    Listed("QS-07", "清水县城乡供水一体化工程", "水务局", "under_construction", 9000, 2400, "2025-06-01",
           (0, 600, 0), (0, 0, 0), (10, 10, 10), SLOW_MONTHLY_PLAN),
    # carried over from 2025, planned to start in October and still not started
    Listed("QS-08", "清水县职业教育中心实训楼建设项目", "教育局", "new_start", 20000, 3000, "2025-10-15",
           (0, 0, 0), (0, 0, 0), (None, None, None)),
)


@dataclass(frozen=True)
class Reserved:
    """A project of the reserve library (储备库): proposed by a unit into its level's library with its planned
    total and first-year investment, and (when promoted) what it reports once on the list."""

    code: str
    name: str
    unit: str
    level: str
    total: int
    first_year: int
    proposed_year: int
    completed: tuple[int, int, int] = (0, 0, 0)
    funds: tuple[int, int, int] = (0, 0, 0)
    physical: tuple[int | None, int | None, int | None] = (None, None, None)


RESERVED = (
    Reserved("QS-05", "清水县2026年高标准农田建设项目", "农业农村局", "department", 3000, 1500, 2026,
             (0, 150, 200), (0, 300, 0), (None, 5, 12)),
    Reserved("QS-06", "白驼镇蔬菜冷链物流中心", "白驼镇", "township", 2600, 1000, 2026, (0, 50, 100), (0, 0, 0),
             (None, None, 2)),
    # 交通局's library for next year's list
    Reserved("QS-10", "清水县通村公路提质改造工程", "交通局", "department", 6800, 2000, 2027),
    # below the selection standard (总投资原则上500万元以上，年度计划投资200万元以上): it stays in the library
    Reserved("QS-09", "永清镇农村人居环境整治提升项目", "永清镇", "township", 480, 150, 2027),
)
PROMOTED = ("QS-05", "QS-06")
# the node plans (时间节点): name, kind, planned date, date reached (None: not reached by the quarter's end). The
# nodes reached in the quarter are recorded when reached; the slow project misses its February node, the project
# carried over from 2025 its start, and 白驼镇's cold-chain centre its start in March.
NODES: dict[str, tuple[tuple[str, str, str, str | None], ...]] = {
    "QS-01": (("开工", "start", "2025-04-01", "2025-04-01"), ("一期主管网敷设完成", "intermediate", "2026-03-13",
              "2026-03-12"), ("竣工", "completion", "2027-12-15", None)),
    "QS-02": (("开工", "start", "2025-03-17", "2025-03-17"), ("路基工程完成", "intermediate", "2026-03-20",
              "2026-03-18"), ("竣工", "completion", "2027-12-15", None)),
    "QS-03": (("开工", "start", "2025-08-01", "2025-08-01"), ("生化池主体完工", "intermediate", "2026-03-27",
              "2026-03-20"), ("竣工", "completion", "2027-06-15", None)),
    "QS-04": (("开工", "start", "2025-05-06", "2025-05-06"), ("左岸堤防完工", "intermediate", "2026-03-31",
              "2026-03-20"), ("竣工", "completion", "2027-12-15", None)),
    "QS-05": (("开工", "start", "2026-02-10", "2026-02-10"), ("竣工", "completion", "2026-11-30", None)),
    "QS-06": (("开工", "start", "2026-03-16", None), ("竣工", "completion", "2026-12-15", None)),
    "QS-07": (("开工", "start", "2025-06-03", "2025-06-03"), ("主管网穿越段完成", "intermediate", "2026-02-27", None),
              ("竣工", "completion", "2027-12-15", None)),
    "QS-08": (("开工", "start", "2025-10-15", None), ("竣工", "completion", "2027-12-15", None)),
}
# money won (资金争取, seed §1 中央预算内投资、政府债券): financing needs of 2026 secured (project, 万元, channel)
SECURED = (("QS-02", 3000, "central_budget"), ("QS-01", 800, "special_bonds"))
LATE_IN_JANUARY = "QS-06"  # 白驼镇 reports January after the due day
SLOW, NOT_STARTED = "QS-07", "QS-08"
ON_THE_LIST = (*(p.code for p in LISTED), *PROMOTED)

# The quarter's ranking the inputs above make: the top three praised, the bottom three criticised (and proposed for
# an interview), distinct; and each dimension's score per project (see assert_dimensions).
TOP = ("QS-02", "QS-01", "QS-03")
BOTTOM = ("QS-08", "QS-07", "QS-06")  # worst first, as the criticism list gives them


@dataclass
class CountyDesk(Desk):
    """The desk of a county other than the month's: its accounts are made in ``region``."""

    region: str = REGION

    async def account(self, username: str, roles: list[str], *, unit_id: str | None = None,
                      person_id: str | None = None, display_name: str = "") -> JSON:
        body = {"username": username, "display_name": display_name or username, "password": PASSWORD,
                "roles": roles, "unit_id": unit_id, "person_id": person_id, "region_code": self.region}
        user = await self.post("/api/v1/users", body, who="admin", expect=201)
        self.users[username] = user
        return user


class Quarter:
    """What the quarter creates, by name."""

    def __init__(self, desk: CountyDesk) -> None:
        self.desk = desk
        self.units: dict[str, str] = {}
        self.projects: dict[str, JSON] = {}
        self.entries: dict[str, JSON] = {}
        self.schemes: dict[str, JSON] = {}
        self.runs: dict[str, JSON] = {}
        self.problem: JSON = {}
        self.nodes: dict[tuple[str, str], JSON] = {}

    def pid(self, code: str) -> str:
        return self.projects[code]["id"]

    def liaison(self, unit: str) -> str:
        return LIAISONS[unit]

    def code_of(self, project_id: str) -> str:
        return next(code for code, p in self.projects.items() if p["id"] == project_id)


# ---------------------------------------------------------------- the county's rules: its region profile


async def apply_profile(d: CountyDesk, code: str) -> None:
    """Apply 清水's region profile (qingshui-2021) to the region ``code`` for the year and wait for the outbox to
    settle: the registry sets its policies in one transaction and sends ``region.profile_applied`` to issues,
    meetings and scoring, which apply their parts (letters and interviews, the leaders' duties, the five-dimension
    schemes) when it reaches them."""
    applied = await d.post(f"/api/v1/regions/{code}/profile", {"profile": PROFILE, "year": YEAR}, who=OFFICE,
                           expect=200)
    assert (applied["profile"], applied["year"], applied["event"]) == (PROFILE, YEAR, "region.profile_applied")
    assert sorted(applied["requested_from"]) == ["issues", "meetings", "scoring"], applied
    assert "reserve_selection" in applied["changed"] + applied["unchanged"], applied
    await d.settle()
    # the parts the other services applied: the letters' grades (seed §11), only 排名靠后 proposes an interview
    # (seed §17), and the monthly evaluation is notified without praise or criticism (seed §17 一月一通报)
    letters = await d.get(f"/api/v1/issue-policies/{code}/letters", who=OFFICE, params={"year": YEAR})
    assert (letters["value"]["start_light_grade"], letters["value"]["progress_light_grade"]) == ("push", "reminder")
    interviews = await d.get(f"/api/v1/issue-policies/{code}/interviews", who=OFFICE, params={"year": YEAR})
    assert interviews["value"]["reasons"] == ["ranked_last"], interviews
    schemes = {s["code"]: s for s in await d.items("/api/v1/scoring-schemes", OFFICE, region_code=code)}
    sizes = {c: (schemes[c]["current"]["praise_size"], schemes[c]["current"]["criticism_size"])
             for c in ("qingshui-monthly", "qingshui-quarterly")}
    assert sizes == {"qingshui-monthly": (0, 0), "qingshui-quarterly": (3, 3)}, sizes


# ---------------------------------------------------------------- 0. the county, its units and accounts


async def set_up_county(q: Quarter) -> None:
    d = q.desk
    for code, name, level, parent in (
        ("620000", "甘肃省", "province", None),
        ("620500", "天水市", "prefecture", "620000"),
        (REGION, "清水县", "county", "620500"),
    ):
        await d.post("/api/v1/regions", {"code": code, "name": name, "level": level, "parent_code": parent},
                     who="admin", expect=201)
    await d.account(OFFICE, ["office"], display_name="清水县发展和改革局 重点项目股")
    for key, name, kind in UNITS:
        unit = await d.post("/api/v1/units", {"region_code": REGION, "name": name, "kind": kind}, who=OFFICE,
                            expect=201)
        q.units[key] = unit["id"]
    await d.call("PATCH", f"/api/v1/users/{d.users[OFFICE]['id']}", "admin", json={"unit_id": q.units["发改局"]},
                 headers={"If-Match": "*"})
    for unit, username in LIAISONS.items():
        await d.account(username, ["unit"], unit_id=q.units[unit], display_name=f"{unit} 项目联络员")
    await d.settle()


# ---------------------------------------------------------------- 1. the year's list and the reserve library


async def register_the_list(q: Quarter) -> None:
    """The year's list as the county government approved it: each project with its plan for 2026."""
    d = q.desk
    for p in LISTED:
        project = await d.post("/api/v1/projects", {
            "region_code": REGION, "code": p.code, "name": p.name, "stage": p.stage,
            "total_investment": str(p.total), "responsible_unit_id": q.units[p.unit],
        }, who=OFFICE, expect=201)
        await d.put(f"/api/v1/projects/{project['id']}/year-plans/{YEAR}", {
            "planned_investment": str(p.plan), "planned_start_date": p.planned_start,
            "planned_completion_date": "2027-12-31", "monthly_plan": p.monthly_plan,
        }, who=OFFICE)
        q.projects[p.code] = project


async def reserve_library_and_promotion(q: Quarter) -> None:
    """Units propose projects into their libraries (a department's, a township's); the office promotes the two that
    meet the selection standard into 2026's list, all at once; the one below it stays in the library for 2027."""
    d = q.desk
    for r in RESERVED:
        project = await d.post("/api/v1/projects", {
            "region_code": REGION, "code": r.code, "name": r.name, "stage": "reserve",
            "total_investment": str(r.total), "responsible_unit_id": q.units[r.unit],
        }, who=OFFICE, expect=201)
        q.projects[r.code] = project
        entry = await d.post("/api/v1/reserve-entries", {
            "project_id": project["id"], "level": r.level, "proposing_unit_id": q.units[r.unit],
            "category": "ordinary", "planned_first_year": str(r.first_year), "proposed_year": r.proposed_year,
            "note": f"{r.unit}申报",
        }, who=q.liaison(r.unit), expect=201)
        assert (entry["status"], entry["level"], entry["planned_total"]) == ("in_reserve", r.level, f"{r.total}.00")
        q.entries[r.code] = entry
    checks = {code: e["check"]["passed"] for code, e in q.entries.items()}
    assert checks == {"QS-05": True, "QS-06": True, "QS-09": False, "QS-10": True}, q.entries
    failing = {(x["rule"], x["value"], x["threshold"], x["passed"]) for x in q.entries["QS-09"]["check"]["rules"]}
    assert failing == {("total_investment", "480.00", "500.00", False),
                       ("first_year_investment", "150.00", "200.00", False)}, failing
    # a unit proposes into its own library only: the county library is compiled by the office
    await d.post("/api/v1/reserve-entries", {
        "project_id": q.pid("QS-09"), "level": "county", "proposing_unit_id": q.units["永清镇"],
        "planned_first_year": "150", "proposed_year": 2027,
    }, who=q.liaison("永清镇"), expect=403)
    # promoting one below the standard without a reason refuses the whole batch, naming it with its numbers
    refused = await d.post("/api/v1/reserve-entries/promotions", {"year": YEAR, "items": [
        {"entry_id": q.entries["QS-05"]["id"]}, {"entry_id": q.entries["QS-09"]["id"]},
    ]}, who=OFFICE, expect=422)
    assert refused["code"] == "promotion_refused", refused
    assert [e["field"] for e in refused["errors"]] == ["body.items.1.override_reason"], refused
    promoted = await d.post("/api/v1/reserve-entries/promotions", {"year": YEAR, "items": [
        {"entry_id": q.entries[code]["id"], "to_stage": "new_start"} for code in PROMOTED
    ]}, who=OFFICE, expect=200)
    assert [(e["project_code"], e["status"], e["promoted_year"], e["project_stage"]) for e in promoted] == [
        (code, "promoted", YEAR, "new_start") for code in PROMOTED
    ], promoted
    for r in RESERVED:
        if r.code in PROMOTED:
            plan = await d.get(f"/api/v1/projects/{q.pid(r.code)}/year-plans/{YEAR}", who=OFFICE)
            assert plan["planned_investment"] == f"{r.first_year}.00", plan
    library = await d.items("/api/v1/reserve-entries", OFFICE, region_code=REGION)
    assert sorted((e["project_code"], e["status"], e["proposed_year"]) for e in library) == [
        ("QS-05", "promoted", 2026), ("QS-06", "promoted", 2026), ("QS-09", "in_reserve", 2027),
        ("QS-10", "in_reserve", 2027),
    ], library
    listed = await d.items("/api/v1/projects", OFFICE, region_code=REGION)
    q.projects = {p["code"]: p for p in listed}
    await d.settle()


async def node_plans_and_money_won(q: Quarter) -> None:
    """Each project on the list gets its node plan (时间节点, the nodes reached before today with their dates); two
    projects have central budget and bond money secured for 2026 (资金争取)."""
    d = q.desk
    for code, nodes in NODES.items():
        for name, kind, planned, reached in nodes:
            body = {"name": name, "kind": kind, "planned_date": planned}
            if reached is not None and reached <= d.today.isoformat():
                body["actual_date"] = reached
            node = await d.post(f"/api/v1/projects/{q.pid(code)}/milestones", body, who=OFFICE, expect=201)
            q.nodes[(code, name)] = node
    for code, amount, channel in SECURED:
        need = await d.post("/api/v1/financing-needs", {
            "project_id": q.pid(code), "year": YEAR, "amount": str(amount), "channel": channel, "status": "secured",
        }, who=OFFICE, expect=201)
        assert need["status"] == "secured", need


async def record_nodes_reached(q: Quarter) -> None:
    """The units record the nodes of their projects reached by today (each on the day it was reached)."""
    d = q.desk
    for code, nodes in NODES.items():
        for name, _, _, reached in nodes:
            node = q.nodes[(code, name)]
            if reached is None or node.get("actual_date") or reached > d.today.isoformat():
                continue
            q.nodes[(code, name)] = (await d.call(
                "PATCH", f"/api/v1/projects/{q.pid(code)}/milestones/{node['id']}", q.liaison(plan_of(code).unit),
                json={"actual_date": reached}, headers={"If-Match": "*"},
            )).json()
            assert q.nodes[(code, name)]["actual_date"] == reached


# ---------------------------------------------------------------- the months: reports, lights, letters


def plan_of(code: str) -> Listed | Reserved:
    return next(p for p in (*LISTED, *RESERVED) if p.code == code)


async def report_month(q: Quarter, month: int, *, late: tuple[str, ...] = ()) -> None:
    """Each unit reports its projects of the month in one form (批量报送); the projects in ``late`` are left out
    (reported later by :func:`report_late`)."""
    d = q.desk
    by_unit: dict[str, list[JSON]] = {}
    for code in ON_THE_LIST:
        if code in late:
            continue
        p = plan_of(code)
        by_unit.setdefault(p.unit, []).append(_report_item(q, code, month))
    for unit, items in by_unit.items():
        done = await d.post("/api/v1/progress-reports/bulk", {"period": MONTHS[month], "submit": True, "items": items},
                            who=q.liaison(unit), expect=200)
        assert all((r["status"], r["is_late"]) == ("submitted", False) for r in done["items"]), done


def _report_item(q: Quarter, code: str, month: int) -> JSON:
    p = plan_of(code)
    completed, physical = p.completed[month], p.physical[month]
    return {"project_id": q.pid(code), "investment_completed": str(completed), "funds_in_place": str(p.funds[month]),
            "physical_progress": "按计划推进" if completed else "停工待料，未形成实物工程量",
            "physical_percent": None if physical is None else str(physical)}


async def report_late(q: Quarter, code: str, month: int) -> None:
    p = plan_of(code)
    report = await q.desk.post(f"/api/v1/projects/{q.pid(code)}/progress-reports", {
        "period": MONTHS[month], "submit": True, **{k: v for k, v in _report_item(q, code, month).items()
                                                     if k != "project_id"},
    }, who=q.liaison(p.unit), expect=201)
    assert report["is_late"] is True, report


async def lights(q: Quarter) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for r in await q.desk.items("/api/v1/warning-lights", OFFICE, region_code=REGION):
        out.setdefault(r["project_code"], {})[r["kind"]] = r["colour"]
    return out


async def recompute_lights(q: Quarter) -> dict[str, dict[str, str]]:
    await q.desk.job("registry", "warning-lights-recompute")
    await q.desk.settle()
    return await lights(q)


async def letters(q: Quarter) -> list[tuple[str, str, str, str]]:
    """(project, reason, grade, unit) of every letter of the region, in the order issued."""
    names = {v: k for k, v in q.units.items()}
    rows = await q.desk.items("/api/v1/letters", OFFICE, region_code=REGION)
    rows.sort(key=lambda x: (x["issued_at"], x["serial"]))
    return [(x["project_code"], x["reason"], x["grade"], names[x["unit_id"]]) for x in rows]


async def january(q: Quarter) -> None:
    """The reports of January by the 22nd (白驼镇's after it); on the 23rd the slow project, nothing done against the
    third of its year planned for January, turns red and its unit gets a 提醒函."""
    d = q.desk
    await d.at("2026-01-20", "10:00")
    await report_month(q, 0, late=(LATE_IN_JANUARY,))
    await d.at("2026-01-23")
    after = await recompute_lights(q)
    assert after[SLOW]["progress"] == "red", after
    assert after[NOT_STARTED]["start"] == "yellow", after  # October, three months past: not yet red
    assert await letters(q) == [(SLOW, "moving_slowly", "reminder", "水务局")]
    await d.at("2026-01-26", "11:00")
    await report_late(q, LATE_IN_JANUARY, 0)
    await d.settle()


async def monthly_evaluation(q: Quarter, month: int) -> JSON:
    """一月一通报: the month scheme's run of the month, read by the office as a draft, published, and then read by the
    units: the month's results, their own projects' results and the month's notice."""
    d = q.desk
    period = MONTHS[month]
    run = await d.post("/api/v1/scoring-runs", {"scheme_id": q.schemes["qingshui-monthly"]["id"], "period": period},
                       who=OFFICE, expect=201)
    assert run["status"] == "draft"
    hidden = await d.call("GET", f"/api/v1/scoring-runs/{run['id']}/results", q.liaison("水务局"), expect=403)
    assert hidden.json()["code"] == "draft_not_visible"
    published = await d.post(f"/api/v1/scoring-runs/{run['id']}/publish", who=OFFICE, expect=200)
    assert published["status"] == "published"
    await d.settle()
    results = await d.items(f"/api/v1/scoring-runs/{run['id']}/results", OFFICE)
    assert sorted(r["subject_code"] for r in results) == sorted(ON_THE_LIST), results
    for r in results:
        assert [x["name"] for x in r["dimensions"]] == ["谋划储备", "资金争取", "实施进度", "制度履行", "投资完成率"], r
    # published to the units: 水务局 reads the month's results and its projects' own
    seen = await d.items("/api/v1/scoring-runs", q.liaison("水务局"), region_code=REGION, period=period)
    assert [x["id"] for x in seen] == [run["id"]], seen
    own = await d.get("/api/v1/scoring-runs/subject-results", who=q.liaison("水务局"),
                      params={"subject_id": q.pid(SLOW), "region_code": REGION})
    assert own[0]["period"] == period and own[0]["run_id"] == run["id"], own
    # notified to the units, not a praise or criticism list (that is the quarter's ranking)
    lists = await d.get(f"/api/v1/scoring-runs/{run['id']}/lists", who=OFFICE)
    assert (lists["praise"], lists["criticism"]) == ([], []), lists
    # the month's notice (通报), as the units download it: the period in words and every project of the list ranked
    resp = await d.call("GET", f"/api/v1/scoring-runs/{run['id']}/notice.docx", q.liaison("水务局"))
    text = official.all_text(official.read(resp.content))
    words = f"{YEAR}年{month + 1}月"
    assert f"关于{words}{q.schemes['qingshui-monthly']['name']}情况的通报" in text, text[:400]
    assert all(plan_of(code).name in text for code in ON_THE_LIST), text
    q.runs[period] = run
    return {r["subject_code"]: r for r in results}


async def february(q: Quarter) -> None:
    """02-02: January's evaluation; the project carried over from October, four months past its planned start,
    turns its start light red and draws a 推进函. 02-10 the high-standard farmland project starts. The reports of
    February: the slow project catches up a little (its light goes back to yellow, which draws nothing)."""
    d = q.desk
    await d.at("2026-02-02")
    after = await recompute_lights(q)
    assert after[NOT_STARTED]["start"] == "red", after
    assert (await letters(q))[1:] == [(NOT_STARTED, "not_started", "push", "教育局")]
    january_results = await monthly_evaluation(q, 0)
    assert january_results[LATE_IN_JANUARY]["dimensions"][3]["score"] == "12.00", january_results[LATE_IN_JANUARY]
    await d.at("2026-02-10")
    started = await d.post(f"/api/v1/projects/{q.pid('QS-05')}/stage-changes",
                           {"to_stage": "under_construction", "reason": "开工建设", "changed_on": "2026-02-10"},
                           who=OFFICE, expect=201)
    assert started["to_stage"] == "under_construction", started
    await record_nodes_reached(q)
    await d.at("2026-02-20", "10:00")
    await report_month(q, 1)
    await d.at("2026-02-24")
    after = await recompute_lights(q)
    assert after[SLOW]["progress"] == "yellow", after
    assert len(await letters(q)) == 2


async def march(q: Quarter) -> None:
    """03-02: February's evaluation; the office puts a problem of the slow project to 水务局, which does not answer:
    five working days past the answer's due day the timers mark the answer overdue (the problem, unsolved at the
    team level, goes up a level) and the letters' sweep sends a 督办函. The reports of March: the slow
    project reports nothing, turns red again and draws a 推进函 (its second letter for moving slowly)."""
    d = q.desk
    await d.at("2026-03-02")
    await monthly_evaluation(q, 1)
    q.problem = await d.post("/api/v1/problems", {
        "project_id": q.pid(SLOW), "category": "demolition",
        "description": "供水主管网穿越段征迁协调未完成，影响管网铺设",
    }, who=OFFICE, expect=201)
    assert q.problem["responsible_unit_id"] == q.units["水务局"], q.problem
    due = q.problem["answer_due_on"]
    assert due == "2026-03-06", q.problem  # four working days (the ladder's answer timer)
    await d.at("2026-03-16")
    timers = await d.job("issues", "problem-timers")
    assert (timers["answers_overdue"], timers["escalated"]) == (1, 1), timers  # and up to the 联席会议 level
    swept = await d.job("issues", "letters-sweep")
    assert swept["issued"] == 1, swept
    assert (await d.job("issues", "letters-sweep"))["issued"] == 0
    assert (await letters(q))[2:] == [(SLOW, "answer_overdue", "supervision", "水务局")]
    await d.at("2026-03-20", "10:00")
    await report_month(q, 2)
    await record_nodes_reached(q)
    await d.at("2026-03-23")
    after = await recompute_lights(q)
    assert after[SLOW]["progress"] == "red", after
    assert (await letters(q))[3:] == [(SLOW, "moving_slowly", "push", "水务局")]
    # the slow project's unit holds the three grades, each as its official document
    mine = await d.items("/api/v1/letters", q.liaison("水务局"))
    grades = {x["grade"]: x for x in mine}
    assert sorted(grades) == ["push", "reminder", "supervision"], mine
    for grade, label in (("reminder", "工作提醒函"), ("push", "工作推进函"), ("supervision", "工作督办函")):
        letter = grades[grade]
        assert letter["title"].endswith(label) and letter["project_code"] == SLOW, letter
        resp = await d.call("GET", f"/api/v1/letters/{letter['id']}/document.docx", q.liaison("水务局"))
        text = official.all_text(official.read(resp.content))
        assert label in text and letter["number"] in text, text[:400]


# ---------------------------------------------------------------- the quarter's evaluation and ranking


SCORES = ("planning_reserve", "fund_acquisition", "implementation_progress", "compliance", "investment_completion")
# each dimension's score in the quarter's ranking, per project (谋划储备, 资金争取, 实施进度, 制度履行, 投资完成率),
# and the total; see assert_dimensions for the rule each column states
QUARTER_SCORES: dict[str, tuple[str, str, str, str, str, str]] = {
    "QS-01": ("0.00", "2.13", "20.00", "15.00", "18.00", "55.13"),
    "QS-02": ("2.00", "3.11", "20.00", "15.00", "16.00", "56.11"),
    "QS-03": ("2.00", "0.90", "20.00", "15.00", "14.00", "51.90"),
    "QS-04": ("0.00", "0.30", "18.49", "15.00", "10.40", "44.19"),
    "QS-05": ("6.00", "0.60", "17.74", "15.00", "9.33", "48.67"),
    "QS-06": ("6.00", "0.00", "2.93", "12.00", "6.00", "26.93"),
    "QS-07": ("0.00", "0.00", "2.46", "3.00", "10.00", "15.46"),
    "QS-08": ("0.00", "0.00", "0.00", "12.00", "0.00", "12.00"),
}


def assert_dimensions(results: dict[str, JSON]) -> None:
    """The quarter's five dimensions per project, from the inputs the seed names (清水's schemes, whose points are
    our choice, docs/scoring-dimensions.md):

    - 谋划储备 (§1): the library the project's unit built, 2 per department or township entry and 4 more per entry
      promoted into a list: 农业农村局 and 白驼镇 each promoted their entry (6), 交通局 and 永清镇 each have one for
      2027 still in the library (2), the other units none (0) — the investment of the project does not enter;
    - 资金争取 (§1, §3 资金到位率): 3 × the year's funds in place over the year's plan, plus 2 for central budget or
      bond money secured of 1000万元 or more (QS-02's 3000) and 1 for less (QS-01's 800); no funds in place, 0;
    - 实施进度 (§16 "重点对照项目推进计划"): 12 for the node plan's due nodes reached on time, 8 for 形象进度 at the
      plan's pace: the slow project missed its February node, the two unstarted ones their start;
    - 制度履行: 15 less 3 per late report, per letter received and per problem answered late;
    - 投资完成率: 40 × the year's completed investment over the year's plan at the quarter's end."""
    got = {}
    for code, r in results.items():
        scores = {x["code"]: x["score"] for x in r["dimensions"]}
        got[code] = (*(scores[c] for c in SCORES), f"{Decimal(r['total']):.2f}")
    assert got == QUARTER_SCORES, got
    why = {code: {x["code"]: x["explanation"] for x in r["dimensions"]} for code, r in results.items()}
    assert "部门储备库入库 1 个 × 2 + 纳入年度清单 1 个 × 4 = 6" in why["QS-05"]["planning_reserve"], why["QS-05"]
    assert "乡镇储备库入库 1 个 × 2 + 纳入年度清单 1 个 × 4 = 6" in why["QS-06"]["planning_reserve"], why["QS-06"]
    assert "到位资金 3700 ÷ 年度计划投资 10000 × 3 = 1.11" in why["QS-02"]["fund_acquisition"], why["QS-02"]
    assert "3000 ≥ 1000，得 2 分" in why["QS-02"]["fund_acquisition"], why["QS-02"]
    assert "主管网穿越段完成（计划 2026-02-27，未完成）" in why[SLOW]["implementation_progress"], why[SLOW]
    assert "开工（计划 2025-10-15，未完成）" in why[NOT_STARTED]["implementation_progress"], why[NOT_STARTED]
    assert "收到督办函件 3 次" in why[SLOW]["compliance"] and "问题办理逾期 1 次" in why[SLOW]["compliance"], why[SLOW]
    assert "进度报告迟报漏报 1 次" in why[LATE_IN_JANUARY]["compliance"], why[LATE_IN_JANUARY]


async def quarterly_ranking(q: Quarter) -> JSON:
    """04-02: March's evaluation, then the quarter's ranking (一季一排名): the top three praised, the bottom three
    criticised, in the lists and in the notice; the ranking as .xlsx."""
    d = q.desk
    await d.at("2026-04-02")
    march_results = await monthly_evaluation(q, 2)
    march_bottom = sorted(march_results.values(), key=lambda r: r["rank"])[-3:]
    assert {r["subject_code"] for r in march_bottom} == set(BOTTOM), march_bottom
    # a month's evaluation proposes nobody for an interview
    assert await d.get("/api/v1/interviews/candidates", who=OFFICE, params={"region_code": REGION}) == []
    run = await d.post("/api/v1/scoring-runs", {"scheme_id": q.schemes["qingshui-quarterly"]["id"], "period": QUARTER},
                       who=OFFICE, expect=201)
    assert (run["status"], run["period"]) == ("draft", QUARTER), run
    await d.post(f"/api/v1/scoring-runs/{run['id']}/publish", who=OFFICE, expect=200)
    q.runs[QUARTER] = run
    results = {r["subject_code"]: r for r in await d.items(f"/api/v1/scoring-runs/{run['id']}/results", OFFICE)}
    assert_dimensions(results)
    ranking = [code for code, _ in sorted(results.items(), key=lambda kv: kv[1]["rank"])]
    assert len(set(r["rank"] for r in results.values())) == len(results), results  # no ties
    assert tuple(ranking[:3]) == TOP and tuple(reversed(ranking[-3:])) == BOTTOM, ranking
    lists = await d.get(f"/api/v1/scoring-runs/{run['id']}/lists", who=OFFICE)
    assert [e["subject_code"] for e in lists["praise"]] == list(TOP), lists
    assert [e["subject_code"] for e in lists["criticism"]] == list(BOTTOM), lists
    names = {code: plan_of(code).name for code in q.projects}
    resp = await d.call("GET", f"/api/v1/scoring-runs/{run['id']}/notice.docx", OFFICE)
    text = official.all_text(official.read(resp.content))
    assert "2026年第一季度" in text, text[:400]
    assert f"综合排名前3位的{'、'.join(names[c] for c in TOP)}" in text, text
    assert f"综合排名后3位的{'、'.join(names[c] for c in BOTTOM)}" in text, text
    sheet = await d.call("GET", f"/api/v1/scoring-runs/{run['id']}/ranking.xlsx", OFFICE)
    rows = load_workbook(BytesIO(sheet.content))["排名"].iter_rows(values_only=True)
    listed = [(row[1], row[-1]) for row in rows if isinstance(row[1], str) and row[1].startswith("QS-")]
    assert listed == [(code, float(QUARTER_SCORES[code][-1])) for code in ranking], listed
    await d.settle()  # ranking.published reaches the issues service
    return {"ranking": ranking, "lists": lists}


async def interviews_of_the_bottom_three(q: Quarter) -> list[JSON]:
    """The issues service proposes the bottom three of the quarter's ranking for an interview (考核排名靠后), and no
    one else (清水's only reason, seed §17); the office records the interview with the head of the slow project's
    unit."""
    d = q.desk
    candidates = await d.get("/api/v1/interviews/candidates", who=OFFICE, params={"region_code": REGION})
    assert sorted((c["project_code"], c["reasons"]) for c in candidates) == sorted(
        (code, ["ranked_last"]) for code in BOTTOM
    ), candidates
    await d.at("2026-04-08", "15:00")
    interview = await d.post("/api/v1/interviews", {
        "region_code": REGION, "project_id": q.pid(SLOW), "interviewee_kind": "unit_head",
        "interviewee_name": "赵某某", "interviewee_title": "清水县水务局局长", "unit_id": q.units["水务局"],
        "reasons": ["ranked_last"], "held_on": "2026-04-08", "location": "县政府第一会议室",
        "interviewer": "县政府分管副县长",
        "summary": "一季度重点项目绩效评价综合排名后三位，进度严重滞后于月投资计划。",
        "commitments": "4月底前完成主管网穿越段征迁，5月底前追回序时进度", "rectification_due_on": "2026-05-29",
    }, who=OFFICE, expect=201)
    assert (interview["unit_name"], interview["project_code"]) == ("清水县水务局", SLOW), interview
    after = await d.get("/api/v1/interviews/candidates", who=OFFICE, params={"region_code": REGION})
    assert {c["project_code"]: c["last_interview_on"] for c in after}[SLOW] == "2026-04-08", after
    return candidates


# ---------------------------------------------------------------- the quarter


async def run_quarter(d: CountyDesk) -> JSON:
    q = Quarter(d)
    await d.at("2026-01-05")
    await set_up_county(q)
    await apply_profile(d, REGION)
    schemes = await d.items("/api/v1/scoring-schemes", OFFICE, region_code=REGION)
    q.schemes = {s["code"]: s for s in schemes}
    assert {"qingshui-monthly", "qingshui-quarterly"} <= set(q.schemes), sorted(q.schemes)
    await register_the_list(q)
    await reserve_library_and_promotion(q)
    await node_plans_and_money_won(q)
    first = await recompute_lights(q)
    assert first[NOT_STARTED]["start"] == "yellow" and first[SLOW]["progress"] == "green", first
    await january(q)
    await february(q)
    await march(q)
    ranked = await quarterly_ranking(q)
    await interviews_of_the_bottom_three(q)
    outboxes = {service: await d.outbox(service) for service in ("registry", "issues", "meetings", "scoring")}
    for service, rows in outboxes.items():
        assert all(r["status"] == "delivered" for r in rows), (service, [r for r in rows if r["status"] != "delivered"])
    return ranked


@pytest.fixture
def county_cluster(fresh_databases: Any, tmp_path_factory: pytest.TempPathFactory):
    async def run() -> tuple[JSON, float]:
        var_dir: Path = tmp_path_factory.mktemp("qingshui")
        started = time.monotonic()
        async with running_cluster(var_dir, fresh_databases.new, ENV) as cluster:
            async with httpx.AsyncClient(base_url=cluster.gateway, timeout=30.0, trust_env=False) as http:
                out = await run_quarter(CountyDesk(cluster=cluster, http=http))
        return out, time.monotonic() - started

    return run


async def test_qingshui_quarter_promotes_reserve_projects_evaluates_monthly_ranks_the_quarter_and_sends_letters(
    county_cluster: Any,
):
    ranked, seconds = await county_cluster()
    assert tuple(ranked["ranking"][:3]) == TOP and tuple(reversed(ranked["ranking"][-3:])) == BOTTOM
    print(f"清水 quarter end to end: {seconds:.1f} s")
