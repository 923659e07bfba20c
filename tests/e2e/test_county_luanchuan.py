"""栾川县 runs as itself for a quarter (the second quarter of 2026), end to end: the five apps as real processes,
driven through the gateway only, the clocks moved by the scenario (seed 000, 中共栾川县委 栾川县人民政府关于加快推进
2018年重点项目建设的意见).

The quarter, by the seed's own words:
- 三(三) "每月22日前要按时上报重点项目月报表,同时将重点项目推进中存在的好经验、好做法和意见建议一并报送": April,
  May and June are reported by the 22nd with the good practices and suggestions; one township reports May late, one
  bureau never reports June, and each draws a reminder; the office verifies what was reported.
- 二(四) "每季度观摩活动由县四大班子领导、各乡镇和县直相关单位负责人对各项目目标完成情况进行评价打分,
  打分结果在全县观摩总结会上进行通报……对排名靠前的责任单位和实施单位进行通报表扬……
  对排名靠后的责任单位和实施单位进行通报批评": the office opens the quarter's observation round (观摩打分) for
  leaders of the four bodies and a township head, each scores every project and submits; the round's scores (the
  highest and the lowest dropped) make the quarter's ranking, published with its praise and criticism lists and its
  notice (通报).
- 二(七) "每季度将项目的进展情况在新闻媒体上进行通报": once the quarter is over, each project's verified progress of the
  quarter is on the public page (阳光行动).
- 二(三) "对开而未动、动而迟缓、问题久拖未决的项目……进行约谈": an interview is for those, not for a low rank, which
  draws 通报批评 and a 表态发言: nobody is proposed for an interview for the ranking.
- 三(二) "确保易地扶贫搬迁……等项目在6月底前全部完工": the poverty-alleviation project not completed by 30 June is
  flagged on 1 July.

The county's rules come from its region profile (``luanchuan-2018``), applied by :func:`apply_profile`.

栾川县一个季度的端到端流程：每月22日前报送月报，季度观摩打分、排名、通报表扬和通报批评。"""

from __future__ import annotations

from decimal import Decimal

import pytest

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

REGION = "410324"  # 栾川县
YEAR = 2026
QUARTER = "2026-Q2"
OFFICE = "lc.office"  # 县项目建设领导小组办公室 (县发改委)
UNITS = [
    ("发改委", "栾川县发展和改革委员会", "office"),
    ("交通局", "栾川县交通运输局", "department"),
    ("水利局", "栾川县水利局", "department"),
    ("旅工委", "栾川县旅游工作委员会", "department"),
    ("商工委", "栾川县商务和工业化委员会", "department"),
    ("住建局", "栾川县住房和城乡建设局", "department"),
    ("城关镇", "城关镇", "township"),
]
POSTS = [("副县长（分管交通）", "李副县长"), ("副县长（分管城建）", "王副县长"), ("副县长（分管工业）", "赵副县长")]
LIAISONS = {"交通局": "lc.jtj", "水利局": "lc.slj", "旅工委": "lc.lgw", "商工委": "lc.sgw", "住建局": "lc.zjj",
            "城关镇": "lc.cgz"}
# code, name, 建设性质, 总投资, 年度计划投资, unit, post, 计划开工时间, 扶贫项目
PROJECTS = [
    ("LC-101", "栾川至双堂快速通道", "续建", 80000, 24000, "交通局", "副县长（分管交通）", "2025-04-01", None),
    ("LC-102", "伊河城区段综合治理", "续建", 30000, 12000, "水利局", "副县长（分管城建）", "2025-09-01", None),
    ("LC-103", "老君山景区游客服务中心", "续建", 20000, 8000, "旅工委", "副县长（分管交通）", "2025-05-01", None),
    ("LC-104", "钼钨新材料产业园标准化厂房", "新开工", 50000, 15000, "商工委", "副县长（分管工业）", "2026-04", None),
    ("LC-105", "城区雨污分流管网改造", "新开工", 12000, 6000, "住建局", "副县长（分管城建）", "2026-04", None),
    ("LC-106", "城关镇易地扶贫搬迁配套设施", "续建", 6000, 4000, "城关镇", "副县长（分管城建）", "2025-10-01", "是"),
]
LIAISON_OF = {code: LIAISONS[unit] for code, *_, unit, _, _, _ in PROJECTS}
UNIT_OF = {code: unit for code, *_, unit, _, _, _ in PROJECTS}
NAMES = {code: name for code, name, *_ in PROJECTS}
# the investment each project reports for April, May and June (万元); None: not reported
MONTHS = {
    "2026-04": {"LC-101": "2000.00", "LC-102": "1000.00", "LC-103": "700.00", "LC-104": "500.00",
                "LC-105": "300.00", "LC-106": "400.00"},
    "2026-05": {"LC-101": "2200.00", "LC-102": "1100.00", "LC-103": "650.00", "LC-104": "600.00",
                "LC-105": "200.00", "LC-106": "350.00"},
    "2026-06": {"LC-101": "2500.00", "LC-102": "1200.00", "LC-103": "800.00", "LC-104": "700.00",
                "LC-105": None, "LC-106": "450.00"},
}
# 四大班子 leaders and a township head score (seed 000, 二(四)); their usernames and names
SCORERS = [
    ("lc.s1", "县委副书记 孙某"),
    ("lc.s2", "县人大常委会副主任 周某"),
    ("lc.s3", "副县长 吴某"),
    ("lc.s4", "县政协副主席 郑某"),
    ("lc.s5", "城关镇镇长 陈某"),
]
# 目标完成情况 (0–100), each scorer's score of each project in the route's order (scorers as in SCORERS)
SCORES = {
    "LC-101": ("95", "92", "90", "94", "80"),
    "LC-102": ("88", "86", "90", "85", "99"),
    "LC-103": ("85", "84", "83", "90", "70"),
    "LC-104": ("70", "75", "72", "60", "80"),
    "LC-105": ("65", "68", "66", "90", "50"),
    "LC-106": ("78", "76", "80", "77", "40"),
}
# the highest and the lowest dropped, the mean of the three left (two decimals)
ROUND_SCORES = {"LC-101": "92.00", "LC-102": "88.00", "LC-103": "84.00", "LC-106": "77.00", "LC-104": "72.33",
                "LC-105": "66.33"}


# ---------------------------------------------------------------- the region's rules


async def apply_profile(d: Desk, code: str) -> None:
    """栾川's rules (profile ``luanchuan-2018``, each value citing seed 000 or marked our choice) applied to region
    ``code`` for 2026: the registry sets its policies at once (the report rule: "每月22日前要按时上报重点项目月报表";
    the poverty projects completed by the end of June), the issues, meetings and scoring services theirs when the
    outbox delivers ``region.profile_applied``. Checked in each: the ladder's rungs by the seed's names, the
    interview reasons of 二(三) (开而未动、动而迟缓、问题久拖未决: a low ranking draws 通报批评, not an
    interview), the quarterly observation scheme with three praised and three criticised."""
    assert code == d.region
    await apply_region_profile(d, OFFICE, "luanchuan-2018")
    rule = await d.get("/api/v1/progress-reports/due-rule", who=OFFICE, params={"region_code": code, "year": YEAR})
    assert (rule["rule"]["period_kind"], rule["rule"]["due_day"], rule["rule"]["due_in"]) == ("monthly", 22, "same")
    ladder = (await d.get(f"/api/v1/issue-policies/{code}/ladder", who=OFFICE, params={"year": YEAR}))["value"]
    assert [(r["level"], r["name"]) for r in ladder["levels"]] == [
        ("team", "项目服务团队"), ("system_meeting", "九大体系分类推进例会"),
        ("county_meeting", "县委、县政府项目例会"), ("leadership", "县委、县政府主要领导")], ladder
    interviews = (await d.get(f"/api/v1/issue-policies/{code}/interviews", who=OFFICE,
                              params={"year": YEAR}))["value"]
    assert interviews["reasons"] == ["started_not_moving", "moving_slowly", "problems_long_unsolved"], interviews
    scheme = await observation_scheme(d)
    version = await d.get(f"/api/v1/scoring-schemes/{scheme['id']}/versions/{scheme['latest_version']}",
                          who=OFFICE)
    assert ([x["kind"] for x in version["dimensions"]], version["praise_size"], version["criticism_size"]) == (
        ["sheets"], 3, 3), version


async def observation_scheme(d: Desk) -> JSON:
    schemes = await d.items("/api/v1/scoring-schemes", OFFICE, region_code=REGION)
    [scheme] = [s for s in schemes if s["code"] == "luanchuan-observation"]
    return scheme


# ---------------------------------------------------------------- the quarter


async def set_up_county(d: Desk) -> County:
    c = await set_up(
        d,
        [("410000", "河南省", "province", None), ("410300", "洛阳市", "prefecture", "410000"),
         (REGION, "栾川县", "county", "410300")],
        (OFFICE, "栾川县重点项目办 王科长", "发改委"),
        UNITS,
        POSTS,
        LIAISONS,
    )
    for username, name in SCORERS:
        await d.account(username, ["scorer"], display_name=name)
    await apply_profile(d, REGION)
    rows = [
        {"序号": i, "项目编号": code, "项目名称": name, "建设性质": stage, "扶贫项目": poverty, "总投资(万元)": total,
         "年度计划投资(万元)": plan, "责任单位": next(n for k, n, _ in UNITS if k == unit), "责任领导(职务)": post,
         "计划开工时间": start, "计划竣工时间": "2027-12-31", "建设内容": f"{name}工程"}
        for i, (code, name, stage, total, plan, unit, post, start, poverty) in enumerate(PROJECTS, 1)
    ]
    await import_list(c, YEAR, f"栾川县{YEAR}年重点项目目标任务分解一览表", rows)
    return c


async def month_of_reports(c: County, period: str, on_time: str, late: dict[str, str]) -> dict[str, JSON]:
    """Every project of ``MONTHS[period]`` reports on ``on_time`` (before the 22nd), except those of ``late`` (code →
    day after the 22nd) and those with no figure (never); the overdue job, the day after the 22nd, flags each one
    not in by then once, and a reminder letter follows; the office verifies what came in."""
    d = c.desk
    figures = MONTHS[period]
    reports: dict[str, JSON] = {}
    await d.at(on_time, "10:00")
    for code, amount in figures.items():
        if amount is None or code in late:
            continue
        extra = {}
        if code == "LC-101":  # 好经验、好做法 and 意见建议 sent with the report
            extra = {"good_practices": "实行“挂图作战”，每周对照节点倒排工期",
                     "suggestions": "建议县自然资源局对临时用地实行并联审批"}
        reports[code] = await report(c, code, period, LIAISON_OF[code], amount, **extra)
    assert all(not r["is_late"] and instant(r["due_at"]) == at_end_of(f"{period}-22") for r in reports.values())
    await d.at(f"{period}-23", "09:00")
    marked = await d.job("registry", "progress-reports-overdue")
    not_in = sorted(code for code, amount in figures.items() if amount is None or code in late)
    assert marked["marked"] == len(not_in), marked
    overdue = await d.items("/api/v1/progress-reports/overdue", OFFICE, region_code=REGION, period=period)
    assert [r["project_code"] for r in overdue] == not_in, overdue
    await d.settle()
    for code, day in sorted(late.items()):
        await d.at(day, "10:00")
        reports[code] = await report(c, code, period, LIAISON_OF[code], figures[code])
        assert reports[code]["is_late"] is True, reports[code]
    for r in reports.values():
        verified = await d.post(f"/api/v1/progress-reports/{r['id']}/verify", who=OFFICE, expect=200)
        assert verified["status"] == "verified"
    await d.settle()
    return reports


async def the_months_of_the_quarter(c: County) -> None:
    d = c.desk
    april = await month_of_reports(c, "2026-04", "2026-04-20", {})
    first = await d.get(f"/api/v1/progress-reports/{april['LC-101']['id']}", who=OFFICE)
    assert (first["good_practices"], first["suggestions"]) == (
        "实行“挂图作战”，每周对照节点倒排工期", "建议县自然资源局对临时用地实行并联审批")
    await month_of_reports(c, "2026-05", "2026-05-21", {"LC-106": "2026-05-25"})
    await month_of_reports(c, "2026-06", "2026-06-19", {})
    letters = await d.items("/api/v1/letters", OFFICE, region_code=REGION, reason="report_overdue")
    assert sorted((x["project_code"], c.unit_name(x["unit_id"]), x["grade"]) for x in letters) == [
        ("LC-105", "住建局", "reminder"),
        ("LC-106", "城关镇", "reminder"),
    ], letters


async def quarter_figures(c: County) -> JSON:
    """The quarter's reporting as the year-end assessment reads it: April to June, each project's investment
    completed, its late and its missing reports."""
    totals = await c.desk.get("/api/v1/progress-reports/year-totals", who=OFFICE,
                              params={"region_code": REGION, "through": "2026-06", "late_from": "2026-04"})
    figures = {t["code"]: (t["investment_completed"], t["late_reports"], t["missing_reports"]) for t in totals}
    expected = {}
    for code in NAMES:
        done = sum((Decimal(m[code]) for m in MONTHS.values() if m[code] is not None), Decimal(0))
        expected[code] = (f"{done:.2f}", 1 if code == "LC-106" else 0, 1 if code == "LC-105" else 0)
    assert figures == expected, figures
    return figures


async def observation_round(c: County) -> JSON:
    """26 June: the office opens the quarter's observation round along the route (the list's order), one criterion
    from the seed (目标完成情况, 0–100), the highest and the lowest score dropped once five have scored (our choice,
    the usual rule of a scoring panel; the seed is silent). Four scorers fill and submit their sheets; the office sees
    who has not; the fifth scores and submits on the 30th, the deadline."""
    d = c.desk
    await d.at("2026-06-26", "09:00")
    body = {
        "region_code": REGION, "name": "2026年第二季度全县重点项目观摩", "period": QUARTER, "deadline": "2026-06-30",
        "criteria": [{"code": "target_completion", "name": "目标完成情况", "min": "0", "max": "100"}],
        "trim_each_end": 1, "min_scorers_to_trim": 5, "project_ids": [c.pid(code) for code in NAMES],
        "scorers": [{"id": d.users[u]["id"], "name": n} for u, n in SCORERS],
    }
    rnd = await d.post("/api/v1/scoring-rounds", body, who=OFFICE, expect=201)
    for i, (username, _) in enumerate(SCORERS):
        if i == len(SCORERS) - 1:
            progress = await d.get(f"/api/v1/scoring-rounds/{rnd['id']}/progress", who=OFFICE)
            assert progress["not_done"] == [SCORERS[-1][1]], progress
            await d.at("2026-06-30", "17:00")
        sheets = await d.items("/api/v1/score-sheets", username, round_id=rnd["id"])
        assert [s["project_name"] for s in sheets] == list(NAMES.values())  # the route's order
        for sheet in sheets:
            code = next(k for k, v in NAMES.items() if v == sheet["project_name"])
            filled = await d.call("PUT", f"/api/v1/score-sheets/{sheet['id']}", username,
                                  json={"score": SCORES[code][i]}, headers={"If-Match": sheet["etag"]})
            assert Decimal(filled.json()["score"]) == Decimal(SCORES[code][i])
        submitted = await d.post(f"/api/v1/scoring-rounds/{rnd['id']}/submission", who=username, expect=200)
        assert submitted["sheets"] == len(NAMES), submitted
    progress = await d.get(f"/api/v1/scoring-rounds/{rnd['id']}/progress", who=OFFICE)
    assert progress["not_done"] == [], progress
    scores = await d.get(f"/api/v1/scoring-rounds/{rnd['id']}/scores", who=OFFICE)
    assert [(s["project_name"], s["score"]) for s in scores] == [
        (NAMES[code], value) for code, value in ROUND_SCORES.items()
    ], scores
    return rnd


async def quarterly_ranking(c: County) -> JSON:
    """1 July: the quarter's run of the observation scheme ranks the projects by the round, and is published with
    its praise and criticism lists and the notice (通报) that names them."""
    d = c.desk
    await d.at("2026-07-01", "09:00")
    scheme = await observation_scheme(d)
    run = await d.post("/api/v1/scoring-runs", {"scheme_id": scheme["id"], "period": QUARTER}, who=OFFICE,
                       expect=201)
    published = await d.post(f"/api/v1/scoring-runs/{run['id']}/publish", who=OFFICE, expect=200)
    assert published["status"] == "published"
    results = await d.items(f"/api/v1/scoring-runs/{run['id']}/results", OFFICE)
    ranking = [(r["subject_code"], r["rank"], r["total"]) for r in results]
    assert ranking == [(code, rank, value) for rank, (code, value) in enumerate(ROUND_SCORES.items(), 1)], ranking
    lists = await d.get(f"/api/v1/scoring-runs/{run['id']}/lists", who=OFFICE)
    praise = [e["subject_code"] for e in lists["praise"]]
    criticism = [e["subject_code"] for e in lists["criticism"]]
    assert (praise, criticism) == (["LC-101", "LC-102", "LC-103"], ["LC-105", "LC-104", "LC-106"]), lists
    # "对排名靠前的责任单位……通报表扬……对排名靠后的责任单位……通报批评": each entry names its responsible unit
    assert [c.unit_name(e["unit_id"]) for e in lists["praise"] + lists["criticism"]] == [
        UNIT_OF[code] for code in praise + criticism], lists
    resp = await d.call("GET", f"/api/v1/scoring-runs/{run['id']}/notice.docx", OFFICE)
    text = official.all_text(official.read(resp.content))
    assert "2026年第二季度" in text and "通报" in text, text[:400]
    for code in praise + criticism:
        assert NAMES[code] in text, (code, text)
    # the whole county reads the published ranking: a scorer, a unit
    assert len(await d.items(f"/api/v1/scoring-runs/{run['id']}/results", SCORERS[0][0])) == len(NAMES)
    await d.settle()  # the issues service learns who was criticised
    return {"ranking": ranking, "praise": praise, "criticism": criticism}


async def no_interview_for_a_low_rank(c: County) -> list[str]:
    """Those criticised are named in the notice and speak at the summary meeting (表态发言, 二(四)); an interview (约谈)
    is for 开而未动、动而迟缓、问题久拖未决 (二(三)): the issues service, which learnt of the ranking, proposes none of
    them for their rank."""
    candidates = await c.desk.get("/api/v1/interviews/candidates", who=OFFICE, params={"region_code": REGION})
    assert all("ranked_last" not in x["reasons"] for x in candidates), candidates
    return sorted(x["project_code"] for x in candidates)


async def poverty_project_not_completed_by_june(c: County) -> list[JSON]:
    """三(二) "确保易地扶贫搬迁……等项目在6月底前全部完工": on 1 July the poverty-alleviation project LC-106, still under
    construction, is flagged as not completed by 30 June; no other project is a poverty project."""
    rows = await c.desk.get(f"/api/v1/regions/{REGION}/procedure-deadlines", who=OFFICE,
                            params={"year": YEAR, "on": "2026-07-01"})
    flagged = [(r["project_code"], r["poverty_due"], r["poverty_not_completed"]) for r in rows
               if r["is_poverty_alleviation"]]
    assert flagged == [("LC-106", "2026-06-30", True)], rows
    assert not any(r["poverty_not_completed"] for r in rows if not r["is_poverty_alleviation"])
    return rows


async def quarter_on_the_public_page(c: County) -> dict[str, list[tuple[str, str]]]:
    """The public page (no login) shows the quarter's verified progress of each project: June's report, or May's
    for the project that never reported June."""
    d = c.desk
    projects = await d.items("/api/v1/public/projects", None, region_code=REGION, year=YEAR)
    shown = {p["code"]: [(q["quarter"], q["period"]) for q in p["quarterly_progress"]] for p in projects}
    assert shown == {code: [(QUARTER, "2026-05" if code == "LC-105" else "2026-06")] for code in NAMES}, shown
    return shown


async def run_luanchuan_quarter(d: Desk) -> JSON:
    await d.at("2026-04-01")
    c = await set_up_county(d)
    await the_months_of_the_quarter(c)
    figures = await quarter_figures(c)
    await observation_round(c)
    ranked = await quarterly_ranking(c)
    interviews = await no_interview_for_a_low_rank(c)
    await poverty_project_not_completed_by_june(c)
    public = await quarter_on_the_public_page(c)
    outboxes = {service: [r for r in await d.outbox(service) if r["status"] != "delivered"]
                for service in ("registry", "issues", "meetings", "scoring")}
    assert outboxes == {"registry": [], "issues": [], "meetings": [], "scoring": []}, outboxes
    return {"figures": figures, **ranked, "interviews": interviews, "public": public}


async def test_luanchuan_runs_its_quarter_reports_by_the_22nd_and_the_observation_ranking(
    county_on_a_fresh_cluster: CountyRunner,
):
    out = await county_on_a_fresh_cluster("luanchuan", REGION, run_luanchuan_quarter)
    assert out["criticism"] == ["LC-105", "LC-104", "LC-106"]
