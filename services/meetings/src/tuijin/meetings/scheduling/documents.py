"""Documents of scheduling: the meeting notice (会议通知, .docx) and the meeting list (会议安排表, .xlsx)."""

from __future__ import annotations

import uuid
from datetime import date

from tuijin.kernel.documents import excel
from tuijin.kernel.documents.excel import Column
from tuijin.kernel.documents.word import DocumentFormat, OfficialDocument, cn_date
from tuijin.meetings import documents as kit
from tuijin.meetings.agendas.models import AgendaItem
from tuijin.meetings.scheduling.enums import MeetingStatus, MeetingType
from tuijin.meetings.scheduling.models import Invitation, Meeting


def notice_document(meeting: Meeting, invitations: list[Invitation], agenda: list[AgendaItem],
                    names: dict[uuid.UUID, str], fmt: DocumentFormat, number: str, on: date) -> bytes:
    """会议通知 (GB/T 9704, 文件 format): the red header and 字号, the invited units as 主送, time, place, chair, who
    attends, the agenda as a table, the attendance rules of the seeds, the signature, the date and the 版记."""
    doc = OfficialDocument()
    doc.header(fmt.issuer, number=number)
    doc.title(f"关于召开{meeting.title}的通知")
    invited = [names[i.unit_id] for i in invitations if i.unit_id in names]
    doc.recipients(invited)
    convener = names.get(meeting.convener_unit_id, "")
    by = f"由{convener}召集，" if convener and convener != fmt.issuer else ""
    label = MeetingType(meeting.meeting_type).label
    kind = "" if label in meeting.title else f"（{label}）"
    doc.paragraph(f"经研究，定于{kit.when(meeting)}召开{meeting.title}{kind}，{by}现将有关事项通知如下：")
    n = iter("一二三四五六七八九十")
    doc.heading(f"{next(n)}、会议时间和地点")
    doc.paragraph(f"时间：{kit.when(meeting)}。")
    doc.paragraph(f"地点：{meeting.place or '另行通知'}。")
    if meeting.chair_name:
        doc.heading(f"{next(n)}、会议主持")
        doc.paragraph(f"{meeting.chair_name}主持会议。")
    doc.heading(f"{next(n)}、参会单位和人员")
    fixed = [names[i.unit_id] for i in invitations if i.kind == "fixed" and i.unit_id in names]
    noticed = [names[i.unit_id] for i in invitations if i.kind != "fixed" and i.unit_id in names]
    if fixed:
        doc.paragraph("固定参会单位：" + "、".join(fixed) + "。")
    if noticed:
        doc.paragraph("通知参会单位：" + "、".join(noticed) + "。")
    doc.paragraph("各单位主要负责同志参加。")
    doc.heading(f"{next(n)}、会议议程")
    if agenda:
        doc.table(["序号", "议题", "汇报单位", "时长（分钟）"], [
            [str(i.position), i.title,
             names.get(i.presenter_unit_id, i.presenter_name) if i.presenter_unit_id else i.presenter_name,
             str(i.duration_minutes)] for i in agenda
        ], widths=[1, 5, 3, 2])
    else:
        doc.paragraph("议程另行通知。")
    doc.heading(f"{next(n)}、有关要求")
    due = f"请于{cn_date(meeting.submission_due_date)}前" if meeting.submission_due_date else "请于会前"
    doc.paragraph(f"（一）{due}将本单位项目进展情况、存在问题和需协调事项报送{convener or fmt.issuer}。")
    doc.paragraph("（二）参会人员须为单位主要负责同志，不得替会；确因特殊情况不能参会的，须向召集单位请假并经同意。")
    doc.paragraph("（三）无故缺席或替会的，将予以通报。")
    doc.signature(fmt.seal_authority, on)
    doc.imprint(fmt.printer, on, fmt.copy_to)
    return doc.save()


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
