"""Documents of minutes: the minutes (会议纪要, .docx) and the decided-item list (议定事项清单, .xlsx)."""

from __future__ import annotations

import uuid
from datetime import date

from tuijin.kernel.documents import excel
from tuijin.kernel.documents.excel import Column
from tuijin.kernel.documents.word import DocumentFormat, OfficialDocument, cn_date, cn_numeral
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
                     names: dict[uuid.UUID, str], fmt: DocumentFormat, number: str = "",
                     printed_on: date | None = None) -> bytes:
    """会议纪要 (GB/T 9704, 纪要 format): the red 纪要 mark and 字号, the title, the meeting, per agenda item what was
    decided, the decided items as a table, addenda, and the 版记 with the distribution (分送) and the 印发 date in
    Chinese. A section with nothing to say is left out, and the rest numbered without gaps. A draft has no 字号
    and no 版记, and says 草稿 in its title. 纪要 bear no seal: no signature block."""
    draft = minutes.status == MinutesStatus.draft.value
    doc = OfficialDocument()
    doc.header(f"{fmt.issuer}会议纪要", number="" if draft else number, with_wenjian=False)
    doc.title(f"{meeting.title}纪要" + ("（草稿）" if draft else ""))
    chair = f"{meeting.chair_name}在" if meeting.chair_name else ""
    place = meeting.place or ""
    doc.paragraph(f"{kit.when(meeting)}，{chair}{place}主持召开{meeting.title}。现将会议议定事项纪要如下：")
    if minutes.summary.strip():
        doc.paragraph(minutes.summary)
    n = iter("一二三四五六七八九十")
    titles = {i.id: i.title for i in agenda}
    if minutes.outcomes:
        doc.heading(f"{next(n)}、议题研究情况")
        for k, o in enumerate(minutes.outcomes, start=1):
            text = f"（{cn_numeral(k)}）{titles.get(o.agenda_item_id, '')}：{OUTCOME_TEXT[o.outcome]}"
            if o.outcome == Outcome.assigned.value:
                owner = names.get(o.unit_id, "责任单位") if o.unit_id else "责任单位"
                text += f"{owner}" + (f"，于{cn_date(o.deadline)}前完成" if o.deadline else "")
            doc.paragraph(text + (f"。{o.note}" if o.note else "。"))
    if minutes.decided_items:
        doc.heading(f"{next(n)}、议定事项")
        doc.table(["序号", "事项", "责任单位", "完成时限"], [
            [str(d.seq), d.title, names.get(d.owner_unit_id, ""), cn_date(d.due_date)] for d in minutes.decided_items
        ], widths=[1, 6, 3, 3])
    elif minutes.draft_decided_items:
        doc.heading(f"{next(n)}、议定事项")
        doc.table(["序号", "事项", "责任单位", "完成时限"], [
            [str(k), d.title, names.get(d.owner_unit_id, ""), cn_date(d.due_date)]
            for k, d in enumerate(minutes.draft_decided_items, start=1)
        ], widths=[1, 6, 3, 3])
    if minutes.addenda:
        doc.heading(f"{next(n)}、补充更正")
        for a in minutes.addenda:
            doc.paragraph(f"{a.seq}. {a.text}")
    if not draft and printed_on is not None:
        recipients = [r.name or names.get(r.unit_id, "") for r in minutes.distribution] or fmt.copy_to
        doc.imprint(fmt.printer, printed_on, recipients, copy_label="分送")
    return doc.save()


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
