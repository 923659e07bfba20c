"""Inspections (督查, 清水 seed 003: 日常督查、定期督查、专项督查): planned by the office or supervisors, hidden from
the inspected until recorded (四不两直), recorded once with every finding to rectify put on the ladder in the same
transaction (or nothing written), reported to the county leaders (《项目督查专报》) and summed up in the month's
督查通报."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures import official_docx as official
from tests.fixtures.photos import png
from tests.issues.conftest import OTHER_REGION, REGION


async def plan(desk, kind: str = "special", projects: tuple[str, ...] = ("LC-001",), **extra: Any) -> dict[str, Any]:
    body = {"region_code": REGION, "kind": kind, "theme": "资金未落实项目专项督查", "lead": "王副县长",
            "team": [{"name": "王副县长", "title": "副县长"},
                     {"name": "赵敏", "title": "督查科科长", "unit_id": desk.units["发改委"]}],
            "inspected_on": "2026-09-28", "project_ids": [desk.projects[p]["id"] for p in projects], **extra}
    resp = await desk.client.post("/api/v1/inspections", json=body, headers=desk.supervisor())
    assert resp.status_code == 201, resp.text
    return resp.json()


def finding(desk, *, project: str = "LC-001", **extra: Any) -> dict[str, Any]:
    return {"project_id": desk.projects[project]["id"], "category": "funds",
            "description": "县级配套资金300万元未拨付到位", "disposition": "problem", "measures": "县财政局限期拨付",
            "rectification_due_on": "2026-10-20", **extra}


def on_the_spot(desk) -> dict[str, Any]:
    return {"project_id": desk.projects["LC-001"]["id"], "description": "施工现场安全警示标志缺失",
            "disposition": "on_the_spot", "measures": "已当场责令补设"}


async def record(desk, inspection: dict[str, Any], findings: list[dict[str, Any]], **extra: Any) -> Any:
    body = {"summary": "督查组实地察看项目1个。", "findings": findings, **extra}
    return await desk.client.post(f"/api/v1/inspections/{inspection['id']}/record", json=body,
                                  headers=desk.supervisor())


async def problems(desk) -> list[dict[str, Any]]:
    resp = await desk.client.get("/api/v1/problems", params={"region_code": REGION}, headers=desk.office())
    assert resp.status_code == 200, resp.text
    return resp.json()["items"]


async def test_a_special_inspection_is_not_shown_to_the_inspected_until_it_is_recorded(desk):
    """四不两直: a special inspection is unannounced — the project's units and its leader get the 404 of a missing
    inspection, and an empty list, until it is recorded; then they see it. A unit of no visited project never does."""
    inspection = await plan(desk)
    url = f"/api/v1/inspections/{inspection['id']}"
    assert (await desk.client.get(url, headers=desk.office())).status_code == 200
    for who in (desk.unit("交通局"), desk.unit("钼业"), desk.leader("李")):
        resp = await desk.client.get(url, headers=who)
        assert (resp.status_code, resp.json()["code"]) == (404, "inspection_not_found")
        assert (await desk.client.get("/api/v1/inspections", headers=who)).json()["items"] == []
        assert (await desk.client.get(f"{url}/attachments", headers=who)).status_code == 404
    resp = await record(desk, inspection, [on_the_spot(desk)])
    assert resp.status_code == 200, resp.text
    for who in (desk.unit("交通局"), desk.unit("钼业"), desk.leader("李")):
        assert (await desk.client.get(url, headers=who)).status_code == 200
        assert [i["id"] for i in (await desk.client.get("/api/v1/inspections", headers=who)).json()["items"]] == [
            inspection["id"]]
    assert (await desk.client.get(url, headers=desk.unit("自然资源局"))).status_code == 404


async def test_recording_puts_each_finding_to_rectify_on_the_ladder_and_keeps_its_problem(desk):
    """Each finding not closed on the spot becomes a problem on the ladder: the project, the responsible unit (the
    project's by default), the rectification deadline as its deadline, raised with source ``inspection``; the
    finding keeps the problem's id. A finding closed on the spot makes no problem and counts as rectified. The
    evidence the findings name no longer changes once recorded."""
    inspection = await plan(desk, kind="periodic")
    photo = await desk.client.post(f"/api/v1/inspections/{inspection['id']}/attachments", headers=desk.supervisor(),
                                   files={"file": ("现场.png", png(), "image/png")})
    assert photo.status_code == 201, photo.text
    check = {"project_id": desk.projects["LC-001"]["id"], "reported_progress": "路基完成65%",
             "observed_progress": "路基完成约50%", "reported_percent": "45", "observed_percent": "35.5",
             "funds_reported": "800", "funds_disbursed": "520.5", "note": "实物工程量与月报不符"}
    resp = await record(desk, inspection, [finding(desk, attachment_ids=[photo.json()["id"]]), on_the_spot(desk)],
                        checks=[check])
    assert resp.status_code == 200, resp.text
    out = resp.json()
    assert out["status"] == "recorded"
    [checked] = out["projects"]
    assert (checked["checked"], checked["observed_percent"], checked["funds_disbursed"]) == (True, "35.50", "520.50")
    listed, spot = out["findings"]
    assert (listed["responsible_unit_name"], listed["state"], listed["problem_status"]) == (
        "栾川县交通运输局", "rectifying", "awaiting_answer")
    assert listed["attachment_ids"] == [photo.json()["id"]]
    assert (spot["problem_id"], spot["state"]) == (None, "rectified")
    [problem] = await problems(desk)
    assert problem["id"] == listed["problem_id"]
    assert (problem["project_id"], problem["responsible_unit_id"], problem["deadline"], problem["level"]) == (
        desk.projects["LC-001"]["id"], desk.units["交通局"], "2026-10-20", "team")
    [raised] = await desk.timeline(problem["id"])
    assert (raised["action"], raised["source"], raised["details"]["inspection_id"]) == (
        "raise", "inspection", inspection["id"])
    assert len(await desk.published("problem.raised")) == 1
    late = await desk.client.post(f"/api/v1/inspections/{inspection['id']}/attachments", headers=desk.supervisor(),
                                  files={"file": ("补充.png", png(), "image/png")})
    assert (late.status_code, late.json()["code"]) == (409, "attachments_locked"), "the evidence named is kept"
    gone = await desk.client.delete(f"/api/v1/inspections/{inspection['id']}/attachments/{photo.json()['id']}",
                                    headers=desk.office())
    assert gone.status_code == 409


@pytest.mark.parametrize(("bad", "field", "code"), [
    ({"project": "LC-002"}, "body.findings.1.project_id", "project_not_visited"),
    ({"rectification_due_on": "2026-09-01"}, "body.findings.1.rectification_due_on", "deadline_in_past"),
    ({"rectification_due_on": None}, "body.findings.1.rectification_due_on", "required"),
    ({"attachment_ids": ["0193e0f4-7c1a-7a51-9b7e-2f4a1c9d8e01"]}, "body.findings.1.attachment_ids.0",
     "attachment_not_of_inspection"),
])
async def test_a_bad_finding_refuses_the_whole_recording_and_writes_nothing(desk, bad, field, code):
    """Recording is all or nothing: one refused finding (a project not visited, a deadline missing or past, evidence
    not attached to this inspection) is a 422 naming it; no problem is raised, nothing is published and the
    inspection stays planned, to be recorded again."""
    await desk.project("LC-002")
    inspection = await plan(desk)
    project = bad.pop("project", "LC-001")
    resp = await record(desk, inspection, [finding(desk), finding(desk, project=project, **bad)])
    assert (resp.status_code, resp.json()["code"]) == (422, code), resp.text
    assert resp.json()["errors"][0]["field"] == field
    assert await problems(desk) == []
    assert await desk.published("problem.raised") == []
    again = (await desk.client.get(f"/api/v1/inspections/{inspection['id']}", headers=desk.office())).json()
    assert (again["status"], again["findings"], again["version"]) == ("planned", [], inspection["version"])
    resp = await record(desk, inspection, [finding(desk)])
    assert resp.status_code == 200, resp.text
    assert len(await problems(desk)) == 1


async def test_a_finding_failing_after_the_first_problem_is_raised_leaves_no_problem(desk, monkeypatch):
    """The problems are raised in the recording's transaction: a failure while raising the second rolls back the
    first too."""
    from tuijin.issues.problems import service as problem_service

    real = problem_service.raise_problem
    calls = []

    async def failing(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            from tuijin.issues.errors import Required
            raise Required("refused", field="body.findings.1.responsible_unit_id")
        return await real(*args, **kwargs)

    monkeypatch.setattr(problem_service, "raise_problem", failing)
    inspection = await plan(desk)
    resp = await record(desk, inspection, [finding(desk), finding(desk)])
    assert resp.status_code == 422
    assert len(calls) == 2
    assert await problems(desk) == []
    assert await desk.published("problem.raised") == []


async def test_an_inspection_is_recorded_once_and_its_plan_changes_only_before(desk):
    """A second recording is a 409 ``inspection_not_planned``, and so is a change of the plan after it; a change
    while planned takes If-Match (428 without, 412 stale) and answers the new ETag. An inspection is recorded once
    held: a day not yet come is a 422 naming it."""
    inspection = await plan(desk)
    url = f"/api/v1/inspections/{inspection['id']}"
    got = await desk.client.get(url, headers=desk.office())
    etag = got.headers["etag"]
    change = {"theme": "土地未报批项目专项督查"}
    assert (await desk.client.patch(url, json=change, headers=desk.office())).status_code == 428
    resp = await desk.client.patch(url, json=change, headers={**desk.office(), "If-Match": etag})
    assert resp.status_code == 200, resp.text
    assert resp.json()["theme"] == "土地未报批项目专项督查" and resp.headers["etag"] != etag
    stale = await desk.client.patch(url, json={"lead": "李副县长"}, headers={**desk.office(), "If-Match": etag})
    assert stale.status_code == 412
    assert (await record(desk, inspection, [])).status_code == 200
    again = await record(desk, inspection, [finding(desk)])
    assert (again.status_code, again.json()["code"]) == (409, "inspection_not_planned")
    future = await plan(desk, inspected_on="2026-10-12")
    early = await record(desk, future, [])
    assert (early.status_code, early.json()["code"], early.json()["errors"][0]["field"]) == (
        422, "inspected_in_future", "body.inspected_on")
    late = await desk.client.patch(url, json={"lead": "李副县长"}, headers={**desk.office(), "If-Match": "*"})
    assert (late.status_code, late.json()["code"]) == (409, "inspection_not_planned")
    assert await problems(desk) == []


async def test_only_the_office_and_supervisors_plan_and_record(desk):
    """Inspections are created and edited by the office and supervisors; a unit is refused."""
    body = {"region_code": REGION, "kind": "routine", "theme": "日常督查", "inspected_on": "2026-10-12",
            "project_ids": [desk.projects["LC-001"]["id"]]}
    resp = await desk.client.post("/api/v1/inspections", json=body, headers=desk.unit("交通局"))
    assert (resp.status_code, resp.json()["code"]) == (403, "role_required")
    assert (await desk.client.post("/api/v1/inspections", json=body, headers=desk.office())).status_code == 201


async def test_another_regions_inspection_is_404_and_its_projects_are_not_visited(desk):
    """Region scope: another region's office gets the 404 of a missing inspection, on the record and its report,
    and lists nothing of it; an inspection may not visit another region's project (422 naming it)."""
    inspection = await plan(desk)
    await record(desk, inspection, [finding(desk)])
    other = desk.office(OTHER_REGION)
    for path in ("", "/report.docx", "/attachments"):
        resp = await desk.client.get(f"/api/v1/inspections/{inspection['id']}{path}", headers=other)
        assert (resp.status_code, resp.json()["code"]) == (404, "inspection_not_found")
    assert (await desk.client.get("/api/v1/inspections", headers=other)).json()["items"] == []
    foreign = await desk.project("SX-001", region_code=OTHER_REGION, responsible_unit_id=desk.units["嵩县交通局"],
                                 system_id=None, leader_post_id=None)
    resp = await desk.client.post("/api/v1/inspections", headers=desk.office(), json={
        "region_code": REGION, "kind": "routine", "theme": "日常督查", "inspected_on": "2026-10-12",
        "project_ids": [desk.projects["LC-001"]["id"], foreign["id"]]})
    assert (resp.status_code, resp.json()["errors"][0]["field"]) == (422, "body.project_ids.1")


async def test_the_list_filters_by_kind_project_and_month(desk):
    await desk.project("LC-002")
    await plan(desk, kind="special")
    await plan(desk, kind="periodic", projects=("LC-002",), inspected_on="2026-11-03")

    async def ids(**params: Any) -> list[str]:
        resp = await desk.client.get("/api/v1/inspections", params=params, headers=desk.office())
        assert resp.status_code == 200, resp.text
        return [i["kind"] for i in resp.json()["items"]]

    assert await ids() == ["periodic", "special"]
    assert await ids(kind="special") == ["special"]
    assert await ids(project_id=desk.projects["LC-002"]["id"]) == ["periodic"]
    assert await ids(month="2026-09") == ["special"]
    assert (await desk.client.get("/api/v1/inspections", params={"month": "2026-13"},
                                  headers=desk.office())).status_code == 422


async def test_the_report_is_an_official_document_to_the_county_leaders_with_the_problem_list(desk):
    """《项目督查专报》 of a periodic inspection: GB/T 9704, the office's red header and its 督查专报 字号, to the
    county party committee and government, with what was checked, the findings and the problem list with deadlines."""
    inspection = await plan(desk, kind="periodic", theme="进度滞后项目定期督查")
    planned = await desk.client.get(f"/api/v1/inspections/{inspection['id']}/report.docx", headers=desk.office())
    assert (planned.status_code, planned.json()["code"]) == (409, "inspection_not_recorded")
    await record(desk, inspection, [finding(desk), on_the_spot(desk)], checks=[{
        "project_id": desk.projects["LC-001"]["id"], "reported_progress": "路基完成65%",
        "observed_progress": "路基完成约50%", "funds_disbursed": "520"}])
    resp = await desk.client.get(f"/api/v1/inspections/{inspection['id']}/report.docx", headers=desk.leader("李"))
    assert resp.status_code == 200, resp.text
    doc = official.assert_official_format(resp.content)
    official.assert_red_header(doc, "栾川县重点项目建设领导小组办公室", "栾重项办督查〔2026〕1号")
    official.assert_title(doc, "关于进度滞后项目定期督查情况的专报")
    text = official.all_text(doc)
    assert "栾川县委、栾川县人民政府：" in text
    assert "县级配套资金300万元未拨付到位" in text and "施工现场安全警示标志缺失" in text
    assert "由王副县长带队，王副县长、赵敏等2人组成督查组，对测试项目 LC-001开展了定期督查" in text
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "路基完成约50%" in cells and "— / 520.00" in cells
    assert "2026年10月20日" in cells and "已当场整改" in cells and "栾川县交通运输局" in cells
    again = await desk.client.get(f"/api/v1/inspections/{inspection['id']}/report.docx", headers=desk.office())
    assert "栾重项办督查〔2026〕1号" in official.all_text(official.read(again.content)), "the number is kept"


async def test_the_monthly_notice_lists_what_was_found_and_what_was_rectified(desk):
    """督查通报 of October: the inspections recorded in October and their findings; rectified in October are the
    findings closed on the spot and those whose problem was resolved in October; a finding past its deadline and
    still open is named as overdue."""
    desk.at("2026-10-08")
    second = await plan(desk, kind="routine", theme="日常督查", inspected_on="2026-10-08")
    await record(desk, second, [finding(desk, description="临时用地手续未办理", rectification_due_on="2026-10-09")])
    desk.at("2026-10-12")
    first = await plan(desk, theme="资金未落实项目专项督查", inspected_on="2026-10-12")
    await record(desk, first, [finding(desk), on_the_spot(desk)])
    solved = (await problems(desk))
    first_problem = next(p for p in solved if p["description"].startswith("县级配套资金"))
    desk.at("2026-10-15")
    resp = await desk.step(first_problem["id"], "resolve", {"resolution": "配套资金已拨付"})
    assert resp.status_code == 200, resp.text
    desk.at("2026-11-02")
    resp = await desk.client.get("/api/v1/inspections/notice.docx", params={"region_code": REGION, "month": "2026-10"},
                                 headers=desk.office())
    assert resp.status_code == 200, resp.text
    doc = official.assert_official_format(resp.content)
    official.assert_title(doc, "关于2026年10月重点项目督查情况的通报")
    official.assert_red_header(doc, "栾川县重点项目建设领导小组办公室文件", "栾重项办督通〔2026〕1号")
    found, rectified, overdue = (
        [[c.text for c in row.cells] for row in t.rows[1:]] for t in doc.tables[1:4])
    assert [r[2] for r in found] == ["临时用地手续未办理", "县级配套资金300万元未拨付到位", "施工现场安全警示标志缺失"]
    assert sorted((r[2], r[4]) for r in rectified) == [("县级配套资金300万元未拨付到位", "2026年10月15日"),
                                                       ("施工现场安全警示标志缺失", "2026年10月12日")]
    assert [(r[2], r[4]) for r in overdue] == [("临时用地手续未办理", "2026年10月9日")]
    viewer = desk.stack.auth("viewer", region=REGION)
    assert (await desk.client.get("/api/v1/inspections/notice.docx", params={"region_code": REGION,
                                                                             "month": "2026-10"},
                                  headers=viewer)).status_code == 200
    refused = await desk.client.get("/api/v1/inspections/notice.docx",
                                    params={"region_code": REGION, "month": "2026-10"}, headers=desk.unit("交通局"))
    assert refused.status_code == 403


async def test_an_inspection_is_closed_only_once_every_finding_is_rectified(desk):
    """办结: refused (409 ``findings_not_rectified``) while a finding's problem is open; accepted once it is
    resolved; a planned inspection cannot be closed."""
    inspection = await plan(desk)
    url = f"/api/v1/inspections/{inspection['id']}/close"
    resp = await desk.client.post(url, headers=desk.office())
    assert (resp.status_code, resp.json()["code"]) == (409, "inspection_not_recorded")
    out = (await record(desk, inspection, [finding(desk), on_the_spot(desk)])).json()
    resp = await desk.client.post(url, headers=desk.office())
    assert (resp.status_code, resp.json()["code"], resp.json()["findings"]) == (409, "findings_not_rectified", [1])
    await desk.step(out["findings"][0]["problem_id"], "resolve", {"resolution": "配套资金已拨付"})
    resp = await desk.client.post(url, headers=desk.office())
    assert resp.status_code == 200, resp.text
    assert resp.json()["status"] == "closed"


async def test_a_periodic_inspection_covers_the_projects_behind(desk):
    """定期督查 covers every project that is behind: those whose start or progress light is not green, red first."""
    await desk.project("LC-002")
    await desk.project("LC-003")
    for code, colour in (("LC-001", "yellow"), ("LC-003", "red")):
        await desk.deliver("light.changed", {"project_id": desk.projects[code]["id"], "region_code": REGION,
                                             "kind": "progress", "to_colour": colour, "reason": "落后序时进度"},
                           source="registry")
    resp = await desk.client.get("/api/v1/inspections/behind-projects", params={"region_code": REGION},
                                 headers=desk.supervisor())
    assert resp.status_code == 200, resp.text
    assert [(b["project_code"], b["lights"]) for b in resp.json()] == [
        ("LC-003", {"progress": "red"}), ("LC-001", {"progress": "yellow"})]
    refused = await desk.client.get("/api/v1/inspections/behind-projects", params={"region_code": REGION},
                                    headers=desk.unit("交通局"))
    assert refused.status_code == 403


async def test_a_unit_of_another_region_or_a_check_of_a_project_not_visited_refuses_the_recording(desk):
    """The unit asked to rectify is one of the region's (422 ``unit_not_found`` naming the finding's field), and a
    check names a project visited (422 ``project_not_visited``); either refusal writes nothing."""
    await desk.project("LC-002")
    inspection = await plan(desk)
    foreign = finding(desk, responsible_unit_id=desk.units["嵩县交通局"])
    resp = await record(desk, inspection, [finding(desk), foreign])
    assert (resp.status_code, resp.json()["errors"][0]["field"]) == (422, "body.findings.1.responsible_unit_id")
    assert resp.json()["code"] == "unit_not_found"
    resp = await record(desk, inspection, [finding(desk)], checks=[{"project_id": desk.projects["LC-002"]["id"]}])
    assert (resp.status_code, resp.json()["code"], resp.json()["errors"][0]["field"]) == (
        422, "project_not_visited", "body.checks.0.project_id")
    assert await problems(desk) == []


async def _rectifications(desk) -> list[dict[str, Any]]:
    resp = await desk.client.get("/api/v1/rectifications", params={"region_code": REGION}, headers=desk.office())
    assert resp.status_code == 200, resp.text
    return resp.json()["items"]


async def test_a_recorded_findings_deadline_passing_draws_one_letter_and_a_spot_finding_opens_none(desk):
    """Each finding put on the ladder also opens a rectification (整改, source ``inspection_finding``: the finding,
    the project, the unit, the finding's deadline), chased by ``rectifications-sweep``: once the deadline has
    passed unverified it draws a letter to the unit, exactly once however often the sweep runs. A finding closed on
    the spot opens none."""
    inspection = await plan(desk, kind="periodic")
    resp = await record(desk, inspection, [finding(desk), on_the_spot(desk)])
    assert resp.status_code == 200, resp.text
    listed, spot = resp.json()["findings"]
    [rect] = await _rectifications(desk)
    assert (rect["source_kind"], rect["source_id"], rect["project_id"], rect["unit_id"], rect["deadline"]) == (
        "inspection_finding", listed["id"], desk.projects["LC-001"]["id"], desk.units["交通局"], "2026-10-20")
    assert (listed["rectification_id"], listed["rectification_status"]) == (rect["id"], "open")
    assert (spot["rectification_id"], spot["rectification_status"]) == (None, None)
    desk.at("2026-10-20")
    assert (await desk.run("rectifications-sweep"))["issued"] == 0  # the deadline day itself is not late
    desk.at("2026-10-21")
    assert (await desk.run("rectifications-sweep"))["issued"] == 1
    assert (await desk.run("rectifications-sweep"))["issued"] == 0
    letters = await desk.client.get("/api/v1/letters", params={"rectification_id": rect["id"]}, headers=desk.office())
    [letter] = letters.json()["items"]
    assert (letter["reason"], letter["unit_id"], letter["project_id"]) == (
        "rectification_overdue", desk.units["交通局"], desk.projects["LC-001"]["id"])


async def test_a_verified_rectification_rectifies_the_finding_and_lets_the_inspection_close(desk):
    """The office's verification of a finding's rectification (整改核验) makes the finding rectified, in the
    inspection and in the close rule (办结), even while its problem is still open on the ladder; before, closing
    is a 409 naming the finding."""
    inspection = await plan(desk)
    assert (await record(desk, inspection, [finding(desk)])).status_code == 200
    url = f"/api/v1/inspections/{inspection['id']}"
    refused = await desk.client.post(f"{url}/close", headers=desk.office())
    assert (refused.status_code, refused.json()["code"]) == (409, "findings_not_rectified")
    [rect] = await _rectifications(desk)
    for action, body, who in (("report-done", {"note": "已拨付到位。"}, desk.unit("交通局")),
                              ("verify", {"note": "经核查整改到位。"}, desk.office())):
        resp = await desk.client.post(f"/api/v1/rectifications/{rect['id']}/{action}", json=body, headers=who)
        assert resp.status_code == 200, resp.text
    [listed] = (await desk.client.get(url, headers=desk.office())).json()["findings"]
    assert (listed["state"], listed["rectification_status"], listed["problem_status"]) == (
        "rectified", "verified", "awaiting_answer")
    closed = await desk.client.post(f"{url}/close", headers=desk.office())
    assert (closed.status_code, closed.json()["status"]) == (200, "closed"), closed.text


async def test_a_failure_opening_a_rectification_writes_nothing(desk, monkeypatch):
    """The rectifications are opened in the recording's transaction: a failure opening the second rolls back the
    recording, both problems and the first rectification."""
    from tuijin.issues.inspections import service as inspection_service

    real = inspection_service.open_rectification
    calls = []

    async def failing(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            from tuijin.issues.errors import Required
            raise Required("refused", field="body.findings.1.responsible_unit_id")
        return await real(*args, **kwargs)

    monkeypatch.setattr(inspection_service, "open_rectification", failing)
    inspection = await plan(desk)
    resp = await record(desk, inspection, [finding(desk), finding(desk)])
    assert resp.status_code == 422
    assert len(calls) == 2
    assert await problems(desk) == [] and await _rectifications(desk) == []
    assert await desk.published("problem.raised") == []
    again = (await desk.client.get(f"/api/v1/inspections/{inspection['id']}", headers=desk.office())).json()
    assert (again["status"], again["findings"]) == ("planned", [])


async def test_a_finding_put_on_the_ladder_is_chased_as_a_rectification_and_one_closed_on_the_spot_is_not(desk):
    """docs/supervision.md (清水: 跟踪督促项目主管部门限期整改): a finding to rectify opens a rectification of the
    finding (source ``inspection_finding``) asked of its unit by its deadline, with the 整改意见 as the requirement;
    a finding closed on the spot opens none."""
    inspection = await plan(desk)
    resp = await record(desk, inspection, [finding(desk), on_the_spot(desk)])
    assert resp.status_code == 200, resp.text
    listed, spot = resp.json()["findings"]
    rects = await desk.client.get("/api/v1/rectifications", params={"region_code": REGION}, headers=desk.office())
    assert rects.status_code == 200, rects.text
    [rect] = rects.json()["items"]
    assert (rect["source_kind"], rect["source_id"], rect["unit_id"], rect["deadline"], rect["requirement"]) == (
        "inspection_finding", listed["id"], desk.units["交通局"], "2026-10-20", "县财政局限期拨付")
    assert (rect["project_id"], rect["status"]) == (desk.projects["LC-001"]["id"], "open")
    assert spot["id"] not in {r["source_id"] for r in rects.json()["items"]}
