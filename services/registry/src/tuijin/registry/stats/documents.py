"""The statistics of a region's yearly list as a workbook: a summary, one sheet per breakdown, the
warning lights and report timeliness by unit."""

from __future__ import annotations

from decimal import Decimal

from starlette.concurrency import run_in_threadpool

from tuijin.registry.project_lists.table import Sheet, write_workbook
from tuijin.registry.stats.schemas import Amounts, Group, Statistics

FIGURES = ["项目数", "总投资(万元)", "年度计划投资(万元)", "完成投资(万元)", "完成率"]
MONEY = {"总投资(万元)", "年度计划投资(万元)", "完成投资(万元)"}
WIDTHS = {"分组": 24, "项目": 24, "总投资(万元)": 18, "年度计划投资(万元)": 20, "完成投资(万元)": 18, "责任单位": 30}


def _ratio(percent: Decimal | None) -> Decimal | None:
    """37.50 (%) → 0.375, for a cell formatted as a percentage."""
    return percent / 100 if percent is not None else None


def _figures(a: Amounts) -> list:
    return [a.projects, a.total_investment, a.planned_investment, a.completed_investment, _ratio(a.completion_rate)]


def _groups(groups: list[Group]) -> list[list]:
    return [[g.label, *_figures(g)] for g in groups]


def statistics_sheets(stats: Statistics, region_name: str) -> list[Sheet]:
    c = stats.completion
    through = f"截至{c.through.isoformat()}" if c.through else "尚无到期报表"
    heading = f"{region_name}{stats.year}年重点项目统计（{through}，{stats.as_of.isoformat()}制表）"
    sheet = {"title": heading, "widths": WIDTHS, "money_columns": MONEY, "percent_columns": {"完成率", "序时进度"}}
    summary = Sheet("汇总", ["项目", *FIGURES, "序时进度"], **sheet,
                    rows=[["全部重点项目", *_figures(stats.totals), _ratio(c.time_progress)]])
    sheets = [summary]
    for name, groups in (("按阶段", stats.by_stage), ("按体系", stats.by_system), ("按乡镇", stats.by_township)):
        sheets.append(Sheet(name, ["分组", *FIGURES], rows=_groups(groups), **sheet))
    sheets.append(Sheet("亮灯", ["灯", "颜色", "项目数"], title=heading,
                        rows=[[x.kind.label, x.colour.label, x.projects] for x in stats.by_light]))
    if stats.report_timeliness is not None:
        t = stats.report_timeliness
        sheets.append(Sheet(
            "报送及时率", ["责任单位", "应报", "按时", "迟报", "未报", "未到期"],
            title=f"{heading} 报送期：{t.period}", widths=WIDTHS,
            rows=[[u.unit_name, u.expected, u.on_time, u.late, u.missing, u.pending] for u in t.units],
        ))
    return sheets


async def statistics_workbook(stats: Statistics, region_name: str) -> bytes:
    return await run_in_threadpool(write_workbook, statistics_sheets(stats, region_name))
