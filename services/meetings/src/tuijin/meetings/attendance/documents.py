"""Documents of attendance: the sign-in sheet (签到表, .xlsx) and the bulletin of unexcused absences and
proxies (会议出勤情况通报, .docx)."""

from __future__ import annotations

import uuid
from datetime import date

from openpyxl import Workbook

from tuijin.kernel.validation import xml_safe
from tuijin.meetings import documents as kit
from tuijin.meetings.attendance.enums import AttendanceStatus
from tuijin.meetings.attendance.schemas import AttendanceOut, AttendanceRecordOut, UnitAttendanceStats
from tuijin.meetings.scheduling.enums import InvitationKind
from tuijin.meetings.scheduling.models import Meeting


def attendance_workbook(meeting: Meeting, attendance: list[AttendanceOut], names: dict[uuid.UUID, str]) -> bytes:
    """签到表: one row per invited unit with who was expected, who came and the status."""
    wb = Workbook()
    rows = (
        [i, names.get(a.unit_id, str(a.unit_id)), InvitationKind(a.kind).label, a.expected_attendee, a.attendee_name,
         AttendanceStatus(a.status).label if a.status else "未登记", a.note]
        for i, a in enumerate(attendance, start=1)
    )
    kit.sheet(wb, "签到表", f"{meeting.title}（{meeting.meeting_date} {meeting.start_time.strftime('%H:%M')}）签到表",
           ["序号", "单位", "参会方式", "应到人员", "实到人员", "出勤情况", "备注"], rows, [6, 28, 14, 12, 12, 20, 24])
    return kit.save_workbook(wb)


def attendance_bulletin(rows: list[AttendanceRecordOut], stats: list[UnitAttendanceStats],
                        names: dict[uuid.UUID, str], date_from: date, date_to: date) -> bytes:
    """会议出勤情况通报: the unexcused absences and proxies of the period, and each unit's counts."""
    doc = kit.document()
    kit.title(doc, "关于重点项目会议出勤情况的通报")
    absent = sum(1 for r in rows if r.status == AttendanceStatus.absent.value)
    proxy = sum(1 for r in rows if r.status == AttendanceStatus.proxy.value)
    doc.add_paragraph(xml_safe(f"{date_from}至{date_to}，各类重点项目会议中无故缺席{absent}次、替会{proxy}次。"
                      "按照“主要负责同志必须参会、不得替会”的要求，现予通报："))
    if rows:
        kit.table(doc, ["会议日期", "会议名称", "单位", "应到人员", "实到人员", "情况"], [
            [r.meeting_date.isoformat(), r.meeting_title, names.get(r.unit_id, str(r.unit_id)), r.expected_attendee,
             r.attendee_name, AttendanceStatus(r.status).label] for r in rows
        ])
    else:
        doc.add_paragraph("本期无无故缺席和替会情况。")
    kit.heading(doc, "各单位出勤统计")
    kit.table(doc, ["单位", "应参会", "出席", "请假", "缺席", "替会"], [
        [names.get(s.unit_id, str(s.unit_id)), str(s.expected), str(s.present), str(s.on_leave), str(s.absent),
         str(s.proxy)] for s in stats
    ])
    return kit.save_document(doc)
