"""Issue 18 on the meetings' workbooks: the meeting list, the sign-in sheet (签到表) and the decided items print
A4 landscape one page wide with the header on every page, borders, labels for codes, dates as dates and Chinese
file names; the sign-in sheet has a 签名 column wide and tall enough to sign in."""

from __future__ import annotations

from tests.meetings.conftest import REGION, held_meeting
from tests.xlsx_checks import chinese_file_name, column, data_rows, header, print_defects, sheets, totals_row
from tuijin.kernel.documents.excel import SIGN_ROW_HEIGHT, SIGN_WIDTH
from tuijin.meetings.attendance.enums import AttendanceStatus
from tuijin.meetings.scheduling.enums import MeetingStatus, MeetingType


async def _downloads(desk) -> dict:
    desk.at("2026-09-01")
    meeting = await held_meeting(desk, "2026-09-03", heads={"交通局": "张局长"})
    await desk.client.put(f"/api/v1/meetings/{meeting['id']}/attendance", headers=desk.office, json={"records": [
        {"unit_id": desk.units["交通局"], "attendee_name": "张局长"}]})
    await desk.client.put(f"/api/v1/meetings/{meeting['id']}/minutes", headers=desk.office, json={
        "decided_items": [{"title": "完成取土场用地报批", "owner_unit_id": desk.units["自然资源局"],
                           "due_date": "2026-09-20"}]})
    await desk.client.post(f"/api/v1/meetings/{meeting['id']}/minutes/publication", headers=desk.office)
    out = {
        "list": await desk.client.get("/api/v1/meetings/export.xlsx", headers=desk.office,
                                      params={"region_code": REGION, "month": "2026-09"}),
        "sign-in": await desk.client.get(f"/api/v1/meetings/{meeting['id']}/attendance.xlsx", headers=desk.office),
        "decided": await desk.client.get("/api/v1/decided-items/export.xlsx", headers=desk.office,
                                         params={"region_code": REGION}),
    }
    for name, resp in out.items():
        assert resp.status_code == 200, (name, resp.text)
    return out


async def test_every_meetings_workbook_is_print_ready_with_a_chinese_file_name(desk):
    downloads = await _downloads(desk)
    names = {k: chinese_file_name(r.headers["content-disposition"]) for k, r in downloads.items()}
    assert names == {"list": "栾川县会议安排2026-09-01至2026-09-30.xlsx", "sign-in": "项目协调会2026-09-03签到表.xlsx",
                     "decided": "栾川县议定事项清单2026-09-03.xlsx"}  # held_meeting moves the clock
    for name, resp in downloads.items():
        for ws in sheets(resp.content).values():
            assert print_defects(ws) == [], name
            assert totals_row(ws) is None, name  # counts of meetings, units and items: no figures to add up
            assert "地区：栾川县" in ws["A2"].value


async def test_the_sign_in_sheet_has_a_signature_column_to_sign_in_by_hand(desk):
    """Issue 18: the sign-in sheet (签到表) had no signature column."""
    ws = sheets((await _downloads(desk))["sign-in"].content)["签到表"]
    assert ws["A1"].value == "项目协调会签到表"
    assert ws["A2"].value.startswith("地区：栾川县　期间：2026年9月3日 09:00，县政府三楼会议室")
    sign = column(ws, "签名")
    assert header(ws)[sign - 2] == "实到人员"
    assert ws.column_dimensions[ws.cell(3, sign).column_letter].width >= SIGN_WIDTH
    rows = data_rows(ws)
    assert len(rows) == 2 and all(r[sign - 1] is None for r in rows)
    assert all(ws.row_dimensions[4 + i].height >= SIGN_ROW_HEIGHT for i in range(len(rows)))
    assert {r[column(ws, "出勤情况") - 1] for r in rows} <= {s.label for s in AttendanceStatus} | {"未登记"}


async def test_the_meeting_list_shows_types_and_statuses_by_label_and_dates_as_dates(desk):
    ws = sheets((await _downloads(desk))["list"].content)["会议安排"]
    row = data_rows(ws)[0]
    assert row[column(ws, "会议类型") - 1] in {t.label for t in MeetingType}
    assert row[column(ws, "状态") - 1] in {s.label for s in MeetingStatus}
    day = ws.cell(4, column(ws, "日期"))
    assert day.is_date and day.number_format == 'yyyy"年"m"月"d"日"'
    assert ws.cell(4, column(ws, "时间")).number_format == "hh:mm"
    decided = sheets((await desk.client.get("/api/v1/decided-items/export.xlsx", headers=desk.office,
                                            params={"region_code": REGION})).content)["议定事项"]
    due = decided.cell(4, column(decided, "完成时限"))
    assert due.is_date and "年" in due.number_format
