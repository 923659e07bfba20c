"""The meetings service's Word documents (the notice, the minutes, the attendance bulletin) in the
official-document format of GB/T 9704: read back with python-docx and checked for the page, the grid, the
fonts, the red header, the 字号 and its yearly numbering, the Chinese dates, the 版记 and the page numbers."""

from __future__ import annotations

import uuid

from tests.fixtures import official_docx as official
from tests.meetings.conftest import REGION, held_meeting

ISSUER = "栾川县重点项目建设领导小组办公室"
COPY_TO = ["栾川县委办公室", "栾川县人民政府办公室"]


async def notice(desk, meeting: dict) -> bytes:
    resp = await desk.client.get(f"/api/v1/meetings/{meeting['id']}/notice.docx", headers=desk.unit("交通局"))
    assert resp.status_code == 200, resp.text
    return resp.content


async def test_the_notice_is_an_official_document_with_its_number_and_date(desk):
    """会议通知: the red header with 文件, the 字号 (first notice of the year: 1), the invited units as 主送, the
    meeting's day and hour in Chinese, the agenda as a table, the signature and the date, the 版记."""
    desk.at("2026-09-01")
    meeting = await desk.meeting("2026-09-10", submission_due_date="2026-09-03")
    await desk.add_item(meeting, "城区供水管网改造征迁协调", presenter_unit_id=desk.units["城关镇"],
                        duration_minutes=15)
    doc = official.assert_official_format(await notice(desk, meeting))
    official.assert_red_header(doc, f"{ISSUER}文件", "栾重项办〔2026〕1号")
    official.assert_title(doc, "关于召开项目协调会的通知")
    addressees = next(p for p in doc.paragraphs if p.text.endswith("：") and "栾川县交通运输局" in p.text)
    assert set(addressees.text.rstrip("：").split("、")) == {"栾川县交通运输局", "栾川县发展和改革委员会"}
    assert addressees.paragraph_format.first_line_indent is None  # 主送 flush left
    text = official.all_text(doc)
    for expected in ("2026年9月10日（星期四）上午9:00", "城区供水管网改造征迁协调", "不得替会", "请于2026年9月3日前",
                     "参会单位：栾川县"):
        assert expected in text, expected
    assert not official.ISO_DATE.search(text)
    assert doc.tables[0].rows[0].cells[1].text == "议题"
    heading = official.paragraph(doc, "一、会议时间和地点")
    assert official.fonts_of(heading) == {("黑体", 16.0)}
    official.assert_signed(doc, ISSUER, "2026年9月1日")
    official.assert_imprint(doc, ISSUER, "2026年9月1日", COPY_TO)


async def test_a_notice_keeps_its_number_and_the_next_notice_takes_the_next(desk):
    """Numbers run per kind, region and year from an atomic counter; a notice downloaded again keeps its own;
    a new year starts again at 1."""
    desk.at("2026-09-01")
    first = await desk.meeting("2026-09-10")
    second = await desk.meeting("2026-09-11")
    numbers = []
    for meeting in (first, second, first):
        rule = next(p for p in official.read(await notice(desk, meeting)).paragraphs
                    if official.borders(p).get("bottom", {}).get("color") == "FF0000")
        numbers.append(rule.text)
    assert numbers == ["栾重项办〔2026〕1号", "栾重项办〔2026〕2号", "栾重项办〔2026〕1号"]
    desk.at("2027-01-04")
    later = await desk.meeting("2027-01-08")
    official.assert_red_header(official.read(await notice(desk, later)), f"{ISSUER}文件", "栾重项办〔2027〕1号")


async def test_the_header_and_prefix_follow_the_regions_document_format(desk):
    """The issuing authority, the 字号 prefix and the 抄送 are the region's settings (the registry's documents
    policy), not code."""
    resp = await desk.registry.put(f"/api/v1/policies/{REGION}/documents", headers=desk.office, json={
        "issuer": "栾川县人民政府办公室", "meeting_notice_prefix": "栾政办", "copy_to": ["县委办公室"]})
    assert resp.status_code == 200, resp.text
    desk.at("2026-09-01")
    doc = official.read(await notice(desk, await desk.meeting("2026-09-10")))
    official.assert_red_header(doc, "栾川县人民政府办公室文件", "栾政办〔2026〕1号")
    official.assert_imprint(doc, "栾川县人民政府办公室", "2026年9月1日", ["县委办公室"])


async def test_minutes_are_in_the_minutes_format_with_number_and_chinese_date(desk):
    """会议纪要: the red 纪要 mark, 字号 once published, the decided work as a table, 分送 and the 印发 date in
    Chinese in the 版记 (not 2026-09-03印发); a draft says 草稿 and has no number and no 版记."""
    desk.at("2026-09-01")
    meeting = await desk.meeting("2026-09-03", heads={"交通局": "张局长", "发改委": "刘主任"})
    item = await desk.add_item(meeting, "取土场用地", problem_id=str(uuid.uuid4()))
    await desk.advance(meeting, "notice_sent", "agenda_frozen")
    desk.at("2026-09-03", "12:00")
    await desk.advance(meeting, "held")
    resp = await desk.client.put(f"/api/v1/meetings/{meeting['id']}/minutes", headers=desk.office, json={
        "summary": "会议研究了取土场用地问题。", "outcomes": [{
            "agenda_item_id": item["id"], "outcome": "assigned", "unit_id": desk.units["自然资源局"],
            "deadline": "2026-09-30", "note": "完成用地报批"}],
        "distribution": [{"name": "县委办公室"}, {"name": "县政府办公室"}]})
    assert resp.status_code in (200, 201), resp.text
    url = f"/api/v1/meetings/{meeting['id']}/minutes.docx"
    draft = official.assert_official_format((await desk.client.get(url, headers=desk.office)).content)
    official.assert_title(draft, "项目协调会纪要（草稿）")
    assert not any("〔2026〕" in p.text for p in draft.paragraphs)
    assert "印发" not in official.all_text(draft)
    resp = await desk.client.post(f"/api/v1/meetings/{meeting['id']}/minutes/publication", headers=desk.office)
    assert resp.status_code in (200, 201), resp.text
    doc = official.assert_official_format((await desk.client.get(url, headers=desk.office)).content)
    official.assert_red_header(doc, f"{ISSUER}会议纪要", "栾重项办纪〔2026〕1号")
    official.assert_title(doc, "项目协调会纪要")
    text = official.all_text(doc)
    for expected in ("会议研究了取土场用地问题。", "栾川县自然资源局", "2026年9月30日", "完成用地报批",
                     "2026年9月3日（星期四）上午9:00"):
        assert expected in text, expected
    assert not official.ISO_DATE.search(text)
    official.assert_imprint(doc, ISSUER, "2026年9月3日", None)
    assert official.paragraph(doc, "分送：县委办公室，县政府办公室。")


async def test_minutes_without_agenda_outcomes_or_items_print_no_empty_heading(desk):
    desk.at("2026-09-01")
    meeting = await held_meeting(desk, "2026-09-03")
    resp = await desk.client.put(f"/api/v1/meetings/{meeting['id']}/minutes", headers=desk.office,
                                 json={"summary": "会议听取了各单位项目进展情况汇报。"})
    assert resp.status_code in (200, 201), resp.text
    await desk.client.post(f"/api/v1/meetings/{meeting['id']}/minutes/publication", headers=desk.office)
    doc = official.read((await desk.client.get(f"/api/v1/meetings/{meeting['id']}/minutes.docx",
                                               headers=desk.office)).content)
    headings = [p.text for p in doc.paragraphs if p.runs and official.east_asia(p.runs[0]) == "黑体"]
    assert headings == []
    assert "无。" not in official.all_text(doc)
    assert "会议听取了各单位项目进展情况汇报。" in official.all_text(doc)


async def test_the_attendance_bulletin_is_a_numbered_notice_of_the_month(desk):
    """出勤通报: title with the month in words, 主送 every unit, the absences and proxies and each unit's counts as
    tables with Chinese labels and dates, its own 字号 sequence, the signature and date, the 版记."""
    desk.at("2026-09-01")
    meeting = await desk.meeting("2026-09-03", heads={"交通局": "张局长", "发改委": "刘主任"})
    await desk.advance(meeting, "notice_sent", "agenda_frozen")
    desk.at("2026-09-03", "12:00")
    await desk.advance(meeting, "held")
    await desk.client.put(f"/api/v1/meetings/{meeting['id']}/attendance", headers=desk.office, json={"records": [
        {"unit_id": desk.units["交通局"], "attendee_name": "李副局长"}, {"unit_id": desk.units["发改委"]}]})
    desk.at("2026-10-08")
    resp = await desk.client.get("/api/v1/attendance/bulletin.docx", headers=desk.office,
                                 params={"region_code": REGION, "month": "2026-09"})
    assert resp.status_code == 200, resp.text
    doc = official.assert_official_format(resp.content)
    official.assert_red_header(doc, f"{ISSUER}文件", "栾重项办勤〔2026〕1号")
    official.assert_title(doc, "关于2026年9月重点项目会议出勤情况的通报")
    assert official.paragraph(doc, "各乡（镇）人民政府、县直各有关单位：")
    text = official.all_text(doc)
    for expected in ("无故缺席1次、替会1次", "栾川县交通运输局", "李副局长", "2026年9月3日", "替会", "缺席"):
        assert expected in text, expected
    assert not official.ISO_DATE.search(text)
    official.assert_signed(doc, ISSUER, "2026年10月8日")
    official.assert_imprint(doc, ISSUER, "2026年10月8日", COPY_TO)
