"""Documents of scheduling: the meeting notice (会议通知, .docx) and the meeting list (会议安排表, .xlsx)."""

from __future__ import annotations

import uuid
from datetime import date

from tuijin.kernel.documents import excel
from tuijin.kernel.documents.excel import Column
from tuijin.kernel.validation import xml_safe
from tuijin.meetings import documents as kit
from tuijin.meetings.agendas.models import AgendaItem
from tuijin.meetings.scheduling.enums import MeetingStatus, MeetingType
from tuijin.meetings.scheduling.models import Invitation, Meeting


def notice_document(meeting: Meeting, invitations: list[Invitation], agenda: list[AgendaItem],
                    names: dict[uuid.UUID, str]) -> bytes:
    """会议通知: time, place, chair, who attends, the agenda, and the attendance rules of the seeds."""
    doc = kit.document()
    kit.title(doc, f"关于召开{meeting.title}的通知")
    convener = names.get(meeting.convener_unit_id, "")
    doc.add_paragraph(xml_safe(f"经研究，定于{kit.when(meeting)}召开{meeting.title}（{MeetingType(meeting.meeting_type).label}）。"
                      "现将有关事项通知如下："))
    kit.heading(doc, "一、会议时间和地点")
    doc.add_paragraph(xml_safe(f"时间：{kit.when(meeting)}；地点：{meeting.place or '另行通知'}。"))
    kit.heading(doc, "二、主持人")
    doc.add_paragraph(xml_safe(meeting.chair_name or "另行确定"))
    kit.heading(doc, "三、参会单位和人员")
    fixed = [names.get(i.unit_id, str(i.unit_id)) for i in invitations if i.kind == "fixed"]
    noticed = [names.get(i.unit_id, str(i.unit_id)) for i in invitations if i.kind != "fixed"]
    if fixed:
        doc.add_paragraph(xml_safe("固定参会单位：" + "、".join(fixed) + "。"))
    if noticed:
        doc.add_paragraph(xml_safe("通知参会单位：" + "、".join(noticed) + "。"))
    doc.add_paragraph("各单位主要负责同志参加。")
    kit.heading(doc, "四、会议议程")
    if agenda:
        kit.table(doc, ["序号", "议题", "汇报单位", "时长（分钟）"], [
            [str(i.position), i.title, names.get(i.presenter_unit_id, i.presenter_name) if i.presenter_unit_id
             else i.presenter_name, str(i.duration_minutes)] for i in agenda
        ])
    else:
        doc.add_paragraph("议程另行通知。")
    kit.heading(doc, "五、有关要求")
    due = f"请于{meeting.submission_due_date}前" if meeting.submission_due_date else "请于会前"
    doc.add_paragraph(xml_safe(f"1.{due}将本单位项目进展情况、存在问题和需协调事项报送{convener or '召集单位'}。"))
    doc.add_paragraph("2.参会人员须为单位主要负责同志，不得替会；确因特殊情况不能参会的，须向召集单位请假并经同意。")
    doc.add_paragraph("3.无故缺席或替会的，将予以通报。")
    p = doc.add_paragraph(xml_safe(convener))
    p.alignment = kit.RIGHT
    return kit.save_document(doc)


MEETING_COLUMNS = [
    Column("序号", "integer", width=6),
    Column("日期", "date"),
    Column("时间", "time", width=8),
    Column("会议类型", width=18),
    Column("会议名称", width=30),
    Column("召集单位", width=24),
    Column("主持人", width=10),
    Column("地点", width=20),
    Column("状态", width=12),
    Column("调整", width=16),
    Column("取消原因", width=20),
]


def meetings_workbook(meetings: list[Meeting], names: dict[uuid.UUID, str], date_from: date, date_to: date, *,
                      region: str) -> bytes:
    """会议安排表: one row per meeting, its type and status by their labels, the date as a date."""
    rows = [
        [i, m.meeting_date, m.start_time, MeetingType(m.meeting_type), m.title,
         names.get(m.convener_unit_id, "（单位未知）"), m.chair_name, m.place, MeetingStatus(m.status),
         f"由{excel.chinese_date(m.shifted_from)}顺延" if m.shifted_from else "", m.cancel_reason]
        for i, m in enumerate(meetings, start=1)
    ]
    period = f"{excel.chinese_date(date_from)}至{excel.chinese_date(date_to)}"
    table = excel.Table("会议安排", f"{region}重点项目会议安排表", MEETING_COLUMNS, rows, region=region,
                        period=period, notes=[f"共{len(rows)}次会议。"])
    return excel.workbook([table])
