"""Documents of minutes: the minutes (会议纪要, .docx) and the decided-item list (议定事项清单, .xlsx)."""

from __future__ import annotations

import uuid
from datetime import date

from tuijin.kernel.documents import excel
from tuijin.kernel.documents.excel import Column
from tuijin.kernel.validation import xml_safe
from tuijin.meetings import documents as kit
from tuijin.meetings.agendas.models import AgendaItem
from tuijin.meetings.minutes.enums import DecidedItemStatus, MinutesStatus, Outcome
from tuijin.meetings.minutes.schemas import DecidedItemOut, MinutesOut
from tuijin.meetings.scheduling.models import Meeting

OUTCOME_TEXT = {
    Outcome.solved.value: "当场协调解决",
    Outcome.assigned.value: "交办",
    Outcome.escalated.value: "提交上一级会议研究",
    Outcome.deferred.value: "暂缓",
}


def minutes_document(meeting: Meeting, minutes: MinutesOut, agenda: list[AgendaItem],
                     names: dict[uuid.UUID, str]) -> bytes:
    """会议纪要: the meeting, per agenda item what was decided, the decided items, addenda and distribution."""
    doc = kit.document()
    kit.title(doc, f"{meeting.title}纪要" + ("（草稿）" if minutes.status == MinutesStatus.draft.value else ""))
    doc.add_paragraph(xml_safe(f"{kit.when(meeting)}，{meeting.chair_name or ''}在{meeting.place or ''}主持召开"
                               f"{meeting.title}。现将会议议定事项纪要如下："))
    if minutes.summary:
        doc.add_paragraph(xml_safe(minutes.summary))
    titles = {i.id: i.title for i in agenda}
    kit.heading(doc, "一、议题研究情况")
    for n, o in enumerate(minutes.outcomes, start=1):
        text = f"{n}. {titles.get(o.agenda_item_id, '')}：{OUTCOME_TEXT[o.outcome]}"
        if o.outcome == Outcome.assigned.value:
            text += f"{names.get(o.unit_id, '')}，于{o.deadline}前完成"
        doc.add_paragraph(xml_safe(text + (f"。{o.note}" if o.note else "。")))
    kit.heading(doc, "二、议定事项")
    if minutes.decided_items:
        kit.table(doc, ["序号", "事项", "责任单位", "完成时限"], [
            [str(d.seq), d.title, names.get(d.owner_unit_id, str(d.owner_unit_id)), d.due_date.isoformat()]
            for d in minutes.decided_items
        ])
    elif minutes.draft_decided_items:
        kit.table(doc, ["事项", "责任单位", "完成时限"], [
            [d.title, names.get(d.owner_unit_id, str(d.owner_unit_id)), d.due_date.isoformat()]
            for d in minutes.draft_decided_items
        ])
    else:
        doc.add_paragraph("无。")
    for a in minutes.addenda:
        kit.heading(doc, f"补充更正（{a.seq}）")
        doc.add_paragraph(xml_safe(a.text))
    if minutes.distribution:
        recipients = "、".join(r.name or names.get(r.unit_id, "") for r in minutes.distribution)
        doc.add_paragraph(xml_safe(f"分送：{recipients}。"))
    if minutes.published_at:
        p = doc.add_paragraph(xml_safe(f"{minutes.published_at.date()}印发"))
        p.alignment = kit.RIGHT
    return kit.save_document(doc)


DECIDED_COLUMNS = [
    Column("序号", "integer", width=6),
    Column("事项", width=44),
    Column("责任单位", width=26),
    Column("完成时限", "date"),
    Column("办理状态", width=10),
    Column("是否超期", width=10),
    Column("办结日期", "date"),
]


def decided_items_workbook(items: list[DecidedItemOut], names: dict[uuid.UUID, str], on: date, *,
                           region: str) -> bytes:
    """议定事项清单: one row per decided item with its owner unit, due date (a date) and status (its label)."""
    rows = [
        [i, d.title, names.get(d.owner_unit_id, "（单位未知）"), d.due_date, DecidedItemStatus(d.status),
         "是" if d.is_overdue else "", d.done_on]
        for i, d in enumerate(items, start=1)
    ]
    overdue = sum(1 for d in items if d.is_overdue)
    table = excel.Table("议定事项", f"{region}会议议定事项清单", DECIDED_COLUMNS, rows, region=region,
                        period=f"截至{excel.chinese_date(on)}",
                        notes=[f"共{len(rows)}项，其中超期{overdue}项。"])
    return excel.workbook([table])
