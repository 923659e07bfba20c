"""The ledger as an Excel workbook (问题台账.xlsx)."""

from __future__ import annotations

import io
import uuid

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from tuijin.issues.problems.enums import ProblemCategory, ProblemLevel, ProblemStatus
from tuijin.issues.problems.schemas import ProblemOut
from tuijin.kernel.validation import xml_safe_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

COLUMNS = [
    ("序号", 6),
    ("项目编号", 14),
    ("项目名称", 30),
    ("问题类别", 12),
    ("问题描述", 50),
    ("责任单位", 24),
    ("当前层级", 18),
    ("状态", 14),
    ("提出日期", 12),
    ("答复期限", 12),
    ("解决期限", 12),
    ("答复情况", 40),
    ("解决情况", 40),
    ("销号日期", 12),
]


def ledger_workbook(problems: list[ProblemOut], unit_names: dict[uuid.UUID, str]) -> bytes:
    """One row per problem, with zh-CN labels."""
    wb = Workbook()
    ws = wb.active
    ws.title = "问题台账"
    ws.append(xml_safe_row([c for c, _ in COLUMNS]))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for i, (_, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = width
    for n, p in enumerate(problems, start=1):
        ws.append(
            xml_safe_row([
                n,
                p.project_code,
                p.project_name,
                ProblemCategory(p.category).label,
                p.description,
                unit_names.get(p.responsible_unit_id, str(p.responsible_unit_id)),
                ProblemLevel(p.level).label,
                ProblemStatus(p.status).label,
                p.raised_on,
                p.answer_due_on,
                p.deadline,
                p.answer,
                p.resolution,
                p.closed_on,
            ])
        )
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.column_letter in ("I", "J", "K", "N"):
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
