"""Exports of a run: the ranking as .xlsx (排名表) and the notice as .docx (通报)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from docx import Document
from docx.shared import Pt
from fastapi import Response
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from tuijin.kernel.validation import xml_safe, xml_safe_row
from tuijin.scoring.runs.compute import fmt, q
from tuijin.scoring.runs.enums import RunStatus
from tuijin.scoring.runs.models import Result, Run
from tuijin.scoring.runs.schemas import PraiseCriticismOut
from tuijin.scoring.schemes.models import Scheme

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(content: bytes, filename: str, fallback: str, media_type: str) -> Response:
    """``attachment`` with an ASCII ``filename`` and the real (Chinese) name as ``filename*`` (RFC 6266)."""
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})


def ranking_xlsx(run: Run, scheme: Scheme, dimensions: list[dict[str, Any]], results: list[Result]) -> bytes:
    """One row per subject, best first: rank, name, each dimension's score, total; a second sheet with the
    explanations."""
    wb = Workbook()
    ws = wb.active
    ws.title = "排名"
    status = "" if run.status == RunStatus.published.value else "（草稿）"
    ws.append(xml_safe_row([f"{scheme.name} {run.period} 排名{status}"]))
    ws["A1"].font = Font(bold=True, size=14)
    header = ["名次", "编号", "名称", *[f"{d['name']}（{d['weight']}）" for d in dimensions], "总分"]
    ws.append(xml_safe_row(header))
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for r in results:
        scores = {d["code"]: Decimal(d["score"]) for d in r.dimensions}
        ws.append(xml_safe_row([r.rank, r.subject_code, r.subject_name,
                                *[float(scores.get(d["code"], 0)) for d in dimensions], float(q(r.total))]))
    ws.column_dimensions["C"].width = 36
    why = wb.create_sheet("计分说明")
    why.append(["名次", "名称", "计分说明"])
    for r in results:
        why.append(xml_safe_row([r.rank, r.subject_name, r.explanation]))
    why.column_dimensions["B"].width = 30
    why.column_dimensions["C"].width = 120
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def notice_docx(run: Run, scheme: Scheme, results: list[Result], lists: PraiseCriticismOut) -> bytes:
    """The notice (通报) of a published ranking: the ranking table, then those praised and those criticised."""
    doc = Document()
    title = doc.add_heading(xml_safe(f"关于{run.period}{scheme.name}结果的通报"), level=1)
    title.alignment = 1
    doc.add_paragraph(xml_safe(f"根据{scheme.name}（第 {run.scheme_version} 版），现将{run.period}评价结果通报如下。"))
    doc.add_heading("一、综合排名", level=2)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("名次", "名称", "总分"), strict=True):
        cell.text = xml_safe(text)
    for r in results:
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text = str(r.rank), xml_safe(r.subject_name), fmt(q(r.total))
    doc.add_heading("二、通报表扬", level=2)
    doc.add_paragraph(xml_safe("、".join(e.subject_name for e in lists.praise) or "无"))
    doc.add_heading("三、通报批评", level=2)
    doc.add_paragraph(xml_safe("、".join(e.subject_name for e in lists.criticism) or "无"))
    for p in doc.paragraphs:
        for run_ in p.runs:
            run_.font.size = Pt(14) if p.style.name.startswith("Heading") else Pt(12)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
