"""Exports of a run: the ranking as a print-ready .xlsx (排名表, :mod:`tuijin.kernel.documents.excel`) and the
notice as .docx (通报)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import Response

from tuijin.kernel.documents import downloads, excel
from tuijin.kernel.documents.downloads import DOCX_MEDIA_TYPE as DOCX
from tuijin.kernel.documents.downloads import XLSX_MEDIA_TYPE as XLSX
from tuijin.kernel.documents.excel import Column
from tuijin.kernel.documents.word import DocumentFormat, OfficialDocument, cn_period
from tuijin.scoring.runs.compute import fmt, q
from tuijin.scoring.runs.enums import RunStatus
from tuijin.scoring.runs.models import Result, Run
from tuijin.scoring.runs.schemas import PraiseCriticismOut
from tuijin.scoring.schemes.enums import ProjectStage, SubjectKind
from tuijin.scoring.schemes.models import Scheme

__all__ = ["DOCX", "XLSX", "attachment", "notice_docx", "period_label", "ranking_xlsx"]
_STAGE_CODE = re.compile(r"阶段 (" + "|".join(s.value for s in ProjectStage) + r")(?![a-z_])")
_CN_QUARTERS = {"1": "一", "2": "二", "3": "三", "4": "四"}


def attachment(content: bytes, filename: str, fallback: str, media_type: str | None = None) -> Response:
    """The document under its Chinese name (RFC 6266 ``filename*``) with an ASCII fallback; the media type follows
    the extension (``media_type`` is accepted for the callers that name it)."""
    del media_type
    return downloads.attachment(content, filename, fallback)


def period_label(period: str) -> str:
    """2026-11 → 2026年11月, 2026-B2 → 2026年3—4月, 2026-Q3 → 2026年第三季度, 2026-H1 → 2026年上半年, 2026 → 2026年."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})", period):
        return f"{m[1]}年{int(m[2])}月"
    if m := re.fullmatch(r"(\d{4})-B([1-6])", period):
        return f"{m[1]}年{2 * int(m[2]) - 1}—{2 * int(m[2])}月"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", period):
        return f"{m[1]}年第{_CN_QUARTERS[m[2]]}季度"
    if m := re.fullmatch(r"(\d{4})-H([12])", period):
        return f"{m[1]}年{'上' if m[2] == '1' else '下'}半年"
    if re.fullmatch(r"\d{4}", period):
        return f"{period}年"
    return period


def labelled(explanation: str) -> str:
    """An explanation with any stage code a result computed before stages were labelled shows by its label."""
    return _STAGE_CODE.sub(lambda m: f"阶段 {ProjectStage(m[1]).label}", explanation or "")


def ranking_xlsx(run: Run, scheme: Scheme, dimensions: list[dict[str, Any]], results: list[Result], *,
                 region: str) -> bytes:
    """The ranking (排名), best first: rank, code, name, each dimension's score and the total, with two decimals;
    the explanation sheet (计分说明) one row per subject and dimension, by name and label. Scores are not summed:
    a sum of ranked scores means nothing."""
    draft = "" if run.status == RunStatus.published.value else "（草稿）"
    kinds = {k.value: k.label for k in SubjectKind}
    subject = f"{kinds[run.subject_kind]}名称" if run.subject_kind in kinds else "名称"
    columns = [Column("名次", "integer", width=6), Column("编号", width=12), Column(subject, width=30),
               *(Column(f"{d['name']}\n（{fmt(Decimal(str(d['weight'])))}分）", "score", width=10)
                 for d in dimensions),
               Column(f"总分\n（{fmt(Decimal(str(run.total_points)))}分）", "score", width=10)]
    rows = []
    for r in results:
        scores = {d["code"]: Decimal(str(d["score"])) for d in r.dimensions}
        rows.append([r.rank, r.subject_code, r.subject_name, *(scores.get(d["code"]) for d in dimensions),
                     q(r.total)])
    period = period_label(run.period)
    title = f"{scheme.name}{period}排名{draft}"
    version = f"计分方案：{scheme.name}（第{run.scheme_version}版），满分{fmt(Decimal(str(run.total_points)))}分。"
    ranking = excel.Table("排名", title, columns, rows, region=region, period=period,
                          notes=[version, "名次相同者总分相同；各项得分的计算过程见“计分说明”。"])
    names = {d["code"]: d["name"] for d in dimensions}
    why_rows = [
        [r.rank, r.subject_name, names.get(d["code"], d.get("name", "")), Decimal(str(d["score"])),
         labelled(d.get("explanation", ""))]
        for r in results for d in r.dimensions
    ]
    why = excel.Table("计分说明", f"{title}计分说明",
                      [Column("名次", "integer", width=6), Column(subject, width=30), Column("指标", width=16),
                       Column("得分", "score", width=8), Column("计分说明", width=70)],
                      why_rows, region=region, period=period)
    return excel.workbook([ranking, why])


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
