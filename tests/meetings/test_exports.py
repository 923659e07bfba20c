"""Exports: the notice, the minutes and the attendance bulletin as .docx; the meeting list, the sign-in
sheet and the decided items as .xlsx."""

from __future__ import annotations

import io
import uuid
from datetime import datetime, time

from docx import Document
from openpyxl import load_workbook

from tests.meetings.conftest import REGION, held_meeting

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def text_of(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def rows_of(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


async def test_the_notice_renders_as_docx_with_units_agenda_and_the_rules(desk):
    desk.at("2026-09-01")
    meeting = await desk.meeting("2026-09-10", submission_due_date="2026-09-03")
    await desk.add_item(meeting, "城区供水管网改造征迁协调", presenter_unit_id=desk.units["城关镇"],
                        duration_minutes=15)
    resp = await desk.client.get(f"/api/v1/meetings/{meeting['id']}/notice.docx", headers=desk.unit("交通局"))
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == DOCX
    assert "attachment" in resp.headers["content-disposition"]
    text = text_of(resp.content)
    for expected in ("关于召开项目协调会的通知", "2026年9月10日 09:00", "栾川县交通运输局", "城区供水管网改造征迁协调",
                     "不得替会", "2026-09-03"):
        assert expected in text, expected


async def test_the_minutes_and_the_bulletin_render_as_docx(desk):
    desk.at("2026-09-01")
    meeting = await desk.meeting("2026-09-03", heads={"交通局": "张局长", "发改委": "刘主任"})
    item = await desk.add_item(meeting, "取土场用地", problem_id=str(uuid.uuid4()))
    await desk.advance(meeting, "notice_sent", "agenda_frozen")
    desk.at("2026-09-03", "12:00")
    await desk.advance(meeting, "held")
    await desk.client.put(f"/api/v1/meetings/{meeting['id']}/attendance", headers=desk.office, json={"records": [
        {"unit_id": desk.units["交通局"], "attendee_name": "李副局长"}, {"unit_id": desk.units["发改委"]}]})
    await desk.client.put(f"/api/v1/meetings/{meeting['id']}/minutes", headers=desk.office, json={
        "summary": "会议研究了取土场用地问题。", "outcomes": [{
            "agenda_item_id": item["id"], "outcome": "assigned", "unit_id": desk.units["自然资源局"],
            "deadline": "2026-09-30", "note": "完成用地报批"}]})
    draft = await desk.client.get(f"/api/v1/meetings/{meeting['id']}/minutes.docx", headers=desk.office)
    assert "（草稿）" in text_of(draft.content)
    await desk.client.post(f"/api/v1/meetings/{meeting['id']}/minutes/publication", headers=desk.office)
    minutes = text_of((await desk.client.get(f"/api/v1/meetings/{meeting['id']}/minutes.docx",
                                             headers=desk.office)).content)
    assert "（草稿）" not in minutes
    for expected in ("项目协调会纪要", "会议研究了取土场用地问题。", "栾川县自然资源局", "2026-09-30", "完成用地报批"):
        assert expected in minutes, expected
    bulletin = await desk.client.get("/api/v1/attendance/bulletin.docx", headers=desk.office,
                                     params={"region_code": REGION, "month": "2026-09"})
    assert bulletin.status_code == 200, bulletin.text
    text = text_of(bulletin.content)
    for expected in ("无故缺席1次、替会1次", "栾川县交通运输局", "替会", "李副局长", "缺席"):
        assert expected in text, expected


async def test_meeting_lists_sign_in_sheets_and_decided_items_export_as_xlsx(desk):
    desk.at("2026-09-01")
    meeting = await held_meeting(desk, "2026-09-03", heads={"交通局": "张局长"})
    await desk.client.put(f"/api/v1/meetings/{meeting['id']}/attendance", headers=desk.office, json={"records": [
        {"unit_id": desk.units["交通局"], "attendee_name": "张局长"}]})
    await desk.client.put(f"/api/v1/meetings/{meeting['id']}/minutes", headers=desk.office, json={
        "decided_items": [{"title": "完成取土场用地报批", "owner_unit_id": desk.units["自然资源局"],
                           "due_date": "2026-09-20"}]})
    await desk.client.post(f"/api/v1/meetings/{meeting['id']}/minutes/publication", headers=desk.office)
    listed = await desk.client.get("/api/v1/meetings/export.xlsx", headers=desk.office,
                                   params={"region_code": REGION, "month": "2026-09"})
    assert (listed.status_code, listed.headers["content-type"]) == (200, XLSX)
    rows = rows_of(listed.content)  # a title, the region line, then the header
    assert rows[2][:5] == ("序号", "日期", "时间", "会议类型", "会议名称")
    assert rows[3][1:9] == (datetime(2026, 9, 3), time(9, 0), "协调会", "项目协调会",
                            "栾川县重点项目建设领导小组办公室", "王副县长", "县政府三楼会议室", "纪要已印发")
    sheet = rows_of((await desk.client.get(f"/api/v1/meetings/{meeting['id']}/attendance.xlsx",
                                           headers=desk.office)).content)
    assert sorted(r[1:7] for r in sheet[3:5]) == [  # 签名 (the sixth) is left to sign in by hand
        ("栾川县交通运输局", "通知参会单位", "张局长", "张局长", None, "主要负责人出席"),
        ("栾川县发展和改革委员会", "通知参会单位", None, None, None, "未登记")]  # empty cells read back as None
    items = rows_of((await desk.client.get("/api/v1/decided-items/export.xlsx", headers=desk.office,
                                           params={"region_code": REGION})).content)
    assert items[3][1:5] == ("完成取土场用地报批", "栾川县自然资源局", datetime(2026, 9, 20), "办理中")
    no_period = await desk.client.get("/api/v1/meetings/export.xlsx", headers=desk.office,
                                      params={"region_code": REGION})
    assert no_period.status_code == 400
