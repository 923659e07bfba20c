"""Exports: the meeting list, the sign-in sheet and the decided items as .xlsx (the Word documents: see
test_word_documents.py)."""

from __future__ import annotations

import io
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
