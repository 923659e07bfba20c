"""Progress reports (月报 / 周报): one per project and period, the steps draft → submitted → verified (or
returned and resubmitted), computed totals and rates, and lateness from the due rule."""

from __future__ import annotations

import asyncio

from tests.registry.reports.clerk import Clerk


async def test_one_report_per_project_and_period(clerk: Clerk):
    project = await clerk.project("LC-001")
    first = await clerk.report(project, "2026-04")
    assert first.status_code == 201, first.text
    again = await clerk.report(project, "2026-04", investment_completed="5")
    assert again.status_code == 409
    assert again.json()["code"] == "report_exists"
    assert again.json()["report_id"] == first.json()["id"]
    assert (await clerk.report(project, "2026-05")).status_code == 201
    listed = await clerk.client.get(f"/api/v1/projects/{project}/progress-reports", headers=clerk.office)
    assert [r["period"] for r in listed.json()["items"]] == ["2026-05", "2026-04"]


async def test_a_retry_with_the_same_idempotency_key_is_one_report(clerk: Clerk):
    project = await clerk.project("LC-001")
    headers = {**clerk.unit("交通局"), "Idempotency-Key": "report-2026-04-LC-001"}
    first = await clerk.report(project, "2026-04", headers=headers, investment_completed="120.5")
    retry = await clerk.report(project, "2026-04", headers=headers, investment_completed="120.5")
    assert first.status_code == retry.status_code == 201
    assert retry.headers.get("idempotent-replayed") == "true"
    assert retry.json()["id"] == first.json()["id"]
    listed = await clerk.client.get(f"/api/v1/projects/{project}/progress-reports", headers=clerk.office)
    assert len(listed.json()["items"]) == 1


async def test_twenty_concurrent_duplicates_with_one_idempotency_key_all_get_the_first_answer(clerk: Clerk):
    """A phone on a bad network resends before the first answer came back: every duplicate gets the first
    request's answer (not 409 report_exists), and one report is written."""
    project = await clerk.project("LC-001")
    headers = {**clerk.unit("交通局"), "Idempotency-Key": "report-2026-04-LC-001-burst"}
    answers = await asyncio.gather(*(
        clerk.report(project, "2026-04", headers=headers, investment_completed="120.5") for _ in range(20)))
    assert [a.status_code for a in answers] == [201] * 20, [a.text for a in answers if a.status_code != 201]
    assert len({a.content for a in answers}) == 1
    assert sum(a.headers.get("idempotent-replayed") != "true" for a in answers) == 1  # one ran, 19 replayed
    listed = await clerk.client.get(f"/api/v1/projects/{project}/progress-reports", headers=clerk.office)
    assert [r["id"] for r in listed.json()["items"]] == [answers[0].json()["id"]]


async def test_draft_is_submitted_then_verified_and_each_step_is_recorded(clerk: Clerk):
    project = await clerk.project("LC-001")
    draft = (await clerk.report(project, "2026-04", investment_completed="300")).json()
    assert draft["status"] == "draft"
    submitted = await clerk.step(draft["id"], "submit", headers=clerk.unit("交通局"))
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["status"] == "submitted"
    verified = await clerk.step(draft["id"], "verify")
    assert verified.json()["status"] == "verified"
    assert verified.json()["verified_at"] is not None
    resp = await clerk.client.get(f"/api/v1/progress-reports/{draft['id']}/history", headers=clerk.office)
    history = resp.json()["items"]
    assert [(h["action"], h["from_status"], h["to_status"]) for h in history] == [
        ("create", None, "draft"),
        ("submit", "draft", "submitted"),
        ("verify", "submitted", "verified"),
    ]
    assert history[1]["actor_unit_id"] == clerk.county.units["交通局"]
    assert history[2]["actor"].startswith("test:office")


async def test_a_returned_report_carries_the_reason_and_is_resubmitted(clerk: Clerk):
    project = await clerk.project("LC-001")
    report = await clerk.submitted(project, "2026-04", "300")
    returned = await clerk.step(report["id"], "return", reason="完成投资与财务数据不符")
    assert returned.status_code == 200, returned.text
    assert returned.json()["status"] == "returned"
    assert returned.json()["return_reason"] == "完成投资与财务数据不符"
    unit = clerk.unit("交通局")
    edited = await clerk.client.patch(
        f"/api/v1/progress-reports/{report['id']}",
        json={"investment_completed": "280"},
        headers={**unit, "If-Match": returned.headers["ETag"]},
    )
    assert edited.status_code == 200, edited.text
    resubmitted = await clerk.step(report["id"], "submit", headers=unit)
    assert resubmitted.json()["status"] == "submitted"
    assert resubmitted.json()["investment_completed"] == "280.00"
    history = (await clerk.client.get(f"/api/v1/progress-reports/{report['id']}/history", headers=unit)).json()["items"]
    assert [h["action"] for h in history] == ["create", "submit", "return", "resubmit"]
    assert history[2]["reason"] == "完成投资与财务数据不符"


async def test_steps_not_allowed_now_are_refused(clerk: Clerk):
    project = await clerk.project("LC-001")
    draft = (await clerk.report(project, "2026-04")).json()
    for action, body in (("verify", {}), ("return", {"reason": "x"})):
        refused = await clerk.step(draft["id"], action, **body)
        assert refused.status_code == 422, (action, refused.text)
        assert refused.json()["code"] == "report_step_not_allowed"
    await clerk.step(draft["id"], "submit")
    assert (await clerk.step(draft["id"], "submit")).json()["code"] == "report_step_not_allowed"
    edit = await clerk.client.patch(
        f"/api/v1/progress-reports/{draft['id']}", json={"problems": "x"}, headers={**clerk.office, "If-Match": "*"}
    )
    assert edit.status_code == 422
    assert edit.json()["code"] == "report_not_editable"
    await clerk.step(draft["id"], "verify")
    assert (await clerk.step(draft["id"], "return", reason="late")).json()["code"] == "report_step_not_allowed"
    resp = await clerk.client.get(f"/api/v1/progress-reports/{draft['id']}/history", headers=clerk.office)
    history = resp.json()["items"]
    assert [h["action"] for h in history] == ["create", "submit", "verify"]


async def test_only_the_office_verifies_or_returns(clerk: Clerk):
    project = await clerk.project("LC-001")
    report = await clerk.submitted(project, "2026-04")
    refused = await clerk.step(report["id"], "verify", headers=clerk.unit("交通局"))
    assert refused.status_code == 403
    assert (await clerk.step(report["id"], "verify")).json()["status"] == "verified"


async def test_a_return_names_its_reason_and_a_submission_its_physical_progress(clerk: Clerk):
    project = await clerk.project("LC-001")
    report = await clerk.submitted(project, "2026-04")
    blank = await clerk.step(report["id"], "return", reason="  ")
    assert blank.status_code == 422
    assert blank.json()["errors"][0]["field"] == "body.reason"
    empty = await clerk.report(project, "2026-05", physical_progress="", submit=True)
    assert empty.status_code == 422
    assert empty.json()["errors"][0]["field"] == "physical_progress"
    listed = await clerk.client.get(f"/api/v1/projects/{project}/progress-reports", headers=clerk.office)
    assert [r["period"] for r in listed.json()["items"]] == ["2026-04"]  # nothing half-written


async def test_bad_figures_are_refused_naming_the_field(clerk: Clerk):
    project = await clerk.project("LC-001")
    for period, field, value in (
        ("2026-04", "investment_completed", "-1"),
        ("2026-04", "physical_percent", "100.5"),
        ("2026-13", "problems", ""),
    ):
        resp = await clerk.report(project, period, **{field: value})
        assert resp.status_code == 422, (field, resp.text)
        assert resp.json()["errors"][0]["field"] == ("body.period" if period == "2026-13" else f"body.{field}")


async def test_year_to_date_and_since_start_totals_and_rates_are_exact(clerk: Clerk):
    project = await clerk.project("LC-001", total_investment="12000", plan="1200")
    await clerk.submitted(project, "2025-12", "100.1")
    await clerk.submitted(project, "2026-01", "0.1")
    feb = await clerk.submitted(project, "2026-02", "0.2")
    await clerk.step(feb["id"], "verify")
    march = (await clerk.report(project, "2026-03", investment_completed="0.3")).json()  # a draft
    april = (await clerk.report(project, "2026-04", investment_completed="0.4")).json()
    read = (await clerk.client.get(f"/api/v1/progress-reports/{march['id']}", headers=clerk.office)).json()
    c = read["computed"]
    assert c["year_to_date_completed"] == "0.60"  # 0.1 + 0.2 + its own 0.3
    assert c["since_start_completed"] == "100.70"
    assert c["year_planned_investment"] == "1200.00"
    assert c["year_plan_rate"] == "0.05"
    assert c["total_investment_rate"] == "0.84"  # 100.7 / 12000 = 0.839…%
    assert c["time_progress"] == "25.00"
    assert c["behind_points"] == "24.95"
    # another period's draft does not count: April sees January, February and itself
    assert april["computed"]["year_to_date_completed"] == "0.70"
    april_read = await clerk.client.get(f"/api/v1/progress-reports/{april['id']}", headers=clerk.office)
    assert april_read.json()["computed"]["since_start_completed"] == "100.80"


async def test_a_report_is_on_time_at_the_due_instant_and_late_a_second_after(clerk: Clerk):
    on_time = await clerk.project("LC-001")
    late = await clerk.project("LC-002")
    clerk.at("2026-05-23T00:00:00+08:00")  # 栾川: May is due by the end of the 22nd
    a = await clerk.submitted(on_time, "2026-05")
    clerk.at("2026-05-23T00:00:01+08:00")
    b = await clerk.submitted(late, "2026-05")
    assert a["due_at"] == b["due_at"] == "2026-05-22T16:00:00Z"
    assert (a["is_late"], a["late_seconds"]) == (False, None)
    assert (b["is_late"], b["late_seconds"]) == (True, 1)
    assert await clerk.events("report.submitted") == []  # issue 15: no service handles it, so it is sent nowhere


async def test_a_resubmission_keeps_the_timeliness_of_the_first_submission(clerk: Clerk):
    project = await clerk.project("LC-001")
    clerk.at("2026-05-20T10:00:00+08:00")
    report = await clerk.submitted(project, "2026-05")
    await clerk.step(report["id"], "return", reason="补充照片")
    clerk.at("2026-05-25T10:00:00+08:00")
    again = await clerk.step(report["id"], "submit", headers=clerk.unit("交通局"))
    assert again.json()["is_late"] is False
    assert again.json()["submitted_at"] == "2026-05-25T02:00:00Z"


async def test_a_region_reporting_weekly_takes_iso_weeks_only(clerk: Clerk):
    await clerk.set_policy("report_due", {"period_kind": "weekly", "due_day": 5, "due_time": "18:00"})
    project = await clerk.project("LC-001")
    monthly = await clerk.report(project, "2026-04")
    assert monthly.status_code == 422
    assert monthly.json()["code"] == "period_kind_mismatch"
    weekly = await clerk.report(project, "2026-W18")
    assert weekly.status_code == 201, weekly.text
    assert weekly.json()["due_at"] == "2026-05-01T10:00:00Z"  # Friday 18:00 in Shanghai


async def test_a_period_not_begun_cannot_be_reported(clerk: Clerk):
    project = await clerk.project("LC-001")
    resp = await clerk.report(project, "2026-06")
    assert resp.status_code == 422
    assert resp.json()["code"] == "period_in_future"


async def test_submitted_and_verified_reports_go_to_no_service_while_none_handles_them(clerk: Clerk):
    project = await clerk.project("LC-001")
    report = await clerk.submitted(project, "2026-04", "10")
    await clerk.step(report["id"], "verify")
    assert await clerk.events("report.submitted") == []  # issue 15: no service handles it, so it is sent nowhere
    assert await clerk.events("report.verified") == []


async def test_a_report_carries_its_good_practices_and_suggestions(clerk: Clerk):
    """栾川 (seed 000): "每月22日前要按时上报重点项目月报表，同时将重点项目推进中存在的好经验、好做法和意见建议一并报送"
    — two optional texts of the report, kept and returned as written, editable while the report is a draft, at most
    2000 characters each (a longer one is refused naming the field, in Chinese)."""
    project = await clerk.project("LC-001")
    plain = await clerk.report(project, "2026-03")
    assert plain.status_code == 201, plain.text
    assert (plain.json()["good_practices"], plain.json()["suggestions"]) == ("", "")
    resp = await clerk.report(project, "2026-04", good_practices="实行“挂图作战”，每周对照节点倒排工期",
                              suggestions="建议对临时用地实行并联审批")
    assert resp.status_code == 201, resp.text
    report = resp.json()
    assert (report["good_practices"], report["suggestions"]) == ("实行“挂图作战”，每周对照节点倒排工期",
                                                                 "建议对临时用地实行并联审批")
    read = await clerk.client.get(f"/api/v1/progress-reports/{report['id']}", headers=clerk.office)
    assert read.json()["suggestions"] == "建议对临时用地实行并联审批"
    patched = await clerk.client.patch(f"/api/v1/progress-reports/{report['id']}", json={"suggestions": "无"},
                                       headers={**clerk.unit("交通局"), "If-Match": read.headers["etag"]})
    assert patched.status_code == 200, patched.text
    assert (patched.json()["good_practices"], patched.json()["suggestions"]) == (report["good_practices"], "无")
    too_long = await clerk.report(project, "2026-05", good_practices="经" * 2001)
    assert too_long.status_code == 422
    [error] = too_long.json()["errors"]
    assert (error["field"], error["label"]) == ("body.good_practices", "好经验、好做法")


def test_the_report_schemas_title_good_practices_and_suggestions_in_chinese():
    from tuijin.registry.reports.schemas import ReportCreate, ReportOut, ReportPatch

    for model in (ReportCreate, ReportPatch, ReportOut):
        props = model.model_json_schema(mode="serialization")["properties"]
        assert (props["good_practices"]["title"], props["suggestions"]["title"]) == ("好经验、好做法", "意见建议")
