"""Issue 18: letters and interview records downloaded with ASCII file names while the other documents had
Chinese ones. Every download names the document in Chinese (RFC 6266 filename*) with an ASCII fallback."""

from __future__ import annotations

from tests.issues.test_letters import issue
from tests.xlsx_checks import chinese_file_name


async def test_a_letter_downloads_under_its_title_and_number(desk):
    letter = await issue(desk)
    resp = await desk.client.get(f"/api/v1/letters/{letter['id']}/document.docx", headers=desk.unit("交通局"))
    assert resp.status_code == 200
    assert letter["number"] == "栾重项办督〔2026〕1号"  # the grade's own 字号 (docs/documents.md)
    assert chinese_file_name(resp.headers["content-disposition"]) == f"{letter['title']}（{letter['number']}）.docx"
    assert 'filename="letter-2026-1.docx"' in resp.headers["content-disposition"]


async def test_an_interview_record_downloads_under_the_unit_the_person_and_the_date(desk):
    body = {"region_code": "410324", "project_id": desk.projects["LC-001"]["id"], "interviewee_kind": "unit_head",
            "interviewee_name": "张某某", "interviewee_title": "县交通运输局局长", "unit_id": desk.units["交通局"],
            "reasons": ["started_not_moving"], "held_on": "2026-10-12", "location": "县委常委会议室",
            "interviewer": "县委书记", "summary": "项目开工后长期停滞。", "commitments": "10月底前全面复工。",
            "rectification_due_on": "2026-10-31"}
    created = await desk.client.post("/api/v1/interviews", json=body, headers=desk.supervisor())
    assert created.status_code == 201, created.text
    resp = await desk.client.get(f"/api/v1/interviews/{created.json()['id']}/document.docx",
                                 headers=desk.unit("交通局"))
    assert resp.status_code == 200
    name = chinese_file_name(resp.headers["content-disposition"])
    assert name == "约谈记录（栾川县交通运输局张某某，2026年10月12日）.docx"
