"""The ledger as a print-ready Excel workbook (问题台账.xlsx, :mod:`tuijin.kernel.documents.excel`)."""

from __future__ import annotations

import uuid
from datetime import date

from tuijin.issues.problems.enums import ProblemCategory, ProblemLevel, ProblemStatus
from tuijin.issues.problems.schemas import ProblemOut
from tuijin.kernel.documents import excel
from tuijin.kernel.documents.excel import Column

COLUMNS = [
    Column("序号", "integer", width=6),
    Column("项目编号", width=12),
    Column("项目名称", width=20),
    Column("问题类别", width=12),
    Column("问题描述", width=30),
    Column("责任单位", width=22),
    Column("当前层级", width=16),
    Column("状态", width=14),
    Column("提出日期", "date"),
    Column("答复期限", "date"),
    Column("答复超期", width=10),
    Column("解决期限", "date"),
    Column("答复情况", width=24),
    Column("解决情况", width=24),
    Column("销号日期", "date"),
]


def ledger_workbook(problems: list[ProblemOut], unit_names: dict[uuid.UUID, str], *, region: str,
                    on: date) -> bytes:
    """One row per problem, every code by its zh-CN label (the level by the region's name of it), the unit by
    name; a line under the table counts the problems by status. No 合计 row: nothing in a ledger adds up."""
    rows = [
        [n, p.project_code, p.project_name, ProblemCategory(p.category), p.description,
         unit_names.get(p.responsible_unit_id, "（单位未知）"), p.level_name or ProblemLevel(p.level).label,
         ProblemStatus(p.status),
         p.raised_on, p.answer_due_on, "是" if p.answer_overdue else "", p.deadline, p.answer, p.resolution,
         p.closed_on]
        for n, p in enumerate(problems, start=1)
    ]
    counts = "，".join(f"{s.label}{n}个" for s in ProblemStatus
                      if (n := sum(1 for p in problems if p.status == s.value)))
    table = excel.Table("问题台账", f"{region}重点项目问题台账", COLUMNS, rows, region=region,
                        period=f"截至{excel.chinese_date(on)}",
                        notes=[f"共{len(problems)}个问题" + (f"：{counts}。" if counts else "。")], max_width=24)
    return excel.workbook([table])
