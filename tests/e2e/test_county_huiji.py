"""Two weeks of 惠济区 (seed 004, 2022), end to end on the five apps as real processes, through the gateway only.

惠济 runs its projects by the week: progress reports every Friday by 18:00 ("(十五)……每周五18:00前……准确报送项目
进展报表"), a weekly joint meeting of the leading group ("(四)建立联席会议周例会制度。区重大项目工作领导小组每周召开
一次联席会议。研究解决重要问题"), and a green channel ("(七)……涉及重大项目推进过程中的疑难事宜,相关部门须在3个
工作日内给予明确答复"; "(八)……对手续不完備、資料不符合要求的要在1个工作日内一次性提出需要补正的全部内容").

The fortnight (Monday 2 March to Saturday 14 March 2026, ISO weeks 2026-W10 and 2026-W11, no holiday in it):
- the district's rules are applied from its profile ``huiji-2022`` (weekly reports due Friday 18:00; answers in 3
  working days, documents listed in 1; the joint meeting as a series template);
- the joint meeting is a weekly series, on Mondays at 09:00 (the profile's choice: the seed names no weekday — the
  office has the Friday reports in hand for it);
- a hard question (疑难事宜) raised on Monday is due on Thursday and answered that day; another one left unanswered is
  flagged overdue on Friday (it would still be on time under a 4-working-day rule);
- a unit asked for a permit lists every missing document on the next working day, at once (一次性告知), and its
  answer is due 3 working days after the documents are supplied;
- the list holds one project of each class of (一): 续建, 新开工, 前期 and 招商 (not signed: it does not report);
- W10's reports: two on time, one after Friday 18:00 (late); the statistics count W10's reports and the weekly
  timeliness; W11's reports: all on time, and the statistics then count both weeks;
- the joint meeting of 9 March opens with the week's figures (from the weekly reports) and takes the problem raised
  at its level; its minutes assign it, and the issues service applies the minutes; the minutes come as .docx.

The test asserts the documents and figures that come out of the fortnight, and prints its run time."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.e2e.conftest import CountyRunner
from tests.e2e.county import (
    YEAR,
    apply_region_profile,
    docx_text,
    register_projects,
    set_up_regions,
    set_up_units,
)
from tests.e2e.driver import JSON, Desk

pytestmark = pytest.mark.e2e

REGION = "410108"
CHAIN = (("410000", "河南省", "province", None), ("410100", "郑州市", "prefecture", "410000"),
         (REGION, "惠济区", "county", "410100"))
OFFICE = "hj.office"
# "(三)……领导小组下设办公室,办公地点设在区发改统计局"
UNITS = (
    ("发改统计局", "惠济区发展改革和统计局", "department"),
    ("住建局", "惠济区住房和城乡建设局", "department"),
    ("商务局", "惠济区商务局", "department"),
    ("审批中心", "惠济区行政审批服务中心", "department"),
    ("新城街道", "新城街道办事处", "township"),
)
LIAISONS = {"住建局": "hj.zjj", "商务局": "hj.swj", "审批中心": "hj.spzx", "新城街道": "hj.xcjd"}
# "(一)實行分類推進機制……續建項目……新開工項目……前期項目……招商項目": one project of each class (the 招商 project's
# year plan of 1000万 is our choice: what the district counts on once it is signed)
PROJECTS = (
    ("HJ-001", "天河路综合改造工程", "under_construction", 20000, 6000, "住建局", "2025-05-01"),
    ("HJ-002", "江山路快速通道", "new_start", 30000, 8000, "住建局", "2026-04-01"),
    ("HJ-003", "黄河文化产业园", "preliminary", 50000, 2000, "商务局", "2026-10-01"),
    ("HJ-004", "黄河滩区文旅综合体", "investment_promotion", 80000, 1000, "商务局", "2026-12-01"),
)
JOINT_MEETING = "联席会议周例会"  # the profile's name of the series (meetings/meeting_series.yaml)
PROFILE = "huiji-2022"


async def apply_profile(d: Desk, code: str) -> None:
    """惠济's rules for 2026: the shipped profile ``huiji-2022`` (libs/kernel/src/tuijin/kernel/profiles/huiji-2022,
    each value citing seed 004 or marked our choice) applied to the district: the weekly report due Friday 18:00
    ((十五)), answers in 3 working days ((七)) and documents listed in 1 ((八)), the weekly joint meeting as a series
    template ((四)), its scoring schemes. Once the outboxes have settled, the issues service has its part."""
    applied = await apply_region_profile(d, OFFICE, PROFILE)
    assert "report_due" in applied["changed"], applied
    due = await d.get(f"/api/v1/policies/{code}/report_due", who=OFFICE, params={"year": YEAR})
    assert (due["value"]["period_kind"], due["value"]["due_day"], due["value"]["due_time"]) == (
        "weekly", 5, "18:00:00"), due
    ladder = await d.get(f"/api/v1/issue-policies/{code}/ladder", who=OFFICE, params={"year": YEAR})
    assert (ladder["value"]["answer_working_days"], ladder["value"]["documents_working_days"]) == (3, 1), ladder


class Fortnight:
    def __init__(self, d: Desk) -> None:
        self.d = d
        self.units: dict[str, str] = {}
        self.projects: dict[str, JSON] = {}
        self.problems: dict[str, JSON] = {}
        self.meetings: list[JSON] = []

    def pid(self, code: str) -> str:
        return self.projects[code]["id"]

    async def problem(self, key: str) -> JSON:
        return await self.d.get(f"/api/v1/problems/{self.problems[key]['id']}", who=OFFICE)

    async def step(self, key: str, step: str, body: JSON, who: str) -> JSON:
        return await self.d.post(f"/api/v1/problems/{self.problems[key]['id']}/{step}", body, who=who, expect=200)


# ---------------------------------------------------------------- Monday 2 March: the district and its rules


async def set_up_district(f: Fortnight) -> None:
    d = f.d
    await set_up_regions(d, CHAIN)
    f.units = await set_up_units(d, OFFICE, "发改统计局", UNITS)
    for unit, username in LIAISONS.items():
        await d.account(username, ["unit"], unit_id=f.units[unit], display_name=f"{unit} 联络员")
    await apply_profile(d, REGION)
    f.projects = await register_projects(d, OFFICE, f.units, PROJECTS)


async def joint_meeting_every_week(f: Fortnight) -> None:
    """The leading group's joint meeting from the profile's template ``joint_weekly``: every Monday at 09:00,
    prepared by the group's office (发改统计局); the departments and the sub-district are its fixed members."""
    d = f.d
    [series] = await d.post("/api/v1/meeting-series/from-template", {
        "region_code": REGION, "template": "joint_weekly", "start_date": "2026-03-02", "horizon_days": 13,
        "convener_unit_id": f.units["发改统计局"], "chair_name": "常务副区长", "place": "区政府二楼会议室",
        "fixed_unit_ids": [f.units[k] for k in ("住建局", "商务局", "审批中心", "新城街道")],
    }, who=OFFICE, expect=201)
    assert (series["title"], series["rrule"], series["meeting_type"]) == (
        JOINT_MEETING, "FREQ=WEEKLY;BYDAY=MO", "county_meeting"), series
    meetings = await d.items("/api/v1/meetings", OFFICE, region_code=REGION, series_id=series["id"])
    f.meetings = sorted(meetings, key=lambda m: m["meeting_date"])
    assert [(m["meeting_date"], m["start_time"][:5]) for m in f.meetings] == [
        ("2026-03-02", "09:00"), ("2026-03-09", "09:00")], f.meetings  # one a week


async def problems_of_the_week(f: Fortnight) -> None:
    d = f.d
    # 疑难事宜: the planning conditions of the new start, asked of 住建局 — answered in 3 working days
    f.problems["hard"] = await d.post("/api/v1/problems", {
        "project_id": f.pid("HJ-002"), "category": "land",
        "description": "江山路快速通道规划条件需明确，影响施工图设计",
    }, who=OFFICE, expect=201)
    # another hard question, to 商务局, that nobody answers
    f.problems["silent"] = await d.post("/api/v1/problems", {
        "project_id": f.pid("HJ-003"), "category": "funds", "description": "产业园投资协议条款需商务部门明确答复",
    }, who=OFFICE, expect=201)
    # 联审联批: the permit asked of the approval centre
    f.problems["permit"] = await d.post("/api/v1/problems", {
        "project_id": f.pid("HJ-001"), "category": "procedures", "description": "天河路二期施工许可申请办理",
        "responsible_unit_id": f.units["审批中心"],
    }, who=OFFICE, expect=201)
    # 需多个部门配合的问题, straight to the joint meeting
    f.problems["meeting"] = await d.post("/api/v1/problems", {
        "project_id": f.pid("HJ-002"), "category": "demolition",
        "description": "江山路沿线征迁涉及多个部门，需联席会议研究",
        "responsible_unit_id": f.units["新城街道"], "level": "county_meeting",
    }, who=OFFICE, expect=201)
    for key in ("hard", "silent", "permit"):
        p = f.problems[key]
        # raised Monday 2 March: 3 working days → Thursday 5 March; documents in 1 → Tuesday 3 March
        assert (p["status"], p["answer_due_on"], p["documents_due_on"]) == (
            "awaiting_answer", "2026-03-05", "2026-03-03"), p
    assert f.problems["permit"]["responsible_unit_id"] == f.units["审批中心"]


async def documents_listed_at_once(f: Fortnight) -> None:
    """Tuesday: the approval centre lists every missing document at once, on the day it is due; a second list for
    the same request is refused. Wednesday the documents come and its answer is due 3 working days later."""
    d = f.d
    await d.at("2026-03-03", "10:00")
    listed = await f.step("permit", "document-requests",
                          {"documents": ["施工图审查合格书", "工程质量安全监督手续", "农民工工资保证金缴存凭证"]},
                          LIAISONS["审批中心"])
    assert (listed["status"], listed["documents_due_on"]) == ("awaiting_documents", "2026-03-03"), listed
    path = f"/api/v1/problems/{f.problems['permit']['id']}/document-requests"
    again = await d.call("POST", path, LIAISONS["审批中心"], expect=422, json={"documents": ["用地批复"]})
    assert again.json()["code"] == "transition_not_allowed", again.text  # listed once, not piece by piece
    [request] = [e for e in await d.items(f"/api/v1/problems/{listed['id']}/timeline", OFFICE)
                 if e["action"] == "request_documents"]
    assert request["late"] is False, request
    await d.at("2026-03-04", "10:00")
    # 新城街道 answers the problem for the joint meeting in time: it needs the departments together
    answered = await f.step("meeting", "answer", {"answer": "已完成初步摸底，需住建、自然资源部门共同研究"},
                            LIAISONS["新城街道"])
    assert answered["status"] == "answered", answered
    supplied = await f.step("permit", "documents-supplied", {"note": "建设单位已补齐全部材料"}, OFFICE)
    assert (supplied["status"], supplied["answer_due_on"]) == ("awaiting_answer", "2026-03-09"), supplied


async def hard_question_answered_in_three_days(f: Fortnight) -> None:
    d = f.d
    await d.at("2026-03-05", "16:00")
    answered = await f.step("hard", "answer", {"answer": "规划条件已明确，3月10日前出具书面意见"}, LIAISONS["住建局"])
    assert (answered["status"], answered["answer_overdue"]) == ("answered", False), answered
    # Friday: the unanswered one is past its 3 working days (under a 4-day rule it would be due today)
    await d.at("2026-03-06", "09:00")
    result = await d.job("issues", "problem-timers")
    assert (result["answers_overdue"], result["escalated"]) == (1, 0), result
    silent = await f.problem("silent")
    assert (silent["status"], silent["answer_overdue"]) == ("awaiting_answer", True), silent
    assert (await f.problem("hard"))["answer_overdue"] is False
    await d.settle()


# ---------------------------------------------------------------- the weekly reports and figures


async def report(f: Fortnight, code: str, who: str, period: str, amount: str) -> JSON:
    return await f.d.post(f"/api/v1/projects/{f.pid(code)}/progress-reports", {
        "period": period, "investment_completed": amount, "funds_in_place": amount,
        "physical_progress": "按周计划推进", "submit": True,
    }, who=who, expect=201)


async def statistics(d: Desk) -> JSON:
    return await d.get("/api/v1/statistics", who=OFFICE, params={"region_code": REGION, "year": YEAR})


def timeliness(stats: JSON, units: dict[str, str]) -> dict[str, tuple[int, int, int, int]]:
    names = {v: k for k, v in units.items()}
    return {names[u["unit_id"]]: (u["expected"], u["on_time"], u["late"], u["missing"])
            for u in stats["report_timeliness"]["units"]}


async def first_week_reports(f: Fortnight) -> None:
    """W10 is due Friday 6 March at 18:00: 住建局 reports both its projects before, 商务局 at 18:30 (late)."""
    d = f.d
    await d.at("2026-03-06", "17:00")
    for code, amount in (("HJ-001", "300"), ("HJ-002", "150")):
        on_time = await report(f, code, LIAISONS["住建局"], "2026-W10", amount)
        assert (on_time["status"], on_time["is_late"]) == ("submitted", False), on_time
    before = await statistics(d)  # W10 is not due yet: the figures still stand at W09, reported by nobody
    assert (before["completion"]["period"], before["completion"]["completed_investment"]) == ("2026-W09", "0.00")
    await d.at("2026-03-06", "18:30")
    late = await report(f, "HJ-003", LIAISONS["商务局"], "2026-W10", "50")
    assert late["is_late"] is True, late
    await d.at("2026-03-07", "10:00")
    stats = await statistics(d)
    assert (stats["completion"]["period"], stats["completion"]["through"]) == ("2026-W10", "2026-03-08")
    assert (stats["completion"]["completed_investment"], stats["completion"]["planned_investment"]) == (
        "500.00", "17000.00"), stats["completion"]
    assert stats["completion"]["completion_rate"] == "2.94", stats["completion"]
    assert stats["report_timeliness"]["period"] == "2026-W10"
    # the 招商 project (HJ-004) is not signed yet: it is not among the projects that report weekly
    assert timeliness(stats, f.units) == {"住建局": (2, 2, 0, 0), "商务局": (1, 0, 1, 0)}, stats["report_timeliness"]
    assert stats["funds_in_place"] == "500.00"


async def joint_meeting_of_the_week(f: Fortnight) -> JSON:
    """Monday 9 March, 09:00: the agenda opens with the list's figures from the weekly reports and holds the problem
    raised at the joint meeting's level; the minutes assign it to 新城街道 by Friday, and the issues service
    applies them."""
    d = f.d
    await d.at("2026-03-09", "08:00")
    meeting = f.meetings[1]
    built = await d.post(f"/api/v1/meetings/{meeting['id']}/agenda/builds", who=OFFICE, expect=200)
    summary = next(i for i in built if i["source"] == "progress_summary")
    assert "已完成投资500.00万元" in summary["description"], summary
    assert [i["problem_id"] for i in built if i.get("problem_id")] == [f.problems["meeting"]["id"]], built
    for to in ("notice_sent", "agenda_frozen"):
        await d.post(f"/api/v1/meetings/{meeting['id']}/status-changes", {"to": to}, who=OFFICE, expect=201)
    notice = await docx_text(d, f"/api/v1/meetings/{meeting['id']}/notice.docx", OFFICE)
    assert JOINT_MEETING in notice, notice[:400]
    await d.at("2026-03-09", "11:00")
    await d.post(f"/api/v1/meetings/{meeting['id']}/status-changes", {"to": "held"}, who=OFFICE, expect=201)
    item = next(i["id"] for i in built if i.get("problem_id"))
    await d.put(f"/api/v1/meetings/{meeting['id']}/minutes", {
        "summary": "联席会议听取了上周重大项目进展情况，研究了江山路沿线征迁问题。",
        "outcomes": [{"agenda_item_id": item, "outcome": "assigned", "unit_id": f.units["新城街道"],
                      "deadline": "2026-03-13", "note": "新城街道会同区住建局3月13日前完成征迁摸底"}],
    }, who=OFFICE)
    published = await d.post(f"/api/v1/meetings/{meeting['id']}/minutes/publication", who=OFFICE, expect=200)
    assert published["status"] == "published"
    await d.settle()
    assigned = await f.problem("meeting")
    assert (assigned["level"], assigned["status"], assigned["responsible_unit_id"], assigned["deadline"]) == (
        "county_meeting", "awaiting_answer", f.units["新城街道"], "2026-03-13"), assigned
    minutes = await docx_text(d, f"/api/v1/meetings/{meeting['id']}/minutes.docx", OFFICE)
    assert "江山路沿线征迁" in minutes and "新城街道" in minutes, minutes[:600]
    return published


async def second_week_reports(f: Fortnight) -> None:
    """W11: every report before Friday 13 March 18:00; on Saturday the figures count both weeks."""
    d = f.d
    await d.at("2026-03-13", "11:00")
    for code, who, amount in (("HJ-001", "住建局", "400"), ("HJ-002", "住建局", "250"), ("HJ-003", "商务局", "100")):
        sent = await report(f, code, LIAISONS[who], "2026-W11", amount)
        assert sent["is_late"] is False, sent
    await d.at("2026-03-14", "10:00")
    stats = await statistics(d)
    assert (stats["completion"]["period"], stats["completion"]["through"]) == ("2026-W11", "2026-03-15")
    assert stats["completion"]["completed_investment"] == "1250.00", stats["completion"]  # 500 + 750
    assert stats["completion"]["completion_rate"] == "7.35", stats["completion"]
    assert timeliness(stats, f.units) == {"住建局": (2, 2, 0, 0), "商务局": (1, 1, 0, 0)}, stats["report_timeliness"]
    by_stage = {g["key"]: (g["projects"], g["completed_investment"]) for g in stats["by_stage"]}
    assert {k: by_stage[k] for k in ("investment_promotion", "preliminary", "new_start", "under_construction")} == {
        "investment_promotion": (1, "0.00"), "preliminary": (1, "150.00"), "new_start": (1, "400.00"),
        "under_construction": (1, "700.00")}, by_stage
    # the weekly roll-up the office reports to the four bodies (seed (十五)) as a workbook
    resp = await d.call("GET", "/api/v1/statistics/export.xlsx", OFFICE, params={"region_code": REGION, "year": YEAR})
    assert resp.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")


async def run_fortnight(d: Desk) -> JSON:
    f = Fortnight(d)
    await d.at("2026-03-02", "08:30")
    await set_up_district(f)
    await joint_meeting_every_week(f)
    await problems_of_the_week(f)
    await documents_listed_at_once(f)
    await hard_question_answered_in_three_days(f)
    await first_week_reports(f)
    await joint_meeting_of_the_week(f)
    await second_week_reports(f)
    outboxes: dict[str, Any] = {}
    for service in ("registry", "issues", "meetings", "scoring"):
        rows = await d.outbox(service)
        outboxes[service] = [r for r in rows if r["status"] != "delivered"]
    assert outboxes == {s: [] for s in outboxes}, outboxes
    return {"problems": {k: (await f.problem(k))["status"] for k in f.problems}}


async def test_two_weeks_of_huiji_weekly_reports_joint_meeting_and_green_channel(
    county_on_a_fresh_cluster: CountyRunner,
):
    started = time.monotonic()
    end = await county_on_a_fresh_cluster("huiji", REGION, run_fortnight)
    assert end["problems"] == {"hard": "answered", "silent": "awaiting_answer", "permit": "awaiting_answer",
                               "meeting": "awaiting_answer"}, end
    print(f"惠济 two weeks: {time.monotonic() - started:.1f}s")
