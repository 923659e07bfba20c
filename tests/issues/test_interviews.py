"""Interviews (约谈): the candidates the service proposes and the records of interviews held."""

from __future__ import annotations

from datetime import timedelta

from tests.fixtures import official_docx as official


async def red_progress_light(desk, project: str) -> None:
    await desk.deliver("light.changed", {"project_id": desk.projects[project]["id"], "region_code": "410324",
                                         "kind": "progress", "from_colour": "yellow", "to_colour": "red",
                                         "reason": "落后序时进度35个百分点"}, source="registry")


async def candidates(desk, on: str | None = None) -> list[dict]:
    params = {"region_code": "410324", **({"on": on} if on else {})}
    resp = await desk.client.get("/api/v1/interviews/candidates", params=params, headers=desk.office())
    assert resp.status_code == 200, resp.text
    return resp.json()


async def test_a_started_project_far_behind_is_proposed_as_started_but_not_moving(desk):
    await red_progress_light(desk, "LC-001")
    found = await candidates(desk)
    assert [(c["project_code"], c["reasons"], c["lights"]) for c in found] == [
        ("LC-001", ["started_not_moving"], {"progress": "red"})]


async def test_a_project_not_started_on_time_is_proposed_as_not_started_not_as_moving_slowly(desk):
    """栾川 (seed 000) interviews 开而未动、动而迟缓 — words of a started project; a project past its planned start
    and not started (red start light) is 应开未开 (清水, seed 003: "不能及时开工")."""
    await desk.deliver("light.changed", {"project_id": desk.projects["LC-001"]["id"], "region_code": "410324",
                                         "kind": "start", "to_colour": "red"}, source="registry")
    assert [c["reasons"] for c in await candidates(desk)] == [["not_started_on_time"]]


async def test_the_progress_light_of_a_project_not_started_does_not_make_it_started_but_not_moving(desk):
    """开而未动 (started, not moving) is said of a started project: while the start light says the project has not
    started, a red progress light does not propose it as 开而未动 — it is proposed as 应开未开 only."""
    await desk.deliver("light.changed", {"project_id": desk.projects["LC-001"]["id"], "region_code": "410324",
                                         "kind": "start", "to_colour": "red"}, source="registry")
    await red_progress_light(desk, "LC-001")
    [found] = await candidates(desk)
    assert found["reasons"] == ["not_started_on_time"]
    assert found["lights"] == {"start": "red", "progress": "red"}
    await desk.deliver("light.changed", {"project_id": desk.projects["LC-001"]["id"], "region_code": "410324",
                                         "kind": "start", "from_colour": "red", "to_colour": "green"},
                       source="registry")  # started now: its progress light speaks
    assert [c["reasons"] for c in await candidates(desk)] == [["started_not_moving"]]


async def test_a_problem_open_beyond_the_threshold_proposes_its_project(desk):
    problem = await desk.raise_problem()
    assert await candidates(desk, on="2026-11-02") == []  # 20 working days open: not beyond the threshold
    found = await candidates(desk, on="2026-11-03")  # 21 working days open
    assert [c["reasons"] for c in found] == [["problems_long_unsolved"]]
    assert [(u["problem_id"], u["open_working_days"]) for u in found[0]["unsolved_problems"]] == [
        (problem["id"], 21)]


async def test_the_interview_thresholds_are_configuration(desk):
    await desk.raise_problem()
    resp = await desk.client.put("/api/v1/issue-policies/410324/interviews", headers=desk.office(),
                                 json={"unsolved_working_days": 5})
    assert resp.status_code == 200, resp.text
    assert [c["reasons"] for c in await candidates(desk, on="2026-10-13")] == [["problems_long_unsolved"]]


async def test_a_problem_at_leadership_counts_as_long_unsolved(desk):
    await desk.raise_problem(level="leadership")
    assert [c["reasons"] for c in await candidates(desk)] == [["problems_long_unsolved"]]


async def recorder_headers(desk) -> dict[str, str]:
    """A supervisor whose account is the registry's person 赵敏, 督查科科长 at the 发改委."""
    resp = await desk.registry.post("/api/v1/people", headers=desk.office(), json={
        "region_code": "410324", "name": "赵敏", "unit_id": desk.units["发改委"], "title": "督查科科长"})
    assert resp.status_code == 201, resp.text
    token = desk.stack.codec.encode({"sub": "2b1f0c56-7d3e-4a8e-9c1f-0d2e3f4a5b6c", "roles": ["supervisor"],
                                     "region": "410324", "person": resp.json()["id"], "typ": "access"},
                                    timedelta(minutes=15))
    return {"Authorization": f"Bearer {token}"}


async def test_an_interview_is_recorded_and_renders_as_a_word_document(desk):
    """The record is on the official layout (A4, grid, fonts, page numbers, no red header: it is kept, not
    issued) and names its recorder by name, unit and post, never by an account id."""
    body = {"region_code": "410324", "project_id": desk.projects["LC-001"]["id"], "interviewee_kind": "unit_head",
            "interviewee_name": "张某某", "interviewee_title": "县交通运输局局长", "unit_id": desk.units["交通局"],
            "reasons": ["started_not_moving"], "held_on": "2026-10-12", "location": "县委常委会议室",
            "interviewer": "县委书记", "summary": "项目开工后长期停滞。", "commitments": "10月底前全面复工。",
            "rectification_due_on": "2026-10-31"}
    resp = await desk.client.post("/api/v1/interviews", json=body, headers=await recorder_headers(desk))
    assert resp.status_code == 201, resp.text
    interview = resp.json()
    assert (interview["unit_name"], interview["project_code"]) == ("栾川县交通运输局", "LC-001")
    assert (interview["recorder_name"], interview["recorder_post"]) == ("赵敏", "栾川县发展和改革委员会督查科科长")
    await red_progress_light(desk, "LC-001")
    assert (await candidates(desk))[0]["last_interview_on"] == "2026-10-12"
    doc = await desk.client.get(f"/api/v1/interviews/{interview['id']}/document.docx", headers=desk.unit("交通局"))
    assert doc.status_code == 200
    document = official.assert_official_format(doc.content)
    official.assert_title(document, "约谈记录")
    assert not official.red_runs(document)
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert "张某某（县交通运输局局长）" in cells
    assert "开而未动" in cells
    assert "2026年10月12日" in cells
    assert "赵敏（栾川县发展和改革委员会督查科科长）" in cells
    text = official.all_text(document)
    assert "记录人：赵敏（栾川县发展和改革委员会督查科科长）" in text
    assert "2b1f0c56" not in text
    assert official.paragraph(document, "一、约谈内容").runs[0].font.name == "Times New Roman"
    assert official.east_asia(official.paragraph(document, "一、约谈内容").runs[0]) == "黑体"


async def test_only_the_office_and_supervisors_record_interviews_and_units_see_their_own(desk):
    body = {"region_code": "410324", "interviewee_kind": "unit_head", "interviewee_name": "张某某",
            "unit_id": desk.units["交通局"], "reasons": ["other"], "held_on": "2026-10-12", "interviewer": "县长",
            "summary": "x"}
    resp = await desk.client.post("/api/v1/interviews", json=body, headers=desk.unit("交通局"))
    assert resp.status_code == 403
    resp = await desk.client.post("/api/v1/interviews", json={**body, "reasons": []}, headers=desk.office())
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "body.reasons"
    resp = await desk.client.post("/api/v1/interviews", json=body, headers=desk.office())
    assert resp.status_code == 201
    assert len((await desk.client.get("/api/v1/interviews", headers=desk.unit("交通局"))).json()["items"]) == 1
    assert (await desk.client.get("/api/v1/interviews", headers=desk.unit("城关镇"))).json()["items"] == []


async def test_a_leader_sees_the_interview_candidates_among_their_own_projects_only(desk):
    """Issue 21: a county leader (县级责任领导) sees which of the projects of the posts they hold are proposed for an
    interview, and no other project's; the region-wide list stays the office's."""
    await desk.project("LC-002", leader_post_id=desk.posts["分管城建"])  # 王's project
    await red_progress_light(desk, "LC-001")
    await red_progress_light(desk, "LC-002")
    assert {c["project_code"] for c in await candidates(desk)} == {"LC-001", "LC-002"}
    for person, code in (("李", "LC-001"), ("王", "LC-002")):
        resp = await desk.client.get("/api/v1/interviews/candidates", params={"region_code": "410324"},
                                     headers=desk.leader(person))
        assert resp.status_code == 200, resp.text
        assert [c["project_code"] for c in resp.json()] == [code]
    resp = await desk.client.get("/api/v1/interviews/candidates", params={"region_code": "410325"},
                                 headers=desk.leader("李"))
    assert resp.status_code == 403 and resp.json()["code"] == "region_forbidden"
