"""Word (.docx) documents: the meeting notice (会议通知), the minutes (会议纪要) and the attendance bulletin
(会议出勤情况通报)."""

from __future__ import annotations

import io
import uuid
from datetime import date
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from fastapi import Response

from tuijin.kernel.validation import xml_safe
from tuijin.meetings.agendas.models import AgendaItem
from tuijin.meetings.attendance.enums import AttendanceStatus
from tuijin.meetings.attendance.schemas import AttendanceRecordOut, UnitAttendanceStats
from tuijin.meetings.exports.xlsx import attachment as _attachment
from tuijin.meetings.minutes.enums import MinutesStatus, Outcome
from tuijin.meetings.minutes.schemas import MinutesOut
from tuijin.meetings.scheduling.enums import MeetingType
from tuijin.meetings.scheduling.models import Invitation, Meeting

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCX_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "a Word document (.docx), as an attachment with a file name",
        "content": {DOCX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
    }
}
BODY_FONT = "仿宋"
TITLE_FONT = "方正小标宋简体"


def attachment(content: bytes, filename: str, fallback: str) -> Response:
    return _attachment(content, filename, fallback, DOCX_MEDIA_TYPE)


def _document() -> Any:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), BODY_FONT)
    return doc


def _title(doc: Any, text: str) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(xml_safe(text))
    run.bold = True
    run.font.size = Pt(20)
    run.font.name = TITLE_FONT
    run.element.rPr.rFonts.set(qn("w:eastAsia"), TITLE_FONT)


def _heading(doc: Any, text: str) -> None:
    p = doc.add_paragraph()
    p.add_run(xml_safe(text)).bold = True


def _table(doc: Any, headers: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = xml_safe(text)
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = xml_safe(text)


def _save(doc: Any) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _when(meeting: Meeting) -> str:
    d = meeting.meeting_date
    return f"{d.year}年{d.month}月{d.day}日 {meeting.start_time.strftime('%H:%M')}"


def notice_document(meeting: Meeting, invitations: list[Invitation], agenda: list[AgendaItem],
                    names: dict[uuid.UUID, str]) -> bytes:
    """会议通知: time, place, chair, who attends, the agenda, and the attendance rules of the seeds."""
    doc = _document()
    _title(doc, f"关于召开{meeting.title}的通知")
    convener = names.get(meeting.convener_unit_id, "")
    doc.add_paragraph(xml_safe(f"经研究，定于{_when(meeting)}召开{meeting.title}（{MeetingType(meeting.meeting_type).label}）。"
                      "现将有关事项通知如下："))
    _heading(doc, "一、会议时间和地点")
    doc.add_paragraph(xml_safe(f"时间：{_when(meeting)}；地点：{meeting.place or '另行通知'}。"))
    _heading(doc, "二、主持人")
    doc.add_paragraph(xml_safe(meeting.chair_name or "另行确定"))
    _heading(doc, "三、参会单位和人员")
    fixed = [names.get(i.unit_id, str(i.unit_id)) for i in invitations if i.kind == "fixed"]
    noticed = [names.get(i.unit_id, str(i.unit_id)) for i in invitations if i.kind != "fixed"]
    if fixed:
        doc.add_paragraph(xml_safe("固定参会单位：" + "、".join(fixed) + "。"))
    if noticed:
        doc.add_paragraph(xml_safe("通知参会单位：" + "、".join(noticed) + "。"))
    doc.add_paragraph("各单位主要负责同志参加。")
    _heading(doc, "四、会议议程")
    if agenda:
        _table(doc, ["序号", "议题", "汇报单位", "时长（分钟）"], [
            [str(i.position), i.title, names.get(i.presenter_unit_id, i.presenter_name) if i.presenter_unit_id
             else i.presenter_name, str(i.duration_minutes)] for i in agenda
        ])
    else:
        doc.add_paragraph("议程另行通知。")
    _heading(doc, "五、有关要求")
    due = f"请于{meeting.submission_due_date}前" if meeting.submission_due_date else "请于会前"
    doc.add_paragraph(xml_safe(f"1.{due}将本单位项目进展情况、存在问题和需协调事项报送{convener or '召集单位'}。"))
    doc.add_paragraph("2.参会人员须为单位主要负责同志，不得替会；确因特殊情况不能参会的，须向召集单位请假并经同意。")
    doc.add_paragraph("3.无故缺席或替会的，将予以通报。")
    p = doc.add_paragraph(xml_safe(convener))
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return _save(doc)


OUTCOME_TEXT = {
    Outcome.solved.value: "当场协调解决",
    Outcome.assigned.value: "交办",
    Outcome.escalated.value: "提交上一级会议研究",
    Outcome.deferred.value: "暂缓",
}


def minutes_document(meeting: Meeting, minutes: MinutesOut, agenda: list[AgendaItem],
                     names: dict[uuid.UUID, str]) -> bytes:
    """会议纪要: the meeting, per agenda item what was decided, the decided items, addenda and distribution."""
    doc = _document()
    _title(doc, f"{meeting.title}纪要" + ("（草稿）" if minutes.status == MinutesStatus.draft.value else ""))
    doc.add_paragraph(xml_safe(f"{_when(meeting)}，{meeting.chair_name or ''}在{meeting.place or ''}主持召开"
                               f"{meeting.title}。现将会议议定事项纪要如下："))
    if minutes.summary:
        doc.add_paragraph(xml_safe(minutes.summary))
    titles = {i.id: i.title for i in agenda}
    _heading(doc, "一、议题研究情况")
    for n, o in enumerate(minutes.outcomes, start=1):
        text = f"{n}. {titles.get(o.agenda_item_id, '')}：{OUTCOME_TEXT[o.outcome]}"
        if o.outcome == Outcome.assigned.value:
            text += f"{names.get(o.unit_id, '')}，于{o.deadline}前完成"
        doc.add_paragraph(xml_safe(text + (f"。{o.note}" if o.note else "。")))
    _heading(doc, "二、议定事项")
    if minutes.decided_items:
        _table(doc, ["序号", "事项", "责任单位", "完成时限"], [
            [str(d.seq), d.title, names.get(d.owner_unit_id, str(d.owner_unit_id)), d.due_date.isoformat()]
            for d in minutes.decided_items
        ])
    elif minutes.draft_decided_items:
        _table(doc, ["事项", "责任单位", "完成时限"], [
            [d.title, names.get(d.owner_unit_id, str(d.owner_unit_id)), d.due_date.isoformat()]
            for d in minutes.draft_decided_items
        ])
    else:
        doc.add_paragraph("无。")
    for a in minutes.addenda:
        _heading(doc, f"补充更正（{a.seq}）")
        doc.add_paragraph(xml_safe(a.text))
    if minutes.distribution:
        recipients = "、".join(r.name or names.get(r.unit_id, "") for r in minutes.distribution)
        doc.add_paragraph(xml_safe(f"分送：{recipients}。"))
    if minutes.published_at:
        p = doc.add_paragraph(xml_safe(f"{minutes.published_at.date()}印发"))
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return _save(doc)


def attendance_bulletin(rows: list[AttendanceRecordOut], stats: list[UnitAttendanceStats],
                        names: dict[uuid.UUID, str], date_from: date, date_to: date) -> bytes:
    """会议出勤情况通报: the unexcused absences and proxies of the period, and each unit's counts."""
    doc = _document()
    _title(doc, "关于重点项目会议出勤情况的通报")
    absent = sum(1 for r in rows if r.status == AttendanceStatus.absent.value)
    proxy = sum(1 for r in rows if r.status == AttendanceStatus.proxy.value)
    doc.add_paragraph(xml_safe(f"{date_from}至{date_to}，各类重点项目会议中无故缺席{absent}次、替会{proxy}次。"
                      "按照“主要负责同志必须参会、不得替会”的要求，现予通报："))
    if rows:
        _table(doc, ["会议日期", "会议名称", "单位", "应到人员", "实到人员", "情况"], [
            [r.meeting_date.isoformat(), r.meeting_title, names.get(r.unit_id, str(r.unit_id)), r.expected_attendee,
             r.attendee_name, AttendanceStatus(r.status).label] for r in rows
        ])
    else:
        doc.add_paragraph("本期无无故缺席和替会情况。")
    _heading(doc, "各单位出勤统计")
    _table(doc, ["单位", "应参会", "出席", "请假", "缺席", "替会"], [
        [names.get(s.unit_id, str(s.unit_id)), str(s.expected), str(s.present), str(s.on_leave), str(s.absent),
         str(s.proxy)] for s in stats
    ])
    return _save(doc)
