"""楚雄州 runs as itself for a month (April 2026), end to end: the five apps as real processes, driven through the
gateway only, the clocks moved by the scenario (seed 001, 楚雄州人民政府关于分解落实全州重点督查的"3个30项目"的通知).

The month, by the seed's own words:
- 四(一) "在每月8日前将上月的进展情况报……由稽察办进行核实汇总后,于每月12日前报州政府领导": March's monthly reports are
  due by 8 April; one unit reports a day late, one never reports; the 稽察办 verifies them by the 12th (a Sunday in
  2026: the next working day, 13 April, our choice as the region's due rule says). "各责任单位月信息报送情况由稽察办进行
  登记,并纳入年终绩效考核计分": the late report and the missing one are counted, per unit and per project.
- 四(三) "有关部门应于接到报送问题的4个工作日内,就有关问题的解决思路和时限等作出明确答复": two problems handed to the
  units on 2 April are due an answer on 9 April (4 working days, 清明 4–6 April not counted); one is answered in time,
  the other late, which draws the letter the region's letter rules name and is marked late in the ledger.
  "州重点办根据反馈意见组织召开重点项目协调会……对经协调仍无法解决的问题统一报请州人民政府协调解决": neither is solved
  within the units' 5 working days (the profile's timer, our choice), so both go up to 州重点办's coordination meeting.
- 四(一) "各责任单位于4月15日、7月15日、10月15日前专题向州人民政府作书面报告": the first quarter's written reports
  are due on 15 April; two are submitted (one returned, corrected and accepted), and the two projects without one
  are listed as overdue the day after. "州政府督查室每季度对项目完成情况进行通报": the first quarter's completion is
  ranked and notified (通报) on 16 April.

The county's rules come from its region profile (``chuxiong-2015``), applied by :func:`apply_profile`.

楚雄州一个月的端到端流程：月报8日前报送、12日前核实，问题4个工作日内答复，一季度书面报告4月15日前报送。"""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import CountyRunner
from tests.e2e.county import (
    County,
    apply_region_profile,
    at_end_of,
    import_list,
    instant,
    report,
    set_up,
)
from tests.e2e.driver import JSON, Desk
from tests.fixtures import official_docx as official

pytestmark = pytest.mark.e2e

REGION = "532300"  # 楚雄彝族自治州
YEAR = 2026
PERIOD = "2026-03"  # the month reported in April
OFFICE = "cx.office"  # 州重点项目办 (州发改委重点项目建设科)
AUDIT = "cx.audit"  # 州重点项目稽察办: "由稽察办进行核实汇总"
UNITS = [
    ("重点办", "楚雄州重点项目建设领导小组办公室", "office"),
    ("稽察办", "楚雄州重点项目稽察办公室", "office"),
    ("交通局", "楚雄州交通运输局", "department"),
    ("工信局", "楚雄州工业和信息化局", "department"),
    ("住建局", "楚雄州住房和城乡建设局", "department"),
    ("水务局", "楚雄州水务局", "department"),
]
POSTS = [("副州长（分管交通）", "李副州长"), ("副州长（分管工业）", "张副州长")]
LIAISONS = {"交通局": "cx.jtj", "工信局": "cx.gxj", "住建局": "cx.zjj", "水务局": "cx.swj"}
# the 3个30: 在建 (续建), 新开工, 重大前期 — code, name, 建设性质, 总投资, 年度计划投资, unit, post, 计划开工时间
PROJECTS = [
    ("CX-001", "楚雄至大姚高速公路", "续建", 1200000, 300000, "交通局", "副州长（分管交通）", "2025-03-01"),
    ("CX-002", "楚雄绿色硅光伏产业园", "续建", 500000, 150000, "工信局", "副州长（分管工业）", "2025-06-01"),
    ("CX-003", "州污水处理厂提标改造", "新开工", 30000, 12000, "住建局", "副州长（分管交通）", "2026-05"),
    ("CX-004", "滇中引水楚雄段配套工程", "前期", 800000, 20000, "水务局", "副州长（分管工业）", "2026-10"),
]
UNIT_NAMES = {key: name for key, name, _ in UNITS}


# ---------------------------------------------------------------- the region's rules


async def apply_profile(d: Desk, code: str) -> None:
    """楚雄's rules (profile ``chuxiong-2015``, each value citing seed 001 or marked our choice) applied to region
    ``code`` for 2026: the registry sets its policies at once (the report rule: by the 8th of the next month, verified
    by the 12th; the quarterly written reports), the issues, meetings and scoring services theirs when the outbox
    delivers ``region.profile_applied``. Checked in each: the ladder's three rungs and its 4-working-day answer
    ("有关部门应于接到报送问题的4个工作日内……作出明确答复"), the units' monthly site visit, the quarterly notice."""
    assert code == d.region
    applied = await apply_region_profile(d, OFFICE, "chuxiong-2015")
    assert {"report_due", "quarterly_reports"} <= set(applied["changed"]), applied
    ladder = (await d.get(f"/api/v1/issue-policies/{code}/ladder", who=OFFICE, params={"year": YEAR}))["value"]
    assert ladder["answer_working_days"] == 4, ladder
    assert [(r["level"], r["name"]) for r in ladder["levels"]] == [
        ("team", "责任部门协调"), ("county_meeting", "州重点办协调会"), ("leadership", "州人民政府")], ladder
    duties = (await d.get(f"/api/v1/meeting-policies/{code}/duties", who=OFFICE, params={"year": YEAR}))["value"]
    assert duties["unit_visits_per_project_month"] == 1, duties  # "每月开展1次项目现场调研"
    schemes = {s["code"] for s in await d.items("/api/v1/scoring-schemes", OFFICE, region_code=code)}
    assert "chuxiong-quarterly" in schemes, schemes


# ---------------------------------------------------------------- the month


async def set_up_prefecture(d: Desk) -> County:
    c = await set_up(
        d,
        [("530000", "云南省", "province", None), (REGION, "楚雄彝族自治州", "prefecture", "530000")],
        (OFFICE, "楚雄州重点项目办 杜科长", "重点办"),
        UNITS,
        POSTS,
        LIAISONS,
    )
    await d.account(AUDIT, ["office"], unit_id=c.units["稽察办"], display_name="楚雄州重点项目稽察办 张弘")
    await apply_profile(d, REGION)
    rows = [
        {"序号": i, "项目编号": code, "项目名称": name, "建设性质": stage, "总投资(万元)": total,
         "年度计划投资(万元)": plan, "责任单位": UNIT_NAMES[unit], "责任领导(职务)": post, "计划开工时间": start,
         "计划竣工时间": "2028-12-31", "建设内容": f"{name}工程"}
        for i, (code, name, stage, total, plan, unit, post, start) in enumerate(PROJECTS, 1)
    ]
    await import_list(c, YEAR, f"{YEAR}年全州重点督查的3个30项目责任分解表", rows)
    return c


async def the_due_rule(c: County) -> None:
    """March is due by the end of 8 April (a Wednesday) and verified by the end of 13 April: the 12th is a Sunday."""
    rule = await c.desk.get("/api/v1/progress-reports/due-rule", who=OFFICE,
                            params={"region_code": REGION, "period": PERIOD})
    assert (rule["rule"]["period_kind"], rule["rule"]["due_day"], rule["rule"]["verify_by_day"]) == ("monthly", 8, 12)
    assert rule["due_date"] == "2026-04-08", rule
    assert instant(rule["due_at"]) == at_end_of("2026-04-08"), rule
    assert instant(rule["verify_by_at"]) == at_end_of("2026-04-13"), rule


async def problems_handed_to_the_units(c: County) -> dict[str, JSON]:
    """2 April: the office (州政府督查室 collects the problems and hands them on) raises one problem on each project
    under way; the units answer within 4 working days: 3, 7, 8, 9 April (清明 4–6 April is not a working day)."""
    d = c.desk
    await d.at("2026-04-02", "10:00")
    problems = {
        "road": await d.post("/api/v1/problems", {
            "project_id": c.pid("CX-001"), "category": "land",
            "description": "K35至K42段用地组卷报批未完成，影响路基施工"}, who=OFFICE, expect=201),
        "power": await d.post("/api/v1/problems", {
            "project_id": c.pid("CX-002"), "category": "utilities",
            "description": "园区110千伏输变电工程未建成，影响一期投产"}, who=OFFICE, expect=201),
    }
    assert {k: (p["responsible_unit_id"], p["status"], p["answer_due_on"]) for k, p in problems.items()} == {
        "road": (c.units["交通局"], "awaiting_answer", "2026-04-09"),
        "power": (c.units["工信局"], "awaiting_answer", "2026-04-09"),
    }, problems
    return problems


async def monthly_reports_by_the_8th(c: County) -> dict[str, JSON]:
    """交通局 reports CX-001 on 7 April and 住建局 CX-003 on the 8th at 17:30 (on time); 工信局 reports CX-002 on the
    9th (a day late); 水务局 never reports CX-004: the overdue job flags it and a reminder follows."""
    d = c.desk
    reports: dict[str, JSON] = {}
    await d.at("2026-04-07", "10:00")
    reports["CX-001"] = await report(c, "CX-001", PERIOD, "cx.jtj", "28000.00",
                                     physical_progress="路基完成62%，桥梁桩基完成80%", funds_in_place="26000.00")
    await d.at("2026-04-08", "17:30")
    reports["CX-003"] = await report(c, "CX-003", PERIOD, "cx.zjj", "0.00",
                                     physical_progress="施工图审查完成，正在招标")
    await d.at("2026-04-09", "09:30")
    reports["CX-002"] = await report(c, "CX-002", PERIOD, "cx.gxj", "15000.00",
                                     physical_progress="一期厂房封顶，设备进场")
    assert {code: r["is_late"] for code, r in reports.items()} == {"CX-001": False, "CX-003": False, "CX-002": True}
    assert all(instant(r["due_at"]) == at_end_of("2026-04-08") for r in reports.values()), reports
    marked = await d.job("registry", "progress-reports-overdue")
    assert marked["marked"] == 1, marked
    overdue = await d.items("/api/v1/progress-reports/overdue", OFFICE, region_code=REGION, period=PERIOD)
    assert [r["project_code"] for r in overdue] == ["CX-004"], overdue
    await d.settle()
    letters = await d.items("/api/v1/letters", OFFICE, region_code=REGION, reason="report_overdue")
    assert [(x["unit_id"], x["project_code"]) for x in letters] == [(c.units["水务局"], "CX-004")], letters
    return reports


async def one_answer_in_time(c: County, problems: dict[str, JSON]) -> None:
    """8 April: 交通局 answers with its way forward and a date, inside the 4 working days."""
    d = c.desk
    await d.at("2026-04-08", "11:00")
    answered = await d.post(f"/api/v1/problems/{problems['road']['id']}/answer", {
        "answer": "已与州自然资源局对接，用地组卷材料4月20日前报省厅", "planned_resolution_on": "2026-04-30"},
        who="cx.jtj")
    assert (answered["status"], answered["answer_overdue"]) == ("answered", False), answered
    await d.at("2026-04-09", "18:00")
    assert (await d.job("issues", "problem-timers"))["answers_overdue"] == 0  # the 9th is the last day


async def one_answer_late_draws_a_letter(c: County, problems: dict[str, JSON]) -> JSON:
    """10 April: 工信局 has not answered: the timers mark the answer late and the letter sweep sends the letter of the
    highest step the region's letter rules reach at 1 working day overdue (the rules as the profile leaves them),
    once however often it runs."""
    d = c.desk
    power = problems["power"]["id"]
    await d.at("2026-04-10", "09:00")
    timers = await d.job("issues", "problem-timers")
    assert timers["answers_overdue"] == 1, timers
    steps = [e["action"] for e in await d.items(f"/api/v1/problems/{power}/timeline", OFFICE)]
    assert steps[-1] == "answer_overdue", steps
    rules = (await d.get(f"/api/v1/issue-policies/{REGION}/letters", who=OFFICE, params={"year": YEAR}))["value"]
    reached = [s["grade"] for s in rules["answer_overdue_steps"] if s["overdue_working_days"] <= 1]
    assert reached and reached[-1] == "reminder", rules  # 提醒函 first, the step the rules reach at one working day
    assert (await d.job("issues", "letters-sweep"))["issued"] == 1
    assert (await d.job("issues", "letters-sweep"))["issued"] == 0
    await d.settle()
    letters = await d.items("/api/v1/letters", OFFICE, problem_id=power)
    assert [(x["reason"], x["grade"], x["unit_id"], x["project_code"]) for x in letters] == [
        ("answer_overdue", reached[-1], c.units["工信局"], "CX-002")
    ], (letters, rules)
    resp = await d.call("GET", f"/api/v1/letters/{letters[0]['id']}/document.docx", OFFICE)
    text = official.all_text(official.read(resp.content))
    assert "答复期限为2026年4月9日" in text and "已逾期1个工作日" in text, text
    mine = await d.items("/api/v1/letters", "cx.gxj")
    assert [x["id"] for x in mine] == [letters[0]["id"]]
    return letters[0]


async def unsolved_go_to_the_coordination_meeting(c: County, problems: dict[str, JSON]) -> None:
    """13 April: neither problem is solved by the units' 5 working days (10 April): the timers take both to the
    next rung of 楚雄's ladder, 州重点办's coordination meeting (协调会), past a system meeting 楚雄 does not have.
    工信局 then answers, late: the answer is marked so, and no further letter goes out."""
    d = c.desk
    await d.at("2026-04-13", "09:00")
    timers = await d.job("issues", "problem-timers")
    assert (timers["escalated"], timers["answers_overdue"]) == (2, 0), timers
    for key in ("road", "power"):
        p = await d.get(f"/api/v1/problems/{problems[key]['id']}", who=OFFICE)
        assert (p["level"], p["level_name"], p["level_since"]) == ("county_meeting", "州重点办协调会", "2026-04-13"), p
    await d.settle()
    await d.at("2026-04-13", "10:00")
    answered = await d.post(f"/api/v1/problems/{problems['power']['id']}/answer", {
        "answer": "已协调州供电局，110千伏输变电工程5月底前投运", "planned_resolution_on": "2026-05-31"}, who="cx.gxj")
    assert (answered["status"], answered["answer_overdue"]) == ("answered", True), answered
    assert (await d.job("issues", "letters-sweep"))["issued"] == 0
    await d.settle()


async def verified_by_the_12th(c: County, reports: dict[str, JSON], codes: list[str], day: str, hour: str) -> None:
    """The 稽察办 verifies the reports: CX-001 and CX-003 on 10 April, the late CX-002 on 13 April (the verify-by day:
    the 12th is a Sunday). Each is verified in time; the late report stays late."""
    d = c.desk
    await d.at(day, hour)
    for code in codes:
        verified = await d.post(f"/api/v1/progress-reports/{reports[code]['id']}/verify", who=AUDIT, expect=200)
        assert (verified["status"], verified["is_late"], verified["verified_late"]) == (
            "verified", code == "CX-002", False), verified
        assert instant(verified["verify_by_at"]) == at_end_of("2026-04-13"), verified
    await d.settle()


async def reporting_registered(c: County) -> JSON:
    """"各责任单位月信息报送情况由稽察办进行登记": per unit, on time, late and missing for March; per project, the late
    and the missing report counted in the year's totals (what the year-end assessment reads)."""
    d = c.desk
    timeliness = await d.get("/api/v1/progress-reports/timeliness", who=AUDIT,
                             params={"region_code": REGION, "period": PERIOD})
    by_unit = {c.unit_name(u["unit_id"]): (u["expected"], u["on_time"], u["late"], u["missing"], u["pending"])
               for u in timeliness["units"] if u["expected"]}
    assert by_unit == {
        "交通局": (1, 1, 0, 0, 0),
        "工信局": (1, 0, 1, 0, 0),
        "住建局": (1, 1, 0, 0, 0),
        "水务局": (1, 0, 0, 1, 0),
    }, timeliness
    totals = await d.get("/api/v1/progress-reports/year-totals", who=OFFICE,
                         params={"region_code": REGION, "through": PERIOD})
    figures = {t["code"]: (t["investment_completed"], t["late_reports"], t["missing_reports"]) for t in totals}
    assert figures == {
        "CX-001": ("28000.00", 0, 0),
        "CX-002": ("15000.00", 1, 0),
        "CX-003": ("0.00", 0, 0),
        "CX-004": ("0.00", 0, 1),
    }, figures
    return {"timeliness": by_unit, "year_totals": figures}


async def quarterly_written_reports(c: County) -> JSON:
    """The first quarter's 书面报告, due 15 April: 交通局 submits CX-001 on the 14th and the office accepts it; 工信局
    submits CX-002 on the 15th, the office returns it for the missing investment figure, 工信局 corrects and submits it
    again the same day and it is accepted. On the 16th the two projects without one are listed, a working day
    overdue."""
    d = c.desk
    await d.at("2026-04-14", "10:00")
    due = await d.items("/api/v1/quarterly-reports/due", OFFICE, region_code=REGION, year=YEAR, quarter=1)
    assert [(r["project_code"], r["due_date"], r["overdue"]) for r in due] == [
        (code, "2026-04-15", False) for code, *_ in PROJECTS
    ], due
    written = {}
    for code, who, day, progress in (
        ("CX-001", "cx.jtj", "2026-04-14", "一季度完成投资2.8亿元，路基完成62%"),
        ("CX-002", "cx.gxj", "2026-04-15", "一期厂房封顶，设备进场安装"),
    ):
        await d.at(day, "10:00")
        made = await d.post("/api/v1/quarterly-reports", {
            "project_id": c.pid(code), "year": YEAR, "quarter": 1, "progress": progress,
            "problems": "要素保障仍有缺口", "next_steps": "二季度加快推进"}, who=who, expect=201)
        assert (made["status"], made["due_date"]) == ("draft", "2026-04-15"), made
        submitted = await d.post(f"/api/v1/quarterly-reports/{made['id']}/submit", who=who, expect=200)
        assert submitted["status"] == "submitted"
        written[code] = made
    await d.at("2026-04-15", "15:00")
    accepted = await d.post(f"/api/v1/quarterly-reports/{written['CX-001']['id']}/accept", who=OFFICE, expect=200)
    assert accepted["status"] == "accepted"
    second = written["CX-002"]["id"]
    returned = await d.post(f"/api/v1/quarterly-reports/{second}/return",
                            {"reason": "请补充一季度完成投资数据"}, who=OFFICE, expect=200)
    assert (returned["status"], returned["return_reason"]) == ("returned", "请补充一季度完成投资数据")
    current = await d.call("GET", f"/api/v1/quarterly-reports/{second}", "cx.gxj")
    await d.call("PATCH", f"/api/v1/quarterly-reports/{second}", "cx.gxj",
                 json={"progress": "一季度完成投资1.5亿元，一期厂房封顶，设备进场安装"},
                 headers={"If-Match": current.headers["etag"]})
    assert (await d.post(f"/api/v1/quarterly-reports/{second}/submit", who="cx.gxj", expect=200))["status"] == (
        "submitted")
    assert (await d.post(f"/api/v1/quarterly-reports/{second}/accept", who=OFFICE, expect=200))["status"] == (
        "accepted")
    await d.at("2026-04-16", "09:00")
    missing = await d.items("/api/v1/quarterly-reports/due", OFFICE, region_code=REGION, year=YEAR, quarter=1)
    listed = [(r["project_code"], r["responsible_unit_id"], r["overdue"], r["overdue_working_days"]) for r in missing]
    assert listed == [
        ("CX-003", c.units["住建局"], True, 1),
        ("CX-004", c.units["水务局"], True, 1),
    ], missing
    reports = await d.items("/api/v1/quarterly-reports", OFFICE, region_code=REGION, year=YEAR, quarter=1)
    states = sorted((c.unit_name(r["unit_id"]), r["status"]) for r in reports)
    assert states == [("交通局", "accepted"), ("工信局", "accepted")], reports
    return {"accepted": states, "missing": [code for code, *_ in listed]}


async def quarterly_notice(c: County) -> list[tuple[str, int, str]]:
    """"州政府督查室每季度对项目完成情况进行通报": 16 April, the first quarter's completion (the investment reported
    for January to March against the year's plan) ranks the projects, and its notice (通报) names them; the scheme
    praises and criticises nobody (a notice only)."""
    d = c.desk
    schemes = await d.items("/api/v1/scoring-schemes", OFFICE, region_code=REGION)
    [scheme] = [s for s in schemes if s["code"] == "chuxiong-quarterly"]
    run = await d.post("/api/v1/scoring-runs", {"scheme_id": scheme["id"], "period": "2026-Q1"}, who=OFFICE,
                       expect=201)
    assert (await d.post(f"/api/v1/scoring-runs/{run['id']}/publish", who=OFFICE, expect=200))["status"] == (
        "published")
    results = await d.items(f"/api/v1/scoring-runs/{run['id']}/results", OFFICE)
    ranking = [(r["subject_code"], r["rank"], r["total"]) for r in results]
    # 100 × completed ÷ plan: 15000 ÷ 150000, 28000 ÷ 300000, nothing reported for the other two
    assert ranking == [("CX-002", 1, "10.00"), ("CX-001", 2, "9.33"), ("CX-003", 3, "0.00"),
                       ("CX-004", 3, "0.00")], ranking
    lists = await d.get(f"/api/v1/scoring-runs/{run['id']}/lists", who=OFFICE)
    assert (lists["praise"], lists["criticism"]) == ([], []), lists
    resp = await d.call("GET", f"/api/v1/scoring-runs/{run['id']}/notice.docx", OFFICE)
    text = official.all_text(official.read(resp.content))
    assert "2026年第一季度" in text and "重点项目完成情况季度通报" in text, text[:400]
    assert all(name in text for _, name, *_ in PROJECTS), text
    await d.settle()  # the issues service learns of the published ranking
    return ranking


async def the_ledger(c: County) -> list[Any]:
    """The problem ledger (问题台账) as .xlsx: both problems answered, the late answer marked 是."""
    resp = await c.desk.call("GET", "/api/v1/problems/export.xlsx", OFFICE, params={"region_code": REGION})
    sheet = load_workbook(BytesIO(resp.content)).worksheets[0]
    header = next(r for r in sheet.iter_rows(values_only=True) if r and "答复超期" in r)
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[1] in {"CX-001", "CX-002"}]
    late = header.index("答复超期")
    assert sorted((r[1], r[late] or "") for r in rows) == [("CX-001", ""), ("CX-002", "是")], rows
    return rows


async def run_chuxiong_month(d: Desk) -> JSON:
    await d.at("2026-04-01")
    c = await set_up_prefecture(d)
    await the_due_rule(c)
    problems = await problems_handed_to_the_units(c)
    reports = await monthly_reports_by_the_8th(c)
    await one_answer_in_time(c, problems)
    await one_answer_late_draws_a_letter(c, problems)
    await verified_by_the_12th(c, reports, ["CX-001", "CX-003"], "2026-04-10", "15:00")
    await unsolved_go_to_the_coordination_meeting(c, problems)
    await verified_by_the_12th(c, reports, ["CX-002"], "2026-04-13", "16:00")
    registered = await reporting_registered(c)
    quarterly = await quarterly_written_reports(c)
    notice = await quarterly_notice(c)
    await the_ledger(c)
    outboxes = {service: [r for r in await d.outbox(service) if r["status"] != "delivered"]
                for service in ("registry", "issues", "meetings", "scoring")}
    assert outboxes == {"registry": [], "issues": [], "meetings": [], "scoring": []}, outboxes
    return {**registered, "quarterly": quarterly, "notice": notice}


async def test_chuxiong_runs_its_month_reports_by_the_8th_answers_in_4_working_days_and_quarterly_reports(
    county_on_a_fresh_cluster: CountyRunner,
):
    out = await county_on_a_fresh_cluster("chuxiong", REGION, run_chuxiong_month)
    assert out["quarterly"]["missing"] == ["CX-003", "CX-004"]
