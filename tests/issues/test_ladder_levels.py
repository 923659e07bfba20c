"""A region's ladder is data (policy ``ladder``): any ordered subsequence of team → system meeting → county meeting
→ leadership that starts with team and ends with leadership, each level under the region's own name and with its
own timer (issue 19: "the ladder's levels" were fixed in code). Escalation, the timers, the ledger's figures and
the levels a problem may be put at follow the region's ladder."""

from __future__ import annotations

from datetime import date, timedelta

from tests.issues.conftest import REGION

URL = f"/api/v1/issue-policies/{REGION}/ladder"

# 楚雄 (seed 001, 四(三)): 有关部门应于接到报送问题的4个工作日内……作出明确答复 …… 州重点办……组织召开重点项目协调会
# ……对经协调仍无法解决的问题统一报请州人民政府协调解决 — no system meeting
CHUXIONG = {
    "levels": [
        {"level": "team", "name": "责任部门协调", "working_days": 4},
        {"level": "county_meeting", "name": "州重点办协调会", "working_days": 10},
        {"level": "leadership", "name": "州人民政府", "working_days": None},
    ],
    "answer_working_days": 4,
    "documents_working_days": 1,
}
# a county whose ladder skips the county meeting: the system meeting's unsolved problems go to the leaders
NO_COUNTY_MEETING = {
    "levels": [
        {"level": "team", "working_days": 5},
        {"level": "system_meeting", "name": "体系推进例会", "working_days": 5},
        {"level": "leadership", "name": "县委县政府主要领导", "working_days": None},
    ],
}


async def _set(desk, value: dict) -> None:
    resp = await desk.client.put(URL, json=value, headers=desk.office())
    assert resp.status_code == 200, resp.text


async def _past_deadline(desk, pid: str) -> dict:
    deadline = date.fromisoformat((await desk.get(pid))["deadline"])
    desk.at((deadline + timedelta(days=1)).isoformat())
    await desk.run("problem-timers")
    return await desk.get(pid)


async def test_a_ladder_without_the_county_meeting_sends_the_system_meetings_unsolved_problem_to_leadership(desk):
    await _set(desk, NO_COUNTY_MEETING)
    problem = await desk.raise_problem()
    assert problem["deadline"] == "2026-10-12"  # team: 5 working days from 09-29
    at_system = await _past_deadline(desk, problem["id"])
    assert (at_system["level"], at_system["level_name"], at_system["deadline"]) == (
        "system_meeting", "体系推进例会", "2026-10-20")  # 10-13 + 5 working days
    at_top = await _past_deadline(desk, problem["id"])
    assert (at_top["level"], at_top["level_name"], at_top["deadline"]) == ("leadership", "县委县政府主要领导", None)
    auto = [e for e in await desk.timeline(problem["id"]) if e["action"] == "auto_escalate"]
    assert [(e["from_level"], e["to_level"]) for e in auto] == [
        ("team", "system_meeting"), ("system_meeting", "leadership")]
    assert auto[-1]["reason"] == "体系推进例会解决期限2026-10-20已过仍未解决，自动提交县委县政府主要领导"
    escalated = await desk.published("problem.escalated")
    assert [p["level"] for p in escalated] == ["system_meeting", "leadership"]


async def test_escalating_by_hand_follows_the_regions_ladder(desk):
    await _set(desk, NO_COUNTY_MEETING)
    problem = await desk.raise_problem(level="system_meeting")
    resp = await desk.step(problem["id"], "escalate", {"reason": "体系例会无法协调，报县委县政府"})
    assert resp.status_code == 200, resp.text
    assert resp.json()["level"] == "leadership"


async def test_chuxiong_names_its_levels_and_counts_its_timers(desk):
    await _set(desk, CHUXIONG)
    problem = await desk.raise_problem()
    # 09-29 + 4 working days: 09-30, 10-08, 10-09, 10-10 (make-up Saturday)
    assert (problem["level_name"], problem["deadline"], problem["answer_due_on"]) == (
        "责任部门协调", "2026-10-10", "2026-10-10")
    up = await _past_deadline(desk, problem["id"])
    assert (up["level"], up["level_name"]) == ("county_meeting", "州重点办协调会")
    last = [e for e in await desk.timeline(problem["id"]) if e["action"] == "auto_escalate"][-1]
    assert last["reason"].startswith("责任部门协调解决期限2026-10-10已过") and last["reason"].endswith("州重点办协调会")
    top = await _past_deadline(desk, problem["id"])
    assert (top["level"], top["level_name"]) == ("leadership", "州人民政府")


async def test_a_problem_is_put_only_at_a_level_of_the_regions_ladder(desk):
    await _set(desk, CHUXIONG)
    payload = {"project_id": desk.projects["LC-001"]["id"], "category": "land", "description": "用地预审未批复",
               "level": "system_meeting"}
    resp = await desk.client.post("/api/v1/problems", json=payload, headers=desk.office())
    assert resp.status_code == 422
    assert (resp.json()["code"], resp.json()["errors"][0]["field"]) == ("level_not_in_ladder", "body.level")
    problem = await desk.raise_problem(level="leadership")
    resp = await desk.step(problem["id"], "send-down",
                           {"reason": "交体系例会", "to_level": "system_meeting", "deadline": "2026-10-16"})
    assert resp.status_code == 422
    assert resp.json()["code"] == "level_not_in_ladder"
    resp = await desk.step(problem["id"], "send-down", {"reason": "交州重点办协调会", "deadline": "2026-10-16"})
    assert resp.status_code == 200, resp.text
    assert (resp.json()["level"], resp.json()["level_name"]) == ("county_meeting", "州重点办协调会")


async def test_a_ladder_must_run_from_team_to_leadership_in_order(desk):
    bad = [
        [{"level": "system_meeting", "working_days": 5}, {"level": "leadership", "working_days": None}],
        [{"level": "team", "working_days": 5}, {"level": "county_meeting", "working_days": 5}],
        [{"level": "team", "working_days": 5}, {"level": "county_meeting", "working_days": 5},
         {"level": "system_meeting", "working_days": 5}, {"level": "leadership", "working_days": None}],
        [{"level": "team", "working_days": 5}, {"level": "team", "working_days": 5},
         {"level": "leadership", "working_days": None}],
        [{"level": "team", "working_days": None}, {"level": "leadership", "working_days": None}],
    ]
    for levels in bad:
        resp = await desk.client.put(URL, json={"levels": levels}, headers=desk.office())
        assert resp.status_code == 422, levels
        assert any(e["field"].startswith("body") for e in resp.json()["errors"])
    resp = await desk.client.put(URL, json={"levels": [{"level": "team", "working_days": 3},
                                                      {"level": "leadership", "working_days": None}]},
                                 headers=desk.office())
    assert resp.status_code == 200, resp.text
    assert [lv["name"] for lv in resp.json()["value"]["levels"]] == ["服务团队", "主要领导"]


async def test_a_problem_keeps_its_level_when_the_ladder_leaves_it_out_and_then_goes_to_the_next_one_kept(desk):
    problem = await desk.raise_problem(level="county_meeting")  # default ladder: 20 working days → 11-05
    assert problem["deadline"] == "2026-11-02"
    await _set(desk, NO_COUNTY_MEETING)
    kept = await desk.get(problem["id"])
    assert (kept["level"], kept["deadline"]) == ("county_meeting", "2026-11-02")
    summary = (await desk.client.get("/api/v1/problems/summary", params={"region_code": REGION},
                                     headers=desk.office())).json()
    assert [(lv["level"], lv["name"], lv["open"]) for lv in summary["by_level"]] == [
        ("team", "服务团队", 0), ("system_meeting", "体系推进例会", 0), ("county_meeting", "县委县政府项目例会", 1),
        ("leadership", "县委县政府主要领导", 0)]
    resp = await desk.step(problem["id"], "send-down", {"reason": "交体系例会", "deadline": "2026-10-16"})
    assert resp.json()["level"] == "system_meeting"  # the ladder's level just below
    desk.at("2026-10-17")
    await desk.run("problem-timers")
    assert (await desk.get(problem["id"]))["level"] == "leadership"


async def test_the_summary_lists_only_the_regions_levels_once_none_is_left_elsewhere(desk):
    await _set(desk, CHUXIONG)
    await desk.raise_problem()
    summary = (await desk.client.get("/api/v1/problems/summary", params={"region_code": REGION},
                                     headers=desk.office())).json()
    assert [(lv["level"], lv["name"], lv["open"]) for lv in summary["by_level"]] == [
        ("team", "责任部门协调", 1), ("county_meeting", "州重点办协调会", 0), ("leadership", "州人民政府", 0)]
    resp = await desk.client.get("/api/v1/problems/metrics", headers=desk.office(),
                                 params={"region_code": REGION, "from": "2026-09-01", "to": "2026-12-31"})
    assert resp.status_code == 200, resp.text
    assert [lv["name"] for lv in resp.json()["levels"]] == ["责任部门协调", "州重点办协调会", "州人民政府"]
