"""Scope is exact: an office of one region gets 404 on every by-id operation of another region's objects, as it
would for an id that does not exist, reads and writes alike, generated from the paths of the merged OpenAPI.

Region B (嵩县 410325) gets one object of every kind the API addresses by id, built through the gateway by its
own office and units; then every operation of the merged spec whose path names such an object is called as the
office of region A (栾川县 410324) with a body valid for its schema and ``If-Match: *`` (so nothing but the scope
check can refuse it) and must answer the 404 a missing id answers, with the same ``code``. A new by-id path
that has no object here (and is not in :data:`SKIPPED` with its reason) fails the test."""

from __future__ import annotations

import copy
import re
import uuid
from datetime import datetime, timedelta
from typing import Any

from tests.fixtures.photos import png
from tuijin.kernel.clock import clock

A, B = "410324", "410325"
LONG = timedelta(days=3650)

# path templates deliberately not walked, each with its reason
SKIPPED = {
    "/api/v1/calendar/overrides/{day}": "a day, not a record; who may edit which region's override is tested in "
                                         "tests/registry/test_calendar_overrides.py",
    "/api/v1/public/projects/{project_id}": "the public disclosure (阳光行动) of every region, no login, no scope",
    "/api/v1/public/regions/{region_code}": "a region's name for its public page (阳光行动), no login, no scope",
    "/api/v1/profiles/{code}": "a shipped region profile (区域配置模板): data of the platform, the same for every "
                               "region, not a region's record",
}
# operations no office may call whatever the id (admin only): refused for the role before any lookup, with the
# same 403 role_required as for a missing id, so they tell nothing about another region's object either (none
# today: an office runs its own region's accounts, and another region's answer 404 like the rest)
ROLE_REFUSED: set[tuple[str, str]] = set()
# bodies whose schema alone does not make them valid (the checks of a model validator)
BODIES = {
    ("post", "/api/v1/scoring-schemes/{scheme_id}/versions"): {"dimensions": [{
        "code": "progress", "name": "实施进度", "weight": "100", "kind": "ratio", "numerator": "investment_completed",
        "denominator": "annual_plan"}]},
}
# a path naming a region (``{region_code}``) is the caller naming a region, not an object found by id: there an
# office of another region is refused with 403 region_forbidden (the region is no secret)
REGION_NAMED = re.compile(r"\{region_code\}")
# ... but for a region's set-up (its organisation workbook, issue 17: "an office trying anything outside its region
# gets 404"), another region's office is answered as for a region that does not exist: 404 region_not_found
REGION_SETUP = re.compile(r"^/api/v1/regions/\{region_code\}/organisation")
# admin-only service machinery (a job by name, an outbox row), not a record of a region
ADMIN_MACHINERY = re.compile(r"^/api/v1/admin/(\w+)/(jobs/\{name\}/run|outbox/\{outbox_id\}/replay)$")


class Builder:
    """Region B's objects, made through the gateway by region B's office, units and scorer."""

    def __init__(self, stack: Any) -> None:
        self.stack = stack
        self.gw = stack.client("gateway")
        self.ids: dict[str, str] = {}
        self.at("2026-09-01")  # tokens are minted at the business clock's instant
        self.admin = stack.auth("admin", region=None, ttl=LONG)
        self.office = stack.auth("office", region=B, ttl=LONG, sub="test:office-b")

    def unit(self, key: str) -> dict[str, str]:
        return self.stack.auth("unit", region=B, unit=uuid.UUID(self.ids[key]), ttl=LONG, sub=f"test:{key}")

    async def send(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None,
                   status: int | tuple[int, ...] = (200, 201)) -> Any:
        resp = await self.gw.request(method, path, json=body, headers=headers or self.office)
        assert resp.status_code in ((status,) if isinstance(status, int) else status), (path, resp.text)
        return resp.json() if resp.content else None

    async def attach(self, path: str) -> str:
        """A photo (形象进度照片) uploaded by region B's office; its id."""
        resp = await self.gw.post(path, files={"file": ("现场.png", png(), "image/png")}, headers=self.office)
        assert resp.status_code == 201, (path, resp.text)
        return resp.json()["id"]

    def at(self, day: str, time: str = "10:00") -> None:
        clock.set(datetime.fromisoformat(f"{day}T{time}:00+08:00"), frozen=True)

    async def build(self) -> dict[str, str]:
        ids, send = self.ids, self.send
        for code, name, level, parent in (("410000", "河南省", "province", None),
                                          ("410300", "洛阳市", "prefecture", "410000"),
                                          (A, "栾川县", "county", "410300"), (B, "嵩县", "county", "410300")):
            await send("POST", "/api/v1/regions", {"code": code, "name": name, "level": level, "parent_code": parent},
                       self.admin)
        # registry: organisation
        for key, name, kind in (("unit", "嵩县交通运输局", "department"), ("unit2", "嵩县发改委", "department"),
                                ("office_unit", "嵩县重点办", "leading_body")):
            ids[key] = (await send("POST", "/api/v1/units", {"region_code": B, "name": name, "kind": kind}))["id"]
        ids["person"] = (await send("POST", "/api/v1/people", {"region_code": B, "name": "赵副县长"}))["id"]
        ids["post"] = (await send("POST", "/api/v1/posts", {"region_code": B, "title": "副县长（分管交通）"}))["id"]
        await send("PUT", f"/api/v1/posts/{ids['post']}/holder", {"person_id": ids["person"],
                                                                  "start_date": "2025-01-01"},
                   {**self.office, "If-Match": "*"})
        ids["system"] = (await send("POST", "/api/v1/systems", {"region_code": B, "name": "基础设施体系",
                                                                 "convening_unit_id": ids["unit"]}))["id"]
        # projects, plans, nodes, procedures, reports, reserve, swaps
        project = {"region_code": B, "code": "SX-001", "name": "嵩县测试项目", "stage": "under_construction",
                   "total_investment": "12000", "responsible_unit_id": ids["unit"], "system_id": ids["system"],
                   "leader_post_id": ids["post"]}
        ids["project"] = (await send("POST", "/api/v1/projects", project))["id"]
        await send("PUT", f"/api/v1/projects/{ids['project']}/year-plans/2026", {"planned_investment": "4000"})
        ids["milestone"] = (await send("POST", f"/api/v1/projects/{ids['project']}/milestones", {
            "name": "竣工", "kind": "completion", "planned_date": "2026-12-30"}))["id"]
        ids["procedure_type"] = (await send("POST", "/api/v1/procedure-types", {
            "region_code": B, "code": "flood_review", "name": "防洪影响评价"}))["id"]
        ids["procedure"] = (await send("POST", f"/api/v1/projects/{ids['project']}/procedures", {
            "procedure_type_id": ids["procedure_type"], "deadline": "2026-11-30"}))["id"]
        ids["report"] = (await send("POST", f"/api/v1/projects/{ids['project']}/progress-reports", {
            "period": "2026-08", "physical_progress": "主体施工", "investment_completed": "100"}))["id"]
        ids["report_attachment"] = await self.attach(f"/api/v1/progress-reports/{ids['report']}/attachments")
        await send("POST", f"/api/v1/progress-reports/{ids['report']}/submit")
        reserve = {**project, "code": "SX-R01", "name": "嵩县储备项目", "stage": "reserve"}
        ids["reserve_project"] = (await send("POST", "/api/v1/projects", reserve))["id"]
        ids["reserve_entry"] = (await send("POST", "/api/v1/reserve-entries", {
            "project_id": ids["reserve_project"], "level": "county", "proposing_unit_id": ids["unit"],
            "planned_first_year": "3000", "proposed_year": 2027}))["id"]
        ids["list_cycle"] = (await send("POST", "/api/v1/list-cycles", {"region_code": B, "target_year": 2027}))["id"]
        ids["land_demand"] = (await send("POST", "/api/v1/land-demands", {
            "project_id": ids["project"], "year": 2027, "area_mu": "12.5", "land_kind": "new_construction",
            "in_plan": False}))["id"]
        ids["financing_need"] = (await send("POST", "/api/v1/financing-needs", {
            "project_id": ids["project"], "year": 2027, "amount": "800", "channel": "policy_bank_loan"}))["id"]
        ids["quarterly_report"] = (await send("POST", "/api/v1/quarterly-reports", {
            "project_id": ids["project"], "year": 2026, "quarter": 2, "progress": "主体施工"}))["id"]
        ids["dispatch"] = (await send("POST", "/api/v1/dispatches", {
            "project_id": ids["project"], "dispatched_by": "县重点办", "findings": "征地滞后"}))["id"]
        ids["swap"] = (await send("POST", "/api/v1/project-swaps", {
            "out_project_id": ids["project"], "replacement_project_id": ids["reserve_project"],
            "reason": "征地拆迁长期无法落实，经多次督促协调仍不能按时推进"}))["id"]
        mappings = await send("POST", f"/api/v1/province/regions/{B}/mappings/defaults", {})
        ids["mapping"] = (mappings["items"] if isinstance(mappings, dict) else mappings)[0]["id"]
        await self.province_records()
        # issues
        ids["problem"] = (await send("POST", "/api/v1/problems", {
            "project_id": ids["project"], "category": "land", "description": "用地预审未批复，影响开工"}))["id"]
        ids["problem_attachment"] = await self.attach(f"/api/v1/problems/{ids['problem']}/attachments")
        ids["letter"] = (await send("POST", "/api/v1/letters", {
            "region_code": B, "grade": "supervision", "unit_id": ids["unit"], "subject_kind": "project",
            "project_id": ids["project"], "title": "关于加快推进的督办函",
            "body": "项目建设进度滞后，请加快推进。"}))["id"]
        ids["interview"] = (await send("POST", "/api/v1/interviews", {
            "region_code": B, "project_id": ids["project"], "interviewee_kind": "unit_head",
            "interviewee_name": "张某某", "interviewee_title": "县交通运输局局长", "unit_id": ids["unit"],
            "reasons": ["started_not_moving"], "held_on": "2026-08-28", "location": "县委常委会议室",
            "interviewer": "县委书记", "summary": "项目开工后长期停滞。", "commitments": "10月底前全面复工。",
            "rectification_due_on": "2026-10-31"}))["id"]
        ids["rectification"] = (await send("GET", f"/api/v1/rectifications?region_code={B}"))["items"][0]["id"]
        ids["accountability"] = (await send("POST", "/api/v1/accountability-records", {
            "region_code": B, "sanction": "circulated_criticism", "target_kind": "unit", "unit_id": ids["unit"],
            "summary": "督办函逾期未回复。", "grounds": [{"kind": "letter", "id": ids["letter"], "note": "督办函"}],
            "decided_by": "县委、县政府", "decided_on": "2026-09-01"}))["id"]
        ids["complaint"] = (await send("POST", "/api/v1/complaints", {
            "region_code": B, "complainant": "某置业公司 刘某", "project_id": ids["project"], "unit_id": ids["unit2"],
            "content": "材料未一次性告知。", "received_on": "2026-09-01"}))["id"]
        ids["inspection"] = (await send("POST", "/api/v1/inspections", {
            "region_code": B, "kind": "special", "theme": "资金未落实项目专项督查", "lead": "赵副县长",
            "inspected_on": "2026-09-01", "project_ids": [ids["project"]]}))["id"]
        ids["inspection_attachment"] = await self.attach(f"/api/v1/inspections/{ids['inspection']}/attachments")
        await send("POST", f"/api/v1/inspections/{ids['inspection']}/record", {
            "summary": "实地察看项目1个。", "findings": [{
                "project_id": ids["project"], "category": "funds", "description": "配套资金未拨付到位",
                "disposition": "problem", "rectification_due_on": "2026-09-30",
                "attachment_ids": [ids["inspection_attachment"]]}]})
        # meetings
        ids["series"] = (await send("POST", "/api/v1/meeting-series", {
            "region_code": B, "meeting_type": "county_meeting", "title": "县委县政府项目调度例会",
            "convener_unit_id": ids["office_unit"], "chair_name": "县长", "start_time": "09:00",
            "rrule": "FREQ=MONTHLY;BYDAY=1MO", "start_date": "2026-09-01", "horizon_days": 40,
            "fixed_unit_ids": [ids["unit"]]}))["id"]
        meeting = await send("POST", "/api/v1/meetings", {
            "region_code": B, "meeting_type": "coordination", "title": "项目协调会",
            "convener_unit_id": ids["office_unit"], "chair_name": "王副县长", "place": "县政府三楼会议室",
            "meeting_date": "2026-09-03", "start_time": "09:00", "duration_minutes": 120,
            "submission_due_date": "2026-09-02",
            "invitations": [{"unit_id": ids["unit"], "expected_attendee": ""},
                            {"unit_id": ids["unit2"], "expected_attendee": ""}]})
        ids["meeting"] = mid = meeting["id"]
        ids["submission"] = (await send("POST", f"/api/v1/meetings/{mid}/submissions", {"progress": "路基完成80%"},
                                        self.unit("unit")))["id"]
        ids["leave"] = (await send("POST", f"/api/v1/meetings/{mid}/leave-requests", {"reason": "参加市里专题会"},
                                   self.unit("unit2")))["id"]
        ids["agenda_item"] = (await send("POST", f"/api/v1/meetings/{mid}/agenda/items", {
            "title": "用地协调", "problem_id": ids["problem"]}))["id"]
        for to in ("notice_sent", "agenda_frozen"):
            await send("POST", f"/api/v1/meetings/{mid}/status-changes", {"to": to, "reason": ""})
        self.at("2026-09-03", "12:00")
        await send("POST", f"/api/v1/meetings/{mid}/status-changes", {"to": "held", "reason": ""})
        await send("PUT", f"/api/v1/meetings/{mid}/minutes", {"outcomes": [{
            "agenda_item_id": ids["agenda_item"], "outcome": "assigned", "unit_id": ids["unit"],
            "deadline": "2026-09-30"}]})
        published = await send("POST", f"/api/v1/meetings/{mid}/minutes/publication")
        ids["decided_item"] = published["decided_items"][0]["id"]
        ids["site_visit"] = (await send("POST", "/api/v1/site-visits", {
            "region_code": B, "visited_on": "2026-09-03", "kind": "inspection", "title": "赵副县长现场调研督导",
            "leading_person_id": ids["person"], "project_ids": [ids["project"]], "unit_ids": [ids["unit"]],
            "decisions": [{"title": "完成用地报批", "owner_unit_id": ids["unit"], "due_date": "2026-09-30"}]}))["id"]
        ids["site_visit_attachment"] = await self.attach(f"/api/v1/site-visits/{ids['site_visit']}/attachments")
        # scoring
        scheme = await send("POST", "/api/v1/scoring-schemes", {
            "region_code": B, "code": "progress", "name": "进度", "subject_kind": "project", "period_kind": "quarter",
            "version": {"dimensions": [{"code": "progress", "name": "实施进度", "weight": "100", "kind": "ratio",
                                        "numerator": "investment_completed", "denominator": "annual_plan"}]}})
        ids["scheme"] = scheme["id"]
        ids["run"] = (await send("POST", "/api/v1/scoring-runs", {"scheme_id": ids["scheme"],
                                                                  "period": "2026-Q3"}))["id"]
        ids["round"] = (await send("POST", "/api/v1/scoring-rounds", {
            "region_code": B, "name": "第三季度观摩", "period": "2026-Q3", "deadline": "2026-10-20",
            "criteria": [{"code": "quality", "name": "建设质量", "min": "0", "max": "40"}],
            "project_ids": [ids["project"]], "scorers": [{"id": "scorer:b", "name": "评分人"}]}))["id"]
        scorer = self.stack.auth("scorer", region=B, ttl=LONG, sub="scorer:b")
        sheets = await send("GET", f"/api/v1/score-sheets?round_id={ids['round']}", headers=scorer)
        ids["sheet"] = sheets["items"][0]["id"]
        # gateway
        ids["user"] = (await send("POST", "/api/v1/users", {
            "username": f"b{uuid.uuid4().hex[:8]}", "password": "user-password-123", "roles": ["unit"],
            "region_code": B}, self.admin))["id"]
        return ids


    async def province_records(self) -> None:
        """A project link, a sync-log entry and an outbound report of region B, as an exchange with the provincial
        platform leaves them (written to the registry's database: only the platform makes them)."""
        from tuijin.kernel.clock import utcnow
        from tuijin.registry.province.models import OutboundReport, ProjectLink, SyncEntry

        now = utcnow()
        project, code = uuid.UUID(self.ids["project"]), "2026-410325-48-01-1"
        rows = {
            "link": ProjectLink(id=uuid.uuid4(), project_id=project, region_code=B, national_code=code),
            "sync_entry": SyncEntry(id=uuid.uuid4(), region_code=B, channel="pull", item_id="I-1", version=1,
                                    payload={}, outcome="failed", reason="test", received_at=now),
            "outbound": OutboundReport(id=uuid.uuid4(), region_code=B, project_id=project,
                                       national_code=code, kind="progress", payload={},
                                       status="dead", next_attempt_at=now, created_at=now),
        }
        async with self.stack.apps["registry"].state.sessionmaker() as session, session.begin():
            session.add_all(rows.values())
        self.ids.update({key: str(row.id) for key, row in rows.items()})


def path_values(ids: dict[str, str]) -> dict[str, dict[str, str]]:
    """Each walked path template → the values of its parameters (region B's objects)."""
    p, m = ids["project"], ids["meeting"]
    return {
        "/api/v1/units/{unit_id}": {"unit_id": ids["unit"]},
        "/api/v1/posts/{post_id}": {"post_id": ids["post"]},
        "/api/v1/posts/{post_id}/holder": {"post_id": ids["post"]},
        "/api/v1/posts/{post_id}/holdings": {"post_id": ids["post"]},
        "/api/v1/projects/{project_id}": {"project_id": p},
        "/api/v1/projects/{project_id}/stage-changes": {"project_id": p},
        "/api/v1/projects/{project_id}/year-plans/{year}": {"project_id": p, "year": "2026"},
        "/api/v1/projects/{project_id}/tier-override": {"project_id": p},
        "/api/v1/projects/{project_id}/milestones": {"project_id": p},
        "/api/v1/projects/{project_id}/milestones/backward-schedule": {"project_id": p},
        "/api/v1/projects/{project_id}/milestones/{milestone_id}": {"project_id": p, "milestone_id": ids["milestone"]},
        "/api/v1/procedure-types/{type_id}": {"type_id": ids["procedure_type"]},
        "/api/v1/projects/{project_id}/procedures": {"project_id": p},
        "/api/v1/projects/{project_id}/procedures/{procedure_id}": {"project_id": p, "procedure_id": ids["procedure"]},
        "/api/v1/projects/{project_id}/procedures/{procedure_id}/status-changes": {
            "project_id": p, "procedure_id": ids["procedure"]},
        "/api/v1/reserve-entries/{entry_id}": {"entry_id": ids["reserve_entry"]},
        "/api/v1/project-swaps/{swap_id}": {"swap_id": ids["swap"]},
        "/api/v1/list-cycles/{cycle_id}": {"cycle_id": ids["list_cycle"]},
        "/api/v1/land-demands/{demand_id}": {"demand_id": ids["land_demand"]},
        "/api/v1/financing-needs/{need_id}": {"need_id": ids["financing_need"]},
        "/api/v1/quarterly-reports/{report_id}": {"report_id": ids["quarterly_report"]},
        "/api/v1/dispatches/{dispatch_id}": {"dispatch_id": ids["dispatch"]},
        "/api/v1/quarterly-reports/{report_id}/submit": {"report_id": ids["quarterly_report"]},
        "/api/v1/quarterly-reports/{report_id}/accept": {"report_id": ids["quarterly_report"]},
        "/api/v1/quarterly-reports/{report_id}/return": {"report_id": ids["quarterly_report"]},
        "/api/v1/list-cycles/{cycle_id}/steps/{step}/complete": {"cycle_id": ids["list_cycle"], "step": "guide_list"},
        "/api/v1/project-swaps/{swap_id}/decisions": {"swap_id": ids["swap"]},
        "/api/v1/project-swaps/{swap_id}/withdrawal": {"swap_id": ids["swap"]},
        "/api/v1/projects/{project_id}/progress-reports": {"project_id": p},
        "/api/v1/projects/{project_id}/progress-reports/prefill": {"project_id": p},
        "/api/v1/progress-reports/{report_id}": {"report_id": ids["report"]},
        "/api/v1/progress-reports/{report_id}/submit": {"report_id": ids["report"]},
        "/api/v1/progress-reports/{report_id}/verify": {"report_id": ids["report"]},
        "/api/v1/progress-reports/{report_id}/return": {"report_id": ids["report"]},
        "/api/v1/progress-reports/{report_id}/history": {"report_id": ids["report"]},
        "/api/v1/projects/{project_id}/warning-lights": {"project_id": p},
        "/api/v1/projects/{project_id}/warning-lights/history": {"project_id": p},
        "/api/v1/province/mappings/{mapping_id}": {"mapping_id": ids["mapping"]},
        "/api/v1/province/links/{link_id}": {"link_id": ids["link"]},
        "/api/v1/province/links/{link_id}/pull": {"link_id": ids["link"]},
        "/api/v1/province/sync-log/{entry_id}/replay": {"entry_id": ids["sync_entry"]},
        "/api/v1/province/outbound-reports/{report_id}/replay": {"report_id": ids["outbound"]},
        "/api/v1/province/projects/{project_id}/unit-reports": {"project_id": p},
        "/api/v1/projects/{project_id}/overview": {"project_id": p},
        "/api/v1/problems/{problem_id}": {"problem_id": ids["problem"]},
        "/api/v1/problems/{problem_id}/attachments": {"problem_id": ids["problem"]},
        **{f"/api/v1/problems/{{problem_id}}/attachments/{{attachment_id}}{tail}": {
            "problem_id": ids["problem"], "attachment_id": ids["problem_attachment"]}
           for tail in ("", "/file", "/thumbnail.jpg")},
        "/api/v1/progress-reports/{report_id}/attachments": {"report_id": ids["report"]},
        **{f"/api/v1/progress-reports/{{report_id}}/attachments/{{attachment_id}}{tail}": {
            "report_id": ids["report"], "attachment_id": ids["report_attachment"]}
           for tail in ("", "/file", "/thumbnail.jpg")},
        **{f"/api/v1/problems/{{problem_id}}/{action}": {"problem_id": ids["problem"]} for action in (
            "timeline", "assign", "answer", "document-requests", "documents-supplied", "resolve", "close", "reopen",
            "escalate", "send-down")},
        "/api/v1/letters/{letter_id}": {"letter_id": ids["letter"]},
        "/api/v1/letters/{letter_id}/reply": {"letter_id": ids["letter"]},
        "/api/v1/letters/{letter_id}/document.docx": {"letter_id": ids["letter"]},
        "/api/v1/interviews/{interview_id}": {"interview_id": ids["interview"]},
        "/api/v1/interviews/{interview_id}/document.docx": {"interview_id": ids["interview"]},
        **{f"/api/v1/rectifications/{{rectification_id}}{tail}": {"rectification_id": ids["rectification"]}
           for tail in ("", "/report-done", "/verify", "/reopen")},
        "/api/v1/accountability-records/{record_id}": {"record_id": ids["accountability"]},
        **{f"/api/v1/complaints/{{complaint_id}}{tail}": {"complaint_id": ids["complaint"]}
           for tail in ("", "/investigation", "/conclusion")},
        **{f"/api/v1/inspections/{{inspection_id}}{rest}": {"inspection_id": ids["inspection"]} for rest in (
            "", "/record", "/close", "/report.docx", "/attachments")},
        **{f"/api/v1/inspections/{{inspection_id}}/attachments/{{attachment_id}}{tail}": {
            "inspection_id": ids["inspection"], "attachment_id": ids["inspection_attachment"]}
           for tail in ("", "/file", "/thumbnail.jpg")},
        "/api/v1/meeting-series/{series_id}": {"series_id": ids["series"]},
        "/api/v1/meeting-series/{series_id}/expansion": {"series_id": ids["series"]},
        "/api/v1/meetings/{meeting_id}": {"meeting_id": m},
        **{f"/api/v1/meetings/{{meeting_id}}/{rest}": {"meeting_id": m} for rest in (
            "status-changes", "reschedulings", "changes", "invitations", "notice.docx", "agenda", "agenda/builds",
            "agenda/items", "agenda/order", "submissions", "leave-requests", "attendance-confirmations", "attendance",
            "attendance.xlsx",
            "minutes", "minutes/publication", "minutes/addenda", "minutes.docx")},
        "/api/v1/meetings/{meeting_id}/invitations/{unit_id}": {"meeting_id": m, "unit_id": ids["unit"]},
        "/api/v1/meetings/{meeting_id}/agenda/items/{item_id}": {"meeting_id": m, "item_id": ids["agenda_item"]},
        "/api/v1/meetings/{meeting_id}/submissions/{submission_id}/decision": {
            "meeting_id": m, "submission_id": ids["submission"]},
        "/api/v1/meetings/{meeting_id}/leave-requests/{leave_id}/decision": {"meeting_id": m, "leave_id": ids["leave"]},
        "/api/v1/decided-items/{item_id}": {"item_id": ids["decided_item"]},
        "/api/v1/decided-items/{item_id}/follow-ups": {"item_id": ids["decided_item"]},
        "/api/v1/site-visits/{visit_id}": {"visit_id": ids["site_visit"]},
        "/api/v1/site-visits/{visit_id}/attachments": {"visit_id": ids["site_visit"]},
        **{f"/api/v1/site-visits/{{visit_id}}/attachments/{{attachment_id}}{tail}": {
            "visit_id": ids["site_visit"], "attachment_id": ids["site_visit_attachment"]}
           for tail in ("", "/file", "/thumbnail.jpg")},
        "/api/v1/scoring-schemes/{scheme_id}": {"scheme_id": ids["scheme"]},
        "/api/v1/scoring-schemes/{scheme_id}/versions": {"scheme_id": ids["scheme"]},
        "/api/v1/scoring-schemes/{scheme_id}/versions/{version}": {"scheme_id": ids["scheme"], "version": "1"},
        **{f"/api/v1/scoring-runs/{{run_id}}{rest}": {"run_id": ids["run"]} for rest in (
            "", "/results", "/inputs", "/publish", "/lists", "/ranking.xlsx", "/notice.docx")},
        **{f"/api/v1/scoring-rounds/{{round_id}}{rest}": {"round_id": ids["round"]} for rest in (
            "", "/progress", "/scores", "/submission")},
        "/api/v1/score-sheets/{sheet_id}": {"sheet_id": ids["sheet"]},
        "/api/v1/users/{user_id}": {"user_id": ids["user"]},
        "/api/v1/users/{user_id}/password": {"user_id": ids["user"]},
        "/api/v1/users/{user_id}/sessions": {"user_id": ids["user"]},
        "/api/v1/users/{user_id}/sessions/{session_id}": {"user_id": ids["user"], "session_id": str(uuid.uuid4())},
        "/api/v1/dossiers/{project_id}": {"project_id": p},
    }


# ---------------------------------------------------------------- bodies valid for an operation's schema


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = doc["components"]["schemas"][name]
    return schema


SAMPLE_STRINGS = {"date": "2026-10-12", "date-time": "2026-10-12T09:00:00+08:00", "time": "09:00:00",
                  "email": "a@example.com", "uri": "https://example.com/", "password": "a-password-123"}
SAMPLE_PATTERNS = {r"^\d{6}$": A, r"^\d{4}-\d{2}$": "2026-09", r"^\d{4}$": "2026"}


def sample(doc: dict[str, Any], schema: dict[str, Any], depth: int = 0) -> Any:
    """A small value valid for ``schema``: required properties only, first enum member, lists at their
    minimum length."""
    schema = _resolve(doc, schema)
    if "default" in schema and schema["default"] is not None and depth > 0:
        return copy.deepcopy(schema["default"])
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [o for o in schema[key] if _resolve(doc, o).get("type") != "null"]
            return sample(doc, options[0], depth + 1)
    if "allOf" in schema:
        return sample(doc, schema["allOf"][0], depth + 1)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {k: sample(doc, props[k], depth + 1) for k in schema.get("required", []) if k in props}
    if kind == "array":
        return [sample(doc, schema.get("items", {}), depth + 1) for _ in range(schema.get("minItems", 0))]
    if kind == "integer":
        return max(schema.get("minimum", 1), schema.get("exclusiveMinimum", 0) + 1)
    if kind == "number":
        return max(schema.get("minimum", 1), schema.get("exclusiveMinimum", 0) + 1)
    if kind == "boolean":
        return True
    if kind == "string":
        if schema.get("format") == "uuid":
            return str(uuid.uuid4())
        if schema.get("format") in SAMPLE_STRINGS:
            return SAMPLE_STRINGS[schema["format"]]
        if schema.get("pattern") in SAMPLE_PATTERNS:
            return SAMPLE_PATTERNS[schema["pattern"]]
        return "x" * max(1, schema.get("minLength", 1))
    return {}


def request_body(doc: dict[str, Any], operation: dict[str, Any]) -> tuple[Any, str | None]:
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        return sample(doc, content["application/json"].get("schema", {})), "json"
    if content:
        return None, next(iter(content))
    return None, None


def _walked(doc: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The templated paths of the spec: those walked, and those left to other rules."""
    walked, region_named = [], []
    for path in doc["paths"]:
        if "{" not in path or ADMIN_MACHINERY.match(path) or path in SKIPPED:
            continue
        if REGION_NAMED.search(path):
            region_named.append(path)
        else:
            walked.append(path)
    return walked, region_named


async def test_an_office_gets_404_on_every_by_id_operation_of_another_regions_objects(stack):
    ids = await Builder(stack).build()
    gw = stack.client("gateway")
    doc = (await gw.get("/openapi.json")).json()
    values = path_values(ids)
    walked, region_named = _walked(doc)

    missing = sorted(set(walked) - set(values))
    assert not missing, f"by-id paths without a region-B object here (add one, or skip with a reason): {missing}"
    stale = sorted(set(values) - set(doc["paths"]))
    assert not stale, f"paths no longer in the spec: {stale}"
    assert region_named, "the paths naming a region are left to the 403 rule, so some must exist"

    office_a = {**stack.auth("office", region=A, ttl=LONG, sub="test:office-a"), "If-Match": "*"}
    wrong, walked_ops = await _walk(gw, doc, walked, values, office_a, strict=True)
    assert not wrong, "\n".join(wrong)
    assert walked_ops > 100

    # the reads that name region B themselves are refused (403 region_forbidden: the caller named the region)
    named = {"region_code": B, "year": "2026", "name": "report_due", "import_id": str(uuid.uuid4())}
    for path in region_named:
        if "get" in doc["paths"][path]:
            resp = await gw.get(path.format(**{k: v for k, v in named.items() if f"{{{k}}}" in path}),
                                headers=office_a)
            expected = (404, "region_not_found") if REGION_SETUP.match(path) else (403, "region_forbidden")
            if (resp.status_code, _code(resp)) != expected:
                wrong.append(f"GET {path}: {resp.status_code} {resp.text[:160]}")
    assert not wrong, "\n".join(wrong)


async def _walk(gw: Any, doc: dict[str, Any], walked: list[str], values: dict[str, dict[str, str]],
                headers: dict[str, str], *, strict: bool) -> tuple[list[str], int]:
    """Call every operation of ``walked`` on region B's object and on a missing id; returns what answered
    differently (``strict``: anything but the missing id's 404, or 403 role_required where the role is refused
    whatever the id) and how many operations were called."""
    wrong: list[str] = []
    walked_ops = 0
    for path in walked:
        for method, operation in doc["paths"][path].items():
            if method not in ("get", "put", "patch", "post", "delete"):
                continue
            body, kind = request_body(doc, operation)
            body = BODIES.get((method, path), body)
            if kind not in (None, "json"):
                continue  # an upload (multipart): none is addressed by an object id
            walked_ops += 1
            url = path.format(**values[path])
            control = path.format(**{k: (str(uuid.uuid4()) if len(v) == 36 else v) for k, v in values[path].items()})
            resp = await gw.request(method.upper(), url, headers=headers, json=body)
            missing_resp = await gw.request(method.upper(), control, headers=headers, json=body)
            got, as_missing = (resp.status_code, _code(resp)), (missing_resp.status_code, _code(missing_resp))
            if strict:
                expected = (403, "role_required") if (method, path) in ROLE_REFUSED else (404, got[1])
                fine = got == as_missing == expected
            else:
                fine = got == as_missing and got[0] in (403, 404)
            if not fine:
                wrong.append(f"{method.upper()} {path}: {got[0]} {got[1]} (a missing id: {as_missing[0]} "
                             f"{as_missing[1]}) {resp.text[:160]}")
    return wrong, walked_ops


async def test_a_unit_and_a_leader_of_one_region_learn_nothing_of_another_regions_objects(stack):
    """Roles with less than the office's: each by-id operation on region B's object answers exactly as it does
    for an id that does not exist (a 404, or the 403 of a role refused whatever the id), never a 2xx or 5xx."""
    ids = await Builder(stack).build()
    gw = stack.client("gateway")
    doc = (await gw.get("/openapi.json")).json()
    walked, _ = _walked(doc)
    values = path_values(ids)
    wrong: list[str] = []
    for who in (stack.auth("unit", region=A, unit=uuid.uuid4(), ttl=LONG, sub="test:unit-a"),
                stack.auth("leader", region=A, ttl=LONG, sub="test:leader-a")):
        found, _ = await _walk(gw, doc, walked, values, {**who, "If-Match": "*"}, strict=False)
        wrong += found
    assert not wrong, "\n".join(wrong)


def _code(resp: Any) -> str | None:
    try:
        return resp.json().get("code")
    except ValueError:
        return None
