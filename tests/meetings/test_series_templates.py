"""A region's meeting series as data (policy ``meeting_series``): the recurring meetings its document names, as
templates, a route that creates the region's series from one, and the agendas taking up the ladder's level the
region's series give each kind of meeting (issue 19: meeting series per region; docs/ladder-and-series.md)."""

from __future__ import annotations

from tests.meetings.conftest import REGION
from tests.meetings.test_agenda_ladder import agenda, deliver, step
from tests.meetings.test_agendas import build, raise_problem, system_meeting

POLICY = f"/api/v1/meeting-policies/{REGION}/meeting_series"
FROM_TEMPLATE = "/api/v1/meeting-series/from-template"

# 郸城 (seed 002, 二(二)): 原则每月第一个周一召开1次项目推进调度例会，每两个月观摩点评1次 …… 由县政府常务副县长召集
# …… 于月例会前一周……报县重点建设项目办公室
DANCHENG = {"templates": [
    {"code": "dispatch", "meeting_type": "county_meeting", "name": "项目推进调度例会",
     "rrule": "FREQ=MONTHLY;BYDAY=1MO", "convener": "县政府常务副县长", "chair": "县委、县政府主要领导",
     "takes_level": "county_meeting", "submission_lead_days": 7},
    {"code": "observation", "meeting_type": "observation", "name": "重点项目观摩点评",
     "rrule": "FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO", "convener": "县政府常务副县长"},
]}
# 楚雄 (seed 001, 四(三)): 州重点办根据反馈意见组织召开重点项目协调会 — the coordination meeting takes up the level
# the region calls 州重点办协调会 (its ladder has no system meeting)
CHUXIONG = {"templates": [
    {"code": "coordination", "meeting_type": "coordination", "name": "重点项目协调会",
     "rrule": "FREQ=MONTHLY;BYMONTHDAY=15", "convener": "州重点项目办", "takes_level": "county_meeting"},
]}


async def _set(desk, value: dict) -> None:
    resp = await desk.client.put(POLICY, json=value, headers=desk.office)
    assert resp.status_code == 200, resp.text


async def _from_template(desk, template: str, **body):
    return await desk.client.post(FROM_TEMPLATE, headers=desk.office, json={
        "region_code": REGION, "template": template, **body})


async def test_the_shipped_series_keep_the_system_and_county_meetings_on_their_levels(desk):
    resp = await desk.client.get(POLICY, headers=desk.office)
    assert resp.status_code == 200, resp.text
    templates = resp.json()["value"]["templates"]
    assert [(t["code"], t["meeting_type"], t["takes_level"]) for t in templates] == [
        ("system_meetings", "system_meeting", "system_meeting"), ("joint_approval", "joint_approval", None),
        ("county_meeting", "county_meeting", "county_meeting")]


async def test_dancheng_creates_its_dispatch_meeting_on_the_first_monday_of_each_month(desk):
    desk.at("2026-09-01")
    await _set(desk, DANCHENG)
    resp = await _from_template(desk, "dispatch", start_date="2026-09-01", convener_unit_id=desk.units["重点办"],
                                horizon_days=92, fixed_unit_ids=[desk.units["发改委"]])
    assert resp.status_code == 201, resp.text
    [series] = resp.json()
    assert (series["meeting_type"], series["title"], series["rrule"], series["template_code"],
            series["chair_name"], series["submission_lead_days"]) == (
        "county_meeting", "项目推进调度例会", "FREQ=MONTHLY;BYDAY=1MO", "dispatch", "县委、县政府主要领导", 7)
    meetings = (await desk.client.get("/api/v1/meetings", headers=desk.office,
                                      params={"region_code": REGION, "limit": 50})).json()["items"]
    # 09-07, 10-05 (国庆 holiday: held on 10-08, the next working day), 11-02 (92 days ahead: to 12-02)
    assert [(m["meeting_date"], m["submission_due_date"]) for m in meetings] == [
        ("2026-09-07", "2026-08-31"), ("2026-10-08", "2026-10-01"), ("2026-11-02", "2026-10-26")]
    again = await _from_template(desk, "dispatch", start_date="2026-09-01", convener_unit_id=desk.units["重点办"])
    assert again.status_code == 409
    assert again.json()["code"] == "template_series_exists"


async def test_each_department_holds_its_own_monthly_dispatch_from_one_template(desk):
    # 清水 (seed 003, 三(四)11): 县直有关部门建立月调度机制 — one template, one series per department
    desk.at("2026-09-01")
    await _set(desk, {"templates": [{
        "code": "department_dispatch", "meeting_type": "coordination", "name": "部门月调度",
        "rrule": "FREQ=MONTHLY;BYMONTHDAY=5", "convener": "县直有关部门（行业主管部门）"}]})
    for unit in ("交通局", "住建局"):
        resp = await _from_template(desk, "department_dispatch", start_date="2026-09-01",
                                    convener_unit_id=desk.units[unit], horizon_days=20)
        assert resp.status_code == 201, resp.text
    again = await _from_template(desk, "department_dispatch", start_date="2026-09-01",
                                 convener_unit_id=desk.units["交通局"])
    assert again.status_code == 409
    assert again.json()["code"] == "template_series_exists"


async def test_a_template_of_one_series_per_system_is_the_system_rotation(desk):
    desk.at("2026-09-25")
    resp = await _from_template(desk, "system_meetings", start_date="2026-09-28", horizon_days=14)
    assert resp.status_code == 201, resp.text
    [series] = resp.json()  # the fixture's one system, 现代基础设施体系, convened by 交通局
    assert (series["meeting_type"], series["system_id"], series["convener_unit_id"], series["rrule"],
            series["template_code"]) == ("system_meeting", desk.systems["基础设施"], desk.units["交通局"],
                                         "FREQ=WEEKLY;BYDAY=MO", "system_meetings")
    again = await _from_template(desk, "system_meetings", start_date="2026-09-28")
    assert again.status_code == 409


async def test_an_unknown_template_or_a_series_without_its_convener_is_refused(desk):
    resp = await _from_template(desk, "weekly_joint", start_date="2026-09-07", convener_unit_id=desk.units["重点办"])
    assert resp.status_code == 422
    assert (resp.json()["code"], resp.json()["errors"][0]["field"]) == ("unknown_template", "body.template")
    resp = await _from_template(desk, "county_meeting", start_date="2026-09-07")
    assert resp.status_code == 422
    assert (resp.json()["code"], resp.json()["errors"][0]["field"]) == ("convener_required", "body.convener_unit_id")
    resp = await desk.client.post(FROM_TEMPLATE, headers=desk.unit("交通局"), json={
        "region_code": REGION, "template": "county_meeting", "start_date": "2026-09-07",
        "convener_unit_id": desk.units["交通局"]})
    assert resp.status_code == 403


async def test_a_series_policy_is_refused_when_a_level_or_a_rule_is_ambiguous(desk):
    county = {"code": "county", "meeting_type": "county_meeting", "name": "调度例会", "rrule": "FREQ=MONTHLY;BYDAY=1MO",
              "convener": "常务副县长", "takes_level": "county_meeting"}
    bad = [
        [county, {**county, "code": "joint", "meeting_type": "coordination"}],  # two kinds take up one level
        [county, {**county, "code": "again"}, {**county, "code": "other", "takes_level": "system_meeting"}],
        [{**county, "rrule": "FREQ=FORTNIGHTLY"}],
        [{**county, "meeting_type": "system_meeting", "takes_level": "system_meeting"}],  # no rotation
        [county, county],
    ]
    for templates in bad:
        resp = await desk.client.put(POLICY, json={"templates": templates}, headers=desk.office)
        assert resp.status_code == 422, templates
    assert (await desk.client.get(POLICY, headers=desk.office)).json()["is_default"] is True


async def test_chuxiongs_coordination_meeting_takes_up_the_problems_at_its_coordination_level(desk):
    desk.at("2026-10-09")
    await _set(desk, CHUXIONG)
    project = await desk.project("A")
    coordination = await desk.meeting("2026-10-15", title="重点项目协调会")
    county = await desk.meeting("2026-10-16", meeting_type="county_meeting", title="县委县政府项目例会")
    problem = await raise_problem(desk, project, "county_meeting")
    built = await build(desk, coordination)
    assert [i["problem_id"] for i in built.json()] == [problem["id"]]
    built = await build(desk, county)
    assert [i["source"] for i in built.json()] == ["progress_summary"]  # no level of its own in 楚雄
    other = await raise_problem(desk, project, "system_meeting", "环评批复待审")
    await step(desk, other, "escalate", reason="部门无法协调，报州重点办")
    await deliver(desk)
    assert [i["problem_id"] for i in await agenda(desk, coordination)] == [problem["id"], other["id"]]


async def test_a_ladder_without_the_county_meeting_takes_the_problem_off_the_system_meeting_to_the_leaders(desk):
    desk.at("2026-10-09")
    resp = await desk.stack.client("issues").put(f"/api/v1/issue-policies/{REGION}/ladder", headers=desk.office,
                                                 json={"levels": [
                                                     {"level": "team", "working_days": 5},
                                                     {"level": "system_meeting", "working_days": 5},
                                                     {"level": "leadership", "working_days": None}]})
    assert resp.status_code == 200, resp.text
    project = await desk.project("A")
    system = await system_meeting(desk, "2026-10-12")
    county = await desk.meeting("2026-10-15", meeting_type="county_meeting", title="县委县政府项目调度例会")
    problem = await raise_problem(desk, project, "system_meeting")
    assert [i["problem_id"] for i in (await build(desk, system)).json()] == [problem["id"]]
    moved = await step(desk, problem, "escalate", reason="体系例会未能解决")
    assert moved["level"] == "leadership"
    await deliver(desk)
    assert await agenda(desk, system) == []
    assert await agenda(desk, county) == []
