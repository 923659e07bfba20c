"""The duty shortfalls as a workbook (重点项目责任领导和责任单位履职情况统计表, .xlsx): what an office sends with its
monthly notice."""

from __future__ import annotations

import uuid

from tuijin.kernel.documents import excel
from tuijin.kernel.documents.excel import Column
from tuijin.meetings.duties.enums import Duty
from tuijin.meetings.duties.schemas import DutyShortfalls

COLUMNS = [
    Column("序号", "integer", width=6),
    Column("履职事项", width=26),
    Column("责任领导", width=14),
    Column("责任单位", width=24),
    Column("项目", width=30),
    Column("应完成(次)", "integer", width=10, total=True),
    Column("已完成(次)", "integer", width=10, total=True),
    Column("差额(次)", "integer", width=10, total=True),
]


def shortfalls_workbook(answer: DutyShortfalls, units: dict[uuid.UUID, str], *, region: str) -> bytes:
    """One row per duty of a person or unit (and project), those behind first, with the month and whether it is
    closed under the title and the rules in force under the table."""
    rows = sorted(answer.items, key=lambda r: (r.shortfall == 0, list(Duty).index(r.duty), r.person_name or "",
                                               r.project_name or ""))
    year, month = answer.month.split("-")
    rules = answer.rules
    notes = [
        f"履职规则：领导每月到每个项目现场调研督导{rules.leader_visits_per_project_month}次、每月主持召开推进会"
        f"{rules.leader_push_meetings_month}次、每周到每个项目现场{rules.leader_visits_per_project_week}次；"
        f"责任单位每周到每个项目现场{rules.unit_visits_per_project_week}次、每月现场调研"
        f"{rules.unit_visits_per_project_month}次（0为不作要求）。",
        f"有差额的责任领导{answer.people_behind}人、责任单位{answer.units_behind}个。",
    ]
    if not answer.month_closed:
        notes.append(f"本月尚未结束，统计截至{excel.chinese_date(answer.as_of)}。")
    table = excel.Table(
        "履职情况", f"{int(year)}年{int(month)}月重点项目责任领导和责任单位履职情况统计表", COLUMNS,
        [[i, Duty(r.duty), r.person_name or "", units.get(r.unit_id, "") if r.unit_id else "", r.project_name or "",
          r.required, r.done, r.shortfall] for i, r in enumerate(rows, start=1)],
        region=region, period=f"{int(year)}年{int(month)}月", notes=notes,
    )
    return excel.workbook([table])
