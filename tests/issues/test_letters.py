"""Supervision letters (督查督办): grades, numbering per region and year, the rules that issue them, replies."""

from __future__ import annotations

import asyncio
import uuid

from tests.fixtures import official_docx as official
from tuijin.issues.letters.repository import next_serial


def letter_body(desk, **overrides) -> dict:
    body = {"region_code": "410324", "grade": "supervision", "unit_id": desk.units["交通局"],
            "subject_kind": "project", "project_id": desk.projects["LC-001"]["id"],
            "title": "关于加快推进测试项目建设的督办函", "body": "项目建设进度滞后，请加快推进。"}
    body.update(overrides)
    return body


async def issue(desk, headers=None, **overrides) -> dict:
    resp = await desk.client.post("/api/v1/letters", json=letter_body(desk, **overrides),
                                  headers=headers or desk.supervisor())
    assert resp.status_code == 201, resp.text
    return resp.json()


async def test_each_letter_grade_is_numbered_in_its_own_yearly_sequence_under_its_own_prefix(desk):
    """发文字号 per grade: 提醒函, 推进函 and 督办函 each have their prefix (from the region's name by default) and
    their own sequence in the region's year."""
    first = await issue(desk)
    second = await issue(desk, grade="reminder")
    third = await issue(desk)
    push = await issue(desk, grade="push")
    assert [x["number"] for x in (first, second, third, push)] == [
        "栾重项办督〔2026〕1号", "栾重项办提〔2026〕1号", "栾重项办督〔2026〕2号", "栾重项办推〔2026〕1号"]
    assert first["issuer"] == "栾川县重点项目建设领导小组办公室"
    assert first["unit_name"] == "栾川县交通运输局"
    assert first["project_code"] == "LC-001"
    assert first["reply_due_on"] == "2026-10-12"  # 5 working days after 09-29


async def test_letter_numbers_restart_each_year_and_run_separately_per_region(desk):
    await issue(desk)
    desk.at("2027-01-05")
    assert (await issue(desk))["number"] == "栾重项办督〔2027〕1号"
    other = await desk.project("SX-001", region_code="410325", responsible_unit_id=desk.units["嵩县交通局"],
                               system_id=None, leader_post_id=None)
    resp = await desk.client.post(
        "/api/v1/letters", headers=desk.office("410325"),
        json=letter_body(desk, region_code="410325", unit_id=desk.units["嵩县交通局"], project_id=other["id"]),
    )
    assert resp.status_code == 201, resp.text
    assert resp.json()["number"] == "嵩重项办督〔2027〕1号"


async def test_letter_numbers_never_repeat_under_concurrent_issuing(desk):
    responses = await asyncio.gather(*[
        desk.client.post("/api/v1/letters", json=letter_body(desk), headers=desk.supervisor()) for _ in range(12)
    ])
    assert all(r.status_code == 201 for r in responses), [r.text for r in responses if r.status_code != 201]
    serials = sorted(r.json()["serial"] for r in responses)
    assert serials == list(range(1, 13))
    assert len({r.json()["number"] for r in responses}) == 12


async def test_the_counter_hands_out_distinct_serials_to_concurrent_transactions(desk, stack):
    app = stack.apps["issues"]

    async def take() -> int:
        async with app.state.sessionmaker() as session, session.begin():
            return await next_serial(session, "410324", "supervision", 2030)

    serials = await asyncio.gather(*[take() for _ in range(10)])
    assert sorted(serials) == list(range(1, 11))


async def test_the_prefix_and_issuer_are_the_regions_document_format_not_code(desk):
    """The 字号 prefix of each grade and the issuing authority are the registry's ``documents`` policy."""
    resp = await desk.registry.put("/api/v1/policies/410324/documents", headers=desk.office(), json={
        "issuer": "栾川县重点项目建设工作领导小组办公室", "letter_supervision_prefix": "栾重督"})
    assert resp.status_code == 200, resp.text
    letter = await issue(desk)
    assert (letter["number"], letter["issuer"]) == ("栾重督〔2026〕1号", "栾川县重点项目建设工作领导小组办公室")
    assert (await issue(desk, grade="reminder"))["number"] == "栾重项办提〔2026〕1号"  # the others keep the default


async def test_a_letter_about_a_problem_names_it_and_goes_on_its_timeline(desk):
    problem = await desk.raise_problem()
    resp = await desk.client.post("/api/v1/letters", headers=desk.supervisor(),
                                  json=letter_body(desk, subject_kind="problem", project_id=None))
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "body.problem_id"
    letter = await issue(desk, subject_kind="problem", problem_id=problem["id"], project_id=None)
    assert letter["project_id"] == desk.projects["LC-001"]["id"]
    last = (await desk.timeline(problem["id"]))[-1]
    assert (last["action"], last["details"]["number"]) == ("letter_issued", letter["number"])
    issued = await desk.published("letter.issued")
    assert [(p["letter_id"], p["problem_id"], p["level"], p["unit_id"]) for p in issued] == [
        (letter["id"], problem["id"], "team", desk.units["交通局"])]


async def test_only_the_office_and_supervisors_issue_letters(desk):
    resp = await desk.client.post("/api/v1/letters", json=letter_body(desk), headers=desk.unit("交通局"))
    assert resp.status_code == 403
    resp = await desk.client.post("/api/v1/letters", json=letter_body(desk), headers=desk.office("410325"))
    assert resp.status_code == 403


async def test_a_unit_sees_the_letters_addressed_to_it_and_replies_once(desk):
    mine = await issue(desk)
    await issue(desk, unit_id=desk.units["自然资源局"])
    listed = await desk.client.get("/api/v1/letters", headers=desk.unit("交通局"))
    assert [x["id"] for x in listed.json()["items"]] == [mine["id"]]
    resp = await desk.client.post(f"/api/v1/letters/{mine['id']}/reply", json={"reply": "已制定整改方案"},
                                  headers=desk.unit("自然资源局"))
    assert resp.status_code == 404
    resp = await desk.client.post(f"/api/v1/letters/{mine['id']}/reply", json={"reply": "已制定整改方案"},
                                  headers=desk.unit("交通局"))
    assert resp.status_code == 200, resp.text
    assert (resp.json()["status"], resp.json()["replied_on"], resp.json()["reply_overdue"]) == (
        "replied", "2026-09-29", False)
    again = await desk.client.post(f"/api/v1/letters/{mine['id']}/reply", json={"reply": "再次回复"},
                                   headers=desk.unit("交通局"))
    assert again.status_code == 422
    assert again.json()["code"] == "transition_not_allowed"


async def test_an_unreplied_letter_past_its_reply_date_shows_overdue(desk):
    letter = await issue(desk)
    desk.at("2026-10-13")
    resp = await desk.client.get(f"/api/v1/letters/{letter['id']}", headers=desk.office())
    assert resp.json()["reply_overdue"] is True


async def test_an_overdue_answer_draws_the_highest_letter_step_reached_once(desk):
    problem = await desk.raise_problem()  # answer due 10-10
    desk.at("2026-10-12")  # 1 working day overdue → reminder
    assert (await desk.run("letters-sweep"))["issued"] == 1
    assert (await desk.run("letters-sweep"))["issued"] == 0
    desk.at("2026-10-14")  # 3 working days overdue → push
    assert (await desk.run("letters-sweep"))["issued"] == 1
    desk.at("2026-10-19")  # 6 working days overdue → supervision order
    assert (await desk.run("letters-sweep"))["issued"] == 1
    assert (await desk.run("letters-sweep"))["issued"] == 0
    listed = await desk.client.get("/api/v1/letters", params={"problem_id": problem["id"]}, headers=desk.office())
    grades = [x["grade"] for x in reversed(listed.json()["items"])]
    assert grades == ["reminder", "push", "supervision"]
    assert all(x["reason"] == "answer_overdue" and x["source"] == "rule" for x in listed.json()["items"])


async def test_a_sweep_that_comes_late_sends_only_the_grade_reached(desk):
    problem = await desk.raise_problem()
    desk.at("2026-10-19")
    assert (await desk.run("letters-sweep"))["issued"] == 1
    listed = await desk.client.get("/api/v1/letters", params={"problem_id": problem["id"]}, headers=desk.office())
    assert [x["grade"] for x in listed.json()["items"]] == ["supervision"]


async def test_an_answered_problem_draws_no_letter(desk):
    problem = await desk.raise_problem()
    await desk.step(problem["id"], "answer", {"answer": "ok"}, headers=desk.unit("交通局"))
    desk.at("2026-10-19")
    assert (await desk.run("letters-sweep"))["issued"] == 0


async def test_an_overdue_decided_item_draws_a_letter_and_a_repeat_goes_a_grade_up(desk):
    item = str(uuid.uuid4())
    payload = {"decided_item_id": item, "meeting_id": str(uuid.uuid4()), "region_code": "410324",
               "unit_id": desk.units["自然资源局"], "project_id": desk.projects["LC-001"]["id"],
               "title": "10月底前完成用地报批", "due_date": "2026-09-25"}
    assert await desk.deliver("decided_item.overdue", payload) == "applied"
    await desk.deliver("decided_item.overdue", payload)  # the same item and due date again: no second letter
    await desk.deliver("decided_item.overdue", {**payload, "due_date": "2026-09-28"})
    listed = await desk.client.get("/api/v1/letters", params={"decided_item_id": item}, headers=desk.office())
    # both letters are issued at the frozen clock's instant and each grade numbers on its own: the list cannot
    # tell which came first, the grades can (the repeat went one grade up, it did not repeat the grade)
    grades = ["reminder", "push", "supervision"]
    letters = sorted(listed.json()["items"], key=lambda x: grades.index(x["grade"]))
    assert [(x["grade"], x["subject_kind"], x["unit_id"]) for x in letters] == [
        ("push", "decided_item", desk.units["自然资源局"]), ("supervision", "decided_item", desk.units["自然资源局"])]
    assert "10月底前完成用地报批" in letters[0]["body"]


async def test_a_red_light_from_the_registry_draws_a_letter_to_the_responsible_unit(desk):
    project = desk.projects["LC-001"]["id"]
    event = {"project_id": project, "region_code": "410324", "kind": "progress", "from_colour": "yellow",
             "to_colour": "red", "reason_code": "behind", "reason": "落后序时进度35个百分点"}
    await desk.deliver("light.changed", event, source="registry")
    await desk.deliver("light.changed", {**event, "to_colour": "yellow"}, source="registry")
    listed = await desk.client.get("/api/v1/letters", params={"project_id": project}, headers=desk.office())
    letters = listed.json()["items"]
    assert [(x["reason"], x["grade"], x["unit_id"]) for x in letters] == [
        ("moving_slowly", "reminder", desk.units["交通局"])]
    assert "落后序时进度35个百分点" in letters[0]["body"]


async def test_a_not_started_light_in_the_briefs_field_names_draws_a_push_letter(desk):
    project = desk.projects["LC-001"]["id"]
    await desk.deliver("light.changed", {"project_id": project, "region_code": "410324", "light": "start",
                                         "colour": "red", "reason": "计划6月开工，至今未开工"}, source="registry")
    listed = await desk.client.get("/api/v1/letters", params={"project_id": project}, headers=desk.office())
    assert [(x["reason"], x["grade"]) for x in listed.json()["items"]] == [("not_started", "push")]


async def test_an_overdue_report_draws_a_reminder_to_the_unit_that_owes_it(desk):
    project = desk.projects["LC-001"]["id"]
    await desk.deliver("report.overdue", {"project_id": project, "project_code": "LC-001", "region_code": "410324",
                                          "responsible_unit_id": desk.units["交通局"], "period": "2026-09",
                                          "period_kind": "monthly"}, source="registry")
    listed = await desk.client.get("/api/v1/letters", params={"project_id": project}, headers=desk.office())
    assert [(x["reason"], x["grade"], x["unit_id"]) for x in listed.json()["items"]] == [
        ("report_overdue", "reminder", desk.units["交通局"])]


async def test_letter_stats_count_letters_per_unit_by_grade(desk):
    await issue(desk, grade="reminder")
    await issue(desk, grade="supervision")
    await issue(desk, grade="supervision", unit_id=desk.units["自然资源局"])
    resp = await desk.client.get("/api/v1/letters/stats", headers=desk.service(),
                                 params={"region_code": "410324", "from": "2026-09-01", "to": "2026-09-30"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["from"] == "2026-09-01"
    assert (body["totals"]["total"], body["totals"]["supervision"]) == (3, 2)
    by_unit = {u["unit_id"]: u for u in body["by_unit"]}
    assert (by_unit[desk.units["交通局"]]["reminder"], by_unit[desk.units["交通局"]]["supervision"]) == (1, 1)
    assert by_unit[desk.units["自然资源局"]]["total"] == 1
    empty = await desk.client.get("/api/v1/letters/stats", headers=desk.service(),
                                  params={"region_code": "410324", "from": "2026-10-01", "to": "2026-10-31"})
    assert empty.json()["totals"]["total"] == 0


async def test_a_letter_renders_in_the_official_document_format(desk):
    """GB/T 9704: A4, grid, fonts, page numbers; the issuing authority's red header (a letter: no 文件) over the
    red rule carrying the grade's 字号; the addressee; the reply date and the date in Chinese; the 版记."""
    letter = await issue(desk)
    resp = await desk.client.get(f"/api/v1/letters/{letter['id']}/document.docx", headers=desk.unit("交通局"))
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    doc = official.assert_official_format(resp.content)
    official.assert_red_header(doc, "栾川县重点项目建设领导小组办公室", "栾重项办督〔2026〕1号")
    official.assert_title(doc, "关于加快推进测试项目建设的督办函")
    assert official.paragraph(doc, "栾川县交通运输局：").paragraph_format.first_line_indent is None
    assert "请于2026年10月12日前将办理情况书面反馈栾川县重点项目建设领导小组办公室。" in official.all_text(doc)
    official.assert_signed(doc, "栾川县重点项目建设领导小组办公室", "2026年9月29日")
    official.assert_imprint(doc, "栾川县重点项目建设领导小组办公室", "2026年9月29日",
                            ["栾川县委办公室", "栾川县人民政府办公室"])
    body = official.body_paragraphs(doc)
    assert body and all(official.fonts_of(p) == {("仿宋_GB2312", 16.0)} for p in body)


async def test_each_grade_prints_its_own_number(desk):
    for grade, number in (("reminder", "栾重项办提〔2026〕1号"), ("push", "栾重项办推〔2026〕1号")):
        letter = await issue(desk, grade=grade)
        resp = await desk.client.get(f"/api/v1/letters/{letter['id']}/document.docx", headers=desk.office())
        official.assert_red_header(official.read(resp.content), "栾川县重点项目建设领导小组办公室", number)


async def test_letter_stats_count_the_letters_naming_each_project(desk):
    """Scoring ranks projects too: a letter about a project counts against that project (by_project)."""
    await issue(desk, grade="reminder")
    await issue(desk, grade="supervision")
    other = await desk.project("LC-002")
    await issue(desk, grade="push", project_id=other["id"])
    resp = await desk.client.get("/api/v1/letters/stats", headers=desk.service(),
                                 params={"region_code": "410324", "from": "2026-09-01", "to": "2026-09-30"})
    assert resp.status_code == 200, resp.text
    by_project = {p["project_id"]: (p["reminder"], p["push"], p["supervision"], p["total"])
                  for p in resp.json()["by_project"]}
    assert by_project == {desk.projects["LC-001"]["id"]: (1, 0, 1, 2), other["id"]: (0, 1, 0, 1)}
    assert resp.json()["totals"]["total"] == 3
