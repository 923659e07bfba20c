"""Documents of attendance: the sign-in sheet (签到表, .xlsx) and the bulletin of unexcused absences and
proxies (会议出勤情况通报, .docx)."""

from __future__ import annotations

import uuid
from datetime import date

from tuijin.kernel.documents import excel
from tuijin.kernel.documents.excel import Column
from tuijin.kernel.documents.word import DocumentFormat, OfficialDocument, cn_date, cn_range
from tuijin.meetings.attendance.enums import AttendanceStatus
from tuijin.meetings.attendance.schemas import AttendanceOut, AttendanceRecordOut, UnitAttendanceStats
from tuijin.meetings.scheduling.enums import InvitationKind
from tuijin.meetings.scheduling.models import Meeting

SIGN_IN_COLUMNS = [
    Column("序号", "integer", width=6),
    Column("单位", width=28),
    Column("参会方式", width=12),
    Column("应到人员", width=14),
    Column("实到人员", width=14),
    Column("签名", "sign", width=26),
    Column("出勤情况", width=16),
    Column("备注", width=20),
]


def attendance_workbook(meeting: Meeting, attendance: list[AttendanceOut], names: dict[uuid.UUID, str], *,
                        region: str) -> bytes:
    """签到表: one row per invited unit with who is expected, who came, a 签名 cell wide and tall enough to sign in
    by hand and the status; the meeting's date, time and place under the title."""
    rows = [
        [i, names.get(a.unit_id, "（单位未知）"), InvitationKind(a.kind), a.expected_attendee, a.attendee_name, None,
         AttendanceStatus(a.status) if a.status else "未登记", a.note]
        for i, a in enumerate(attendance, start=1)
    ]
    when = f"{excel.chinese_date(meeting.meeting_date)} {meeting.start_time.strftime('%H:%M')}"
    table = excel.Table("签到表", f"{meeting.title}签到表", SIGN_IN_COLUMNS, rows, region=region,
                        period=when + (f"，{meeting.place}" if meeting.place else ""),
                        notes=[f"应到单位{len(rows)}个。"])
    return excel.workbook([table])


def bulletin_title(date_from: date, date_to: date) -> str:
    """关于2026年11月重点项目会议出勤情况的通报."""
    return f"关于{cn_range(date_from, date_to)}重点项目会议出勤情况的通报"


def attendance_bulletin(rows: list[AttendanceRecordOut], stats: list[UnitAttendanceStats],
                        names: dict[uuid.UUID, str], date_from: date, date_to: date, fmt: DocumentFormat,
                        number: str, on: date) -> bytes:
    """会议出勤情况通报 (GB/T 9704, 文件 format): the red header and 字号, the title with the period in words, 主送
    every unit, the unexcused absences and proxies of the period as a table, each unit's counts, the signature,
    the date in Chinese and the 版记."""
    doc = OfficialDocument()
    doc.header(fmt.issuer, number=number)
    doc.title(bulletin_title(date_from, date_to))
    doc.recipients(fmt.main_recipients)
    absent = sum(1 for r in rows if r.status == AttendanceStatus.absent.value)
    proxy = sum(1 for r in rows if r.status == AttendanceStatus.proxy.value)
    doc.paragraph(f"{cn_range(date_from, date_to)}，全县重点项目各类会议中，无故缺席{absent}次、替会{proxy}次。"
                  "按照“主要负责同志必须参会、不得替会”的要求，现将有关情况通报如下：")
    doc.heading("一、无故缺席和替会情况")
    if rows:
        doc.table(["会议日期", "会议名称", "单位", "应到人员", "实到人员", "情况"], [
            [cn_date(r.meeting_date), r.meeting_title, names.get(r.unit_id, ""), r.expected_attendee or "—",
             r.attendee_name or "—", AttendanceStatus(r.status).label] for r in rows
        ], widths=[3, 4, 4, 2, 2, 2])
    else:
        doc.paragraph("本期无无故缺席和替会情况。")
    doc.heading("二、各单位出勤统计")
    if stats:
        doc.table(["单位", "应参会", "出席", "请假", "缺席", "替会"], [
            [names.get(s.unit_id, ""), str(s.expected), str(s.present), str(s.on_leave), str(s.absent),
             str(s.proxy)] for s in stats
        ], widths=[5, 2, 2, 2, 2, 2])
    else:
        doc.paragraph("本期无应参会记录。")
    if absent or proxy:
        doc.paragraph("请被通报单位认真反思，严格落实会议纪律，确保主要负责同志按时参会。")
    doc.signature(fmt.seal_authority, on)
    doc.imprint(fmt.printer, on, fmt.copy_to)
    return doc.save()
