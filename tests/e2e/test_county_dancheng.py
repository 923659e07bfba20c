"""Two months of 郸城县 (seed 002, 2021), end to end on the five apps as real processes, through the gateway only.

郸城 runs "单月调度，双月点评" ("(二)健全重点项目‘单月调度，双月点评’制度……原则每月第一个周一召开 1 次项目推进调度例会，
每两个月观摩点评 1 次"): a dispatch meeting on the first Monday of every month, whose head of unit must come in
person ("三、(一)……坚持一把手参会，不得缺席，不得替会，因特殊情况不能参会者，须向会议召集人请假。对无故缺席者，
县委、县政府将予以通报批评"), and an observation and review every two months, scored and ranked. Its targets:
"力争开工率达到 100%，联审联批完成率达到 100%".

The two months (March and April 2026, the scoring period 2026-B2, reviewed at the start of May):
- the county's rules are applied from its profile ``dancheng-2021`` (the dispatch meeting and the observation as
  series templates, the two-month scheme with a proxy deducted, each project's leader and unit on site weekly);
- the dispatch meetings are a monthly series on the first Monday at 15:00: 2 March, 7 April (6 April is 清明
  observed) and 6 May (4 and 5 May are 劳动节): an occurrence on a holiday moves to the next working day;
- 2 March: 高新区 asks the convener for leave, which is approved; 自然资源局 sends its deputy (替会); the minutes'
  decided item goes out with them (.docx) and is done and verified in time;
- the month's attendance bulletin names the proxy and not the leave (.docx as well);
- the procedures (联审联批) and starts of the two months: 开工率 50.00 and 联审联批完成率 75.00 at the end of April,
  short of the 100% the county aims at;
- 6 May, 08:30: the observation (观摩, "观摩结束后召开项目调度例会": the day's dispatch meeting is at 15:00) — two
  scorers fill their sheets; the B2 run ranks the projects: the proxy costs DC-003 the first place it had on the
  sheets; the ranking is published with its praise and criticism lists and its notice (.docx).

The test asserts the documents and figures that come out of the two months, and prints its run time."""

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

REGION = "411625"
CHAIN = (("410000", "河南省", "province", None), ("411600", "周口市", "prefecture", "410000"),
         (REGION, "郸城县", "county", "411600"))
OFFICE = "dc.office"
# "1. 会议组成。县委督查中心、县发展改革委……县住建局……县自然资源局……以及高新区……洯南街道……主要负责同志是会议的固定人员"
UNITS = (
    ("重点办", "郸城县重点建设项目办公室", "office"),
    ("发改委", "郸城县发展和改革委员会", "department"),
    ("自然资源局", "郸城县自然资源局", "department"),
    ("住建局", "郸城县住房和城乡建设局", "department"),
    ("高新区", "郸城县高新技术产业开发区管理委员会", "park"),
    ("洯南街道", "洯南街道办事处", "township"),
)
FIXED = ("发改委", "自然资源局", "住建局", "高新区", "洯南街道")
LIAISONS = {"自然资源局": "dc.zrzy", "住建局": "dc.zjj", "高新区": "dc.gxq"}
SCORERS = {"dc.scorer1": "县委副书记 评分人甲", "dc.scorer2": "县人大副主任 评分人乙"}
PROJECTS = (
    ("DC-001", "郸城县城乡供水一体化工程", "new_start", 15000, 6000, "住建局", "2026-03-15"),
    ("DC-002", "高新区食品产业园标准化厂房", "new_start", 20000, 8000, "高新区", "2026-04-15"),
    ("DC-003", "洺河生态修复工程", "under_construction", 12000, 4000, "自然资源局", "2025-06-01"),
)
PROFILE = "dancheng-2021"
DISPATCH = "项目推进调度例会"  # the profile's names of the series (meetings/meeting_series.yaml)
OBSERVATION = "观摩点评"
# the profile's two-month scheme (scoring/schemes.yaml): observation sheets 80, meeting attendance 20 (5 per proxy)
SCHEME_CODE = "dancheng-bimonthly"
CRITERIA = [{"code": "progress", "name": "项目进度", "min": "0", "max": "60"},
            {"code": "management", "name": "建设管理", "min": "0", "max": "40"}]
# scorer → project → (项目进度, 建设管理)
SHEETS = {
    "dc.scorer1": {"DC-001": ("55", "36"), "DC-002": ("45", "30"), "DC-003": ("56", "38")},
    "dc.scorer2": {"DC-001": ("53", "34"), "DC-002": ("47", "32"), "DC-003": ("54", "36")},
}


async def apply_profile(d: Desk, code: str) -> None:
    """郸城's rules for 2026: the shipped profile ``dancheng-2021`` (libs/kernel/src/tuijin/kernel/profiles/
    dancheng-2021, each value citing seed 002 or marked our choice) applied to the county: the dispatch meeting and
    the observation as series templates (二(二)), the two-month scheme with proxies deducted, each project's leader
    and unit on site weekly (二(一)). Once the outboxes have settled, meetings and scoring have their parts."""
    await apply_region_profile(d, OFFICE, PROFILE)
    duties = await d.get(f"/api/v1/meeting-policies/{code}/duties", who=OFFICE, params={"year": YEAR})
    assert (duties["value"]["leader_visits_per_project_week"], duties["value"]["unit_visits_per_project_week"]) == (
        1, 1), duties
    series = await d.get(f"/api/v1/meeting-policies/{code}/meeting_series", who=OFFICE, params={"year": YEAR})
    assert {t["code"]: t["rrule"] for t in series["value"]["templates"]} == {
        "dispatch": "FREQ=MONTHLY;BYDAY=1MO", "observation": "FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO"}, series
    schemes = {s["code"]: s for s in await d.items("/api/v1/scoring-schemes", OFFICE, region_code=code)}
    assert schemes[SCHEME_CODE]["period_kind"] == "bimonth", schemes


class TwoMonths:
    def __init__(self, d: Desk) -> None:
        self.d = d
        self.units: dict[str, str] = {}
        self.projects: dict[str, JSON] = {}
        self.meetings: list[JSON] = []
        self.procedures: dict[tuple[str, str], JSON] = {}
        self.observation: JSON = {}
        self.decided: JSON = {}

    def pid(self, code: str) -> str:
        return self.projects[code]["id"]


# ---------------------------------------------------------------- 2 March: the county, its rules, its meetings


async def set_up_county(t: TwoMonths) -> None:
    d = t.d
    await set_up_regions(d, CHAIN)
    t.units = await set_up_units(d, OFFICE, "重点办", UNITS)
    for unit, username in LIAISONS.items():
        await d.account(username, ["unit"], unit_id=t.units[unit], display_name=f"{unit} 联络员")
    for username, name in SCORERS.items():
        await d.account(username, ["scorer"], display_name=name)
    await apply_profile(d, REGION)
    t.projects = await register_projects(d, OFFICE, t.units, PROJECTS)


async def dispatch_meetings_on_first_mondays(t: TwoMonths) -> None:
    """"每月第一个周一召开 1 次项目推进调度例会……由县政府常务副县长召集", prepared by the key-project office with the
    fixed members, from the profile's template ``dispatch`` (15:00, after the observation on the days of both); an
    occurrence on a holiday moves to the next working day. The observation every two months from ``observation``."""
    d = t.d
    [series] = await d.post("/api/v1/meeting-series/from-template", {
        "region_code": REGION, "template": "dispatch", "start_date": "2026-03-02", "horizon_days": 70,
        "convener_unit_id": t.units["重点办"], "chair_name": "常务副县长", "place": "县委常委会议室",
        "fixed_unit_ids": [t.units[k] for k in FIXED],
    }, who=OFFICE, expect=201)
    assert (series["title"], series["meeting_type"]) == (DISPATCH, "county_meeting"), series
    meetings = await d.items("/api/v1/meetings", OFFICE, region_code=REGION, series_id=series["id"])
    t.meetings = sorted(meetings, key=lambda m: m["meeting_date"])
    # the first Mondays: 2 March; 6 April is 清明 (observed) → Tuesday 7 April; 4 May is 劳动节 (to 5 May) → 6 May
    assert [(m["meeting_date"], m["start_time"][:5]) for m in t.meetings] == [
        ("2026-03-02", "15:00"), ("2026-04-07", "15:00"), ("2026-05-06", "15:00")], t.meetings
    invited = await d.get(f"/api/v1/meetings/{t.meetings[0]['id']}/invitations", who=OFFICE)
    assert {(i["unit_id"], i["kind"]) for i in invited} == {(t.units[k], "fixed") for k in FIXED}, invited
    # the observation of March–April (B2) at the start of May, before that day's dispatch meeting
    [observation] = await d.post("/api/v1/meeting-series/from-template", {
        "region_code": REGION, "template": "observation", "start_date": "2026-05-01", "horizon_days": 70,
        "convener_unit_id": t.units["重点办"], "chair_name": "常务副县长", "place": "观摩路线：洺河—供水厂—高新区",
        "fixed_unit_ids": [t.units[k] for k in FIXED],
    }, who=OFFICE, expect=201)
    [visit] = await d.items("/api/v1/meetings", OFFICE, region_code=REGION, series_id=observation["id"])
    assert (visit["title"], visit["meeting_type"], visit["meeting_date"], visit["start_time"][:5]) == (
        OBSERVATION, "observation", "2026-05-06", "08:30"), visit
    t.observation = visit


async def hold(d: Desk, meeting: JSON, attendance: list[JSON]) -> dict[str, str]:
    for to in ("notice_sent", "agenda_frozen", "held"):
        await d.post(f"/api/v1/meetings/{meeting['id']}/status-changes", {"to": to}, who=OFFICE, expect=201)
    rows = await d.put(f"/api/v1/meetings/{meeting['id']}/attendance", {"records": attendance}, who=OFFICE)
    return {r["unit_id"]: r["status"] for r in rows}


async def march_dispatch_meeting(t: TwoMonths) -> None:
    """高新区's head is away: leave asked of the convener and approved; 自然资源局 sends its deputy (替会)."""
    d = t.d
    meeting = t.meetings[0]
    leave = await d.post(f"/api/v1/meetings/{meeting['id']}/leave-requests",
                         {"reason": "赴省商务厅对接招商项目", "substitute_name": "高新区副主任 刘某"},
                         who=LIAISONS["高新区"], expect=201)
    decided = await d.post(f"/api/v1/meetings/{meeting['id']}/leave-requests/{leave['id']}/decision",
                           {"approve": True}, who=OFFICE, expect=200)
    assert decided["status"] == "approved"
    await d.at("2026-03-02", "17:30")
    status = await hold(d, meeting, [
        {"unit_id": t.units["发改委"], "attendee_name": "发改委主任"},
        {"unit_id": t.units["自然资源局"], "attendee_name": "自然资源局副局长 王某", "status": "proxy"},
        {"unit_id": t.units["住建局"], "attendee_name": "住建局局长"},
        {"unit_id": t.units["高新区"], "attendee_name": "高新区副主任 刘某"},
        {"unit_id": t.units["洯南街道"], "attendee_name": "洯南街道党工委书记"},
    ])
    names = {v: k for k, v in t.units.items()}
    assert {names[u]: s for u, s in status.items()} == {
        "发改委": "present", "自然资源局": "proxy", "住建局": "present", "高新区": "on_leave", "洯南街道": "present",
    }, status
    # "会议根据项目建设中的实际问题，逐项研究解决……形成决定事项，下发《郸城县重点项目建设通报》"
    await d.put(f"/api/v1/meetings/{meeting['id']}/minutes", {
        "summary": "会议听取了全县重点项目建设情况的通报，研究了城乡供水一体化工程开工前的手续问题。",
        "decided_items": [{"title": "城乡供水一体化工程3月13日前办结施工许可", "owner_unit_id": t.units["住建局"],
                           "due_date": "2026-03-13", "project_id": t.pid("DC-001")}],
    }, who=OFFICE)
    published = await d.post(f"/api/v1/meetings/{meeting['id']}/minutes/publication", who=OFFICE, expect=200)
    [t.decided] = published["decided_items"]
    assert (t.decided["title"], t.decided["owner_unit_id"]) == (
        "城乡供水一体化工程3月13日前办结施工许可", t.units["住建局"]), t.decided
    await d.settle()
    minutes = await docx_text(d, f"/api/v1/meetings/{meeting['id']}/minutes.docx", OFFICE)
    assert "城乡供水一体化工程3月13日前办结施工许可" in minutes, minutes[:600]


async def attendance_bulletin(t: TwoMonths) -> None:
    """"对无故缺席者……予以通报批评", and 替会 is forbidden: the March bulletin names the proxy, not the leave."""
    d = t.d
    bulletin = await d.get("/api/v1/attendance/bulletin", who=OFFICE,
                           params={"region_code": REGION, "month": "2026-03"})
    assert [(r["unit_id"], r["status"], r["attendee_name"]) for r in bulletin["items"]] == [
        (t.units["自然资源局"], "proxy", "自然资源局副局长 王某")], bulletin
    text = await docx_text(d, "/api/v1/attendance/bulletin.docx", OFFICE, region_code=REGION, month="2026-03")
    assert "关于2026年3月重点项目会议出勤情况的通报" in text, text[:400]
    assert "郸城县自然资源局" in text and "自然资源局副局长 王某" in text, text


# ---------------------------------------------------------------- procedures and starts


async def procedures(t: TwoMonths) -> None:
    """联审联批: both new starts need 项目立项 and 施工许可; DC-001's are done in March and it starts on 16 March;
    DC-002's permit is still in hand at the end of April."""
    d = t.d
    types = {p["code"]: p["id"] for p in await d.get("/api/v1/procedure-types", who=OFFICE,
                                                      params={"region_code": REGION})}
    for code in ("DC-001", "DC-002"):
        for kind in ("approval_filing", "construction_permit"):
            t.procedures[(code, kind)] = await d.post(f"/api/v1/projects/{t.pid(code)}/procedures",
                                                      {"procedure_type_id": types[kind], "deadline": "2026-04-30"},
                                                      who=OFFICE, expect=201)
    await d.at("2026-03-12", "10:00")
    for code, kind, number in (("DC-001", "approval_filing", "郸发改审批〔2026〕8号"),
                               ("DC-001", "construction_permit", "郸建施〔2026〕15号"),
                               ("DC-002", "approval_filing", "郸发改备〔2026〕21号")):
        path = f"/api/v1/projects/{t.pid(code)}/procedures/{t.procedures[(code, kind)]['id']}/status-changes"
        done = await d.post(path, {"status": "done", "approval_number": number, "approval_date": "2026-03-12"},
                            who=OFFICE, expect=201)
        assert done["status"] == "done", done
    # the meeting's decided item is done in time, and the office verifies it (跟踪督查)
    done = await d.post(f"/api/v1/decided-items/{t.decided['id']}/follow-ups",
                        {"action": "done", "note": "施工许可已办结"}, who=LIAISONS["住建局"], expect=201)
    assert done["status"] == "done", done
    verified = await d.post(f"/api/v1/decided-items/{t.decided['id']}/follow-ups", {"action": "verify"}, who=OFFICE,
                            expect=201)
    assert verified["status"] == "verified", verified
    permit = t.procedures[("DC-002", "construction_permit")]["id"]
    await d.post(f"/api/v1/projects/{t.pid('DC-002')}/procedures/{permit}/status-changes", {"status": "in_progress"},
                 who=OFFICE, expect=201)
    await d.at("2026-03-16", "10:00")
    moved = await d.post(f"/api/v1/projects/{t.pid('DC-001')}/stage-changes",
                         {"to_stage": "under_construction", "reason": "已取得施工许可，正式开工",
                          "changed_on": "2026-03-16"},
                         who=OFFICE, expect=201)
    assert moved["to_stage"] == "under_construction", moved
    await d.settle()


async def april_dispatch_meeting(t: TwoMonths) -> None:
    """Tuesday 7 April: every head in person."""
    d = t.d
    await d.at("2026-04-07", "17:30")
    status = await hold(d, t.meetings[1], [{"unit_id": t.units[k], "attendee_name": f"{k}主要负责同志"} for k in FIXED])
    assert set(status.values()) == {"present"}, status
    await d.settle()


async def start_and_procedure_rates(t: TwoMonths) -> JSON:
    """"力争开工率达到 100%，联审联批完成率达到 100%": at the end of April one of the two new starts has started and
    three of the four procedures are done — both short of the target."""
    d = t.d
    stats = await d.get("/api/v1/statistics", who=OFFICE, params={"region_code": REGION, "year": YEAR})
    assert stats["start_rate"] == {"by": "2026-04-30", "planned": 2, "started": 1, "rate": "50.00"}, stats["start_rate"]
    assert stats["procedure_completion"] == {"total": 4, "done": 3, "not_needed": 0, "rate": "75.00"}, stats[
        "procedure_completion"]
    resp = await d.call("GET", "/api/v1/statistics/export.xlsx", OFFICE, params={"region_code": REGION, "year": YEAR})
    assert resp.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return {"start_rate": stats["start_rate"]["rate"], "procedure_completion": stats["procedure_completion"]["rate"]}


# ---------------------------------------------------------------- 28 April: the observation and review (双月点评)


async def observation_and_review(t: TwoMonths) -> JSON:
    d = t.d
    await d.at("2026-05-06", "08:00")
    assert t.observation["meeting_date"] == "2026-05-06"
    scorers = []
    for username, name in SCORERS.items():
        scorers.append({"id": (await d.get("/api/v1/todos", who=username))["user"], "name": name})
    rnd = await d.post("/api/v1/scoring-rounds", {
        "region_code": REGION, "name": "2026年3—4月重点项目观摩点评", "period": "2026-B2", "deadline": "2026-05-06",
        "criteria": CRITERIA, "project_ids": [t.pid(c) for c in ("DC-003", "DC-001", "DC-002")], "scorers": scorers,
    }, who=OFFICE, expect=201)
    await d.at("2026-05-06", "14:00")
    codes = {p["id"]: c for c, p in t.projects.items()}
    for username, by_project in SHEETS.items():
        sheets = await d.items("/api/v1/score-sheets", username, round_id=rnd["id"])
        assert len(sheets) == 6, sheets
        for sheet in sheets:
            progress, management = by_project[codes[sheet["project_id"]]]
            score = progress if sheet["criterion"] == "progress" else management
            await d.call("PUT", f"/api/v1/score-sheets/{sheet['id']}", username, json={"score": score},
                         headers={"If-Match": sheet["etag"]})
        await d.post(f"/api/v1/scoring-rounds/{rnd['id']}/submission", who=username, expect=200)

    await d.at("2026-05-06", "14:40")
    schemes = {s["code"]: s for s in await d.items("/api/v1/scoring-schemes", OFFICE, region_code=REGION)}
    scheme = schemes[SCHEME_CODE]
    assert scheme["period_kind"] == "bimonth", scheme
    run = await d.post("/api/v1/scoring-runs", {"scheme_id": scheme["id"], "period": "2026-B2"}, who=OFFICE,
                       expect=201)
    assert (run["period"], run["period_start"], run["period_end"]) == ("2026-B2", "2026-03-01", "2026-04-30"), run
    await d.post(f"/api/v1/scoring-runs/{run['id']}/publish", who=OFFICE, expect=200)
    results = await d.items(f"/api/v1/scoring-runs/{run['id']}/results", OFFICE)
    by_code = {codes[r["subject_id"]]: r for r in results}
    dims = {c: {x["code"]: x for x in r["dimensions"]} for c, r in by_code.items()}
    # sheets: DC-003 (56+38, 54+36) → 55 + 37 = 92 → 73.60 of 80; DC-001 89 → 71.20; DC-002 77 → 61.60
    assert {c: dims[c]["observation"]["score"] for c in dims} == {
        "DC-001": "71.20", "DC-002": "61.60", "DC-003": "73.60"}, dims
    # the proxy (替会) of 自然资源局 on 2 March costs its project 5 of 20; 高新区's approved leave costs nothing, nor
    # does the decided item done in time
    assert {c: dims[c]["attendance"]["score"] for c in dims} == {
        "DC-001": "20.00", "DC-002": "20.00", "DC-003": "15.00"}, dims
    assert "会议替会 1 次" in dims["DC-003"]["attendance"]["explanation"], dims["DC-003"]["attendance"]
    ranking = sorted((r["rank"], codes[r["subject_id"]], r["total"]) for r in results)
    # first on the sheets, DC-003 is second once the proxy is deducted
    assert ranking == [(1, "DC-001", "91.20"), (2, "DC-003", "88.60"), (3, "DC-002", "81.60")], ranking
    names = {p[0]: p[1] for p in PROJECTS}
    default = await d.get(f"/api/v1/scoring-runs/{run['id']}/lists", who=OFFICE)
    assert [e["subject_name"] for e in default["praise"]] == [names[c] for c in ("DC-001", "DC-003", "DC-002")]
    # three projects here, not the county's 52: the office names one of each
    lists = await d.get(f"/api/v1/scoring-runs/{run['id']}/lists", who=OFFICE,
                        params={"praise_size": 1, "criticism_size": 1})
    assert [e["subject_name"] for e in lists["praise"]] == [names["DC-001"]], lists
    assert [e["subject_name"] for e in lists["criticism"]] == [names["DC-002"]], lists
    notice = await docx_text(d, f"/api/v1/scoring-runs/{run['id']}/notice.docx", OFFICE)
    assert all(names[c] in notice for c in names), notice[:800]
    await d.settle()
    return {"ranking": ranking}


async def run_two_months(d: Desk) -> JSON:
    t = TwoMonths(d)
    await d.at("2026-03-02", "08:00")
    await set_up_county(t)
    await dispatch_meetings_on_first_mondays(t)
    await march_dispatch_meeting(t)
    await attendance_bulletin(t)
    await procedures(t)
    await april_dispatch_meeting(t)
    await d.at("2026-04-30", "10:00")
    rates = await start_and_procedure_rates(t)
    review = await observation_and_review(t)
    undelivered: dict[str, Any] = {}
    for service in ("registry", "issues", "meetings", "scoring"):
        undelivered[service] = [r for r in await d.outbox(service) if r["status"] != "delivered"]
    assert undelivered == {s: [] for s in undelivered}, undelivered
    return {**rates, **review}


async def test_two_months_of_dancheng_dispatch_meetings_and_the_two_month_review(
    county_on_a_fresh_cluster: CountyRunner,
):
    started = time.monotonic()
    end = await county_on_a_fresh_cluster("dancheng", REGION, run_two_months)
    assert (end["start_rate"], end["procedure_completion"]) == ("50.00", "75.00"), end
    print(f"郸城 two months: {time.monotonic() - started:.1f}s")
