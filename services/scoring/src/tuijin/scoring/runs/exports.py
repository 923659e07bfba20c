"""Exports of a run: the ranking as .xlsx (排名表) and the notice as .docx (通报)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from fastapi import Response
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from tuijin.kernel.documents.word import DocumentFormat, OfficialDocument, cn_period
from tuijin.kernel.validation import xml_safe_row
from tuijin.scoring.runs.compute import q
from tuijin.scoring.runs.enums import RunStatus
from tuijin.scoring.runs.models import Result, Run
from tuijin.scoring.runs.schemas import PraiseCriticismOut
from tuijin.scoring.schemes.enums import SubjectKind
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


SUBJECTS = {SubjectKind.project.value: "个重点项目", SubjectKind.department.value: "个县直部门",
            SubjectKind.township.value: "个乡（镇）"}
MAX_DIMENSION_COLUMNS = 4  # more would not fit the type area: the total alone then


def notice_title(run: Run, scheme: Scheme) -> str:
    """关于2026年11月重点项目综合排名情况的通报."""
    return f"关于{cn_period(run.period)}{scheme.name}情况的通报"


def notice_docx(run: Run, scheme: Scheme, dimensions: list[dict[str, Any]], results: list[Result],
                lists: PraiseCriticismOut, fmt: DocumentFormat, number: str, on: date) -> bytes:
    """The notice (通报) of a published ranking in the official-document format (GB/T 9704, 文件 format): the
    region's red header and the notice's 字号, the title with the period in words, 主送, what was ranked, the
    ranking as a table, those praised and those criticised in sentences, the signature, the date in Chinese and
    the 版记."""
    doc = OfficialDocument()
    doc.header(fmt.issuer, number=number)
    doc.title(notice_title(run, scheme))
    doc.recipients(fmt.main_recipients)
    period = cn_period(run.period)
    subjects = SUBJECTS.get(run.subject_kind, "个对象")
    doc.paragraph(f"根据{scheme.name}办法（第{run.scheme_version}版），对全县{len(results)}{subjects}{period}推进情况"
                  "进行了综合评价。现将有关情况通报如下：")
    doc.heading("一、综合排名")
    shown = dimensions if len(dimensions) <= MAX_DIMENSION_COLUMNS else []
    rows = []
    for r in results:
        scores = {d["code"]: Decimal(d["score"]) for d in r.dimensions}
        rows.append([str(r.rank), r.subject_name, *[f"{q(scores.get(d['code'], Decimal(0))):.2f}" for d in shown],
                     f"{q(r.total):.2f}"])
    doc.table(["名次", "名称", *[d["name"] for d in shown], "总分"], rows,
              widths=[1.2, 5, *[2] * len(shown), 1.8])
    doc.heading("二、通报表扬")
    if lists.praise:
        names = "、".join(e.subject_name for e in lists.praise)
        doc.paragraph(f"{period}综合排名前{len(lists.praise)}位的{names}推进有力、成效明显，予以通报表扬。")
    else:
        doc.paragraph("本期无通报表扬对象。")
    doc.heading("三、通报批评")
    if lists.criticism:
        names = "、".join(e.subject_name for e in lists.criticism)
        doc.paragraph(f"{period}综合排名后{len(lists.criticism)}位的{names}推进迟缓，予以通报批评。请被通报批评的单位"
                      "认真查找原因，制定整改措施，加快推进。")
    else:
        doc.paragraph("本期无通报批评对象。")
    doc.signature(fmt.seal_authority, on)
    doc.imprint(fmt.printer, on, fmt.copy_to)
    return doc.save()
