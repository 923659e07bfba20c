"""Excel (.xlsx) exports: the meeting list, a meeting's sign-in sheet and the decided-item list."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from urllib.parse import quote

from fastapi import Response
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tuijin.kernel.validation import xml_safe_row
from tuijin.meetings.attendance.enums import AttendanceStatus
from tuijin.meetings.attendance.schemas import AttendanceOut
from tuijin.meetings.minutes.enums import DecidedItemStatus
from tuijin.meetings.minutes.schemas import DecidedItemOut
from tuijin.meetings.scheduling.enums import InvitationKind, MeetingStatus, MeetingType
from tuijin.meetings.scheduling.models import Meeting

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "an Excel workbook (.xlsx), as an attachment with a file name",
        "content": {XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
    }
}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def content_disposition(filename: str, fallback: str) -> str:
    """``attachment`` with an ASCII ``filename`` and the real (Chinese) name as ``filename*`` (RFC 6266)."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def attachment(content: bytes, filename: str, fallback: str, media_type: str = XLSX_MEDIA_TYPE) -> Response:
    return Response(content, media_type=media_type,
                    headers={"Content-Disposition": content_disposition(filename, fallback)})


def _sheet(wb: Workbook, title: str, caption: str, headers: Sequence[str], rows: Iterable[Sequence[Any]],
           widths: Sequence[int]) -> None:
    ws = wb.active
    ws.title = title
    ws.append(xml_safe_row([caption]))
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.append(xml_safe_row(headers))
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        ws.append(xml_safe_row(row))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A3"


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def meetings_workbook(meetings: list[Meeting], names: dict[uuid.UUID, str], date_from: date, date_to: date) -> bytes:
    """会议安排表: one row per meeting."""
    wb = Workbook()
    rows = (
        [i, m.meeting_date.isoformat(), m.start_time.strftime("%H:%M"), MeetingType(m.meeting_type).label, m.title,
         names.get(m.convener_unit_id, str(m.convener_unit_id)), m.chair_name, m.place,
         MeetingStatus(m.status).label, f"由{m.shifted_from}顺延" if m.shifted_from else "",
         m.cancel_reason]
        for i, m in enumerate(meetings, start=1)
    )
    _sheet(wb, "会议安排", f"会议安排表（{date_from}至{date_to}）",
           ["序号", "日期", "时间", "会议类型", "会议名称", "召集单位", "主持人", "地点", "状态", "调整", "取消原因"],
           rows, [6, 12, 8, 18, 30, 24, 10, 20, 12, 16, 20])
    return _save(wb)


def attendance_workbook(meeting: Meeting, attendance: list[AttendanceOut], names: dict[uuid.UUID, str]) -> bytes:
    """签到表: one row per invited unit with who was expected, who came and the status."""
    wb = Workbook()
    rows = (
        [i, names.get(a.unit_id, str(a.unit_id)), InvitationKind(a.kind).label, a.expected_attendee, a.attendee_name,
         AttendanceStatus(a.status).label if a.status else "未登记", a.note]
        for i, a in enumerate(attendance, start=1)
    )
    _sheet(wb, "签到表", f"{meeting.title}（{meeting.meeting_date} {meeting.start_time.strftime('%H:%M')}）签到表",
           ["序号", "单位", "参会方式", "应到人员", "实到人员", "出勤情况", "备注"], rows, [6, 28, 14, 12, 12, 20, 24])
    return _save(wb)


def decided_items_workbook(items: list[DecidedItemOut], names: dict[uuid.UUID, str], on: date) -> bytes:
    """议定事项清单: one row per decided item with its owner unit, due date and status."""
    wb = Workbook()
    rows = (
        [i, d.title, names.get(d.owner_unit_id, str(d.owner_unit_id)), d.due_date.isoformat(),
         DecidedItemStatus(d.status).label, "是" if d.is_overdue else "", d.done_on.isoformat() if d.done_on else ""]
        for i, d in enumerate(items, start=1)
    )
    _sheet(wb, "议定事项", f"议定事项清单（截至{on}）",
           ["序号", "事项", "责任单位", "完成时限", "办理状态", "是否超期", "办结日期"], rows,
           [6, 50, 26, 12, 10, 10, 12])
    return _save(wb)
