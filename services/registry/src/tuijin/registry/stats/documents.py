"""The statistics of a region's yearly list as a print-ready workbook: a summary, one sheet per breakdown
(with a 合计 row), the warning lights and report timeliness by unit (with a 合计 row)."""

from __future__ import annotations

from decimal import Decimal

from starlette.concurrency import run_in_threadpool

from tuijin.kernel.documents import excel
from tuijin.kernel.documents.excel import Column
from tuijin.registry.stats.schemas import Amounts, Group, Statistics

MONEY = ("总投资(万元)", "年度计划投资(万元)", "完成投资(万元)")


def _figures(total: bool) -> list[Column]:
    """项目数 and the 万元 figures (summed in the 合计 row of a breakdown) and the completion rate (never summed:
    a rate of a total is not the sum of the rates)."""
    return [Column("项目数", "integer", total=total), *(Column(m, "money", width=16, total=total) for m in MONEY),
            Column("完成率", "percent")]


def _ratio(percent: Decimal | None) -> Decimal | None:
    """37.50 (%) → 0.375, for a cell formatted as a percentage."""
    return percent / 100 if percent is not None else None


def _values(a: Amounts) -> list:
    return [a.projects, a.total_investment, a.planned_investment, a.completed_investment, _ratio(a.completion_rate)]


def _groups(groups: list[Group]) -> list[list]:
    return [[g.label, *_values(g)] for g in groups]


def statistics_sheets(stats: Statistics, region_name: str) -> list[excel.Table]:
    c = stats.completion
    through = f"截至{excel.chinese_date(c.through)}" if c.through else "尚无到期报表"
    period = f"{stats.year}年（{through}）"
    title = f"{region_name}{stats.year}年重点项目统计"
    common = {"region": region_name, "period": period}
    sheets = [excel.Table("汇总", f"{title}汇总", [Column("项目", width=24), *_figures(False),
                                                  Column("序时进度", "percent")],
                          rows=[["全部重点项目", *_values(stats.totals), _ratio(c.time_progress)]], **common)]
    for name, groups in (("按阶段", stats.by_stage), ("按体系", stats.by_system), ("按乡镇", stats.by_township)):
        sheets.append(excel.Table(name, f"{title}（{name}）", [Column("分组", width=24), *_figures(True)],
                                  rows=_groups(groups), **common))
    # a project may carry several lights: the counts of a light are not summed
    sheets.append(excel.Table("亮灯", f"{title}（亮灯）",
                              [Column("灯"), Column("颜色"), Column("项目数", "integer")],
                              rows=[[x.kind, x.colour, x.projects] for x in stats.by_light], **common))
    s, p = stats.start_rate, stats.procedure_completion
    sheets.append(excel.Table(
        "开工率与手续", f"{title}（开工率、联审联批完成率、到位资金）",
        [Column("指标", width=20), Column("应计数", "integer"), Column("已完成数", "integer"),
         Column("比率", "percent"), Column("说明", width=40)],
        rows=[["开工率", s.planned, s.started, _ratio(s.rate), f"计划新开工项目截至{excel.chinese_date(s.by)}已开工"],
              ["联审联批完成率", p.total, p.done, _ratio(p.rate), f"不需办理的{p.not_needed}项不计"]],
        notes=[f"到位资金：{stats.funds_in_place:,.2f}万元（{through}）"], **common))
    if stats.demolition:
        sheets.append(excel.Table(
            "征迁进展", f"{title}（征迁进展）",
            [Column("项目编号"), Column("项目名称", width=30), Column("报告期末", "date"),
             Column("征迁进展", width=48)],
            rows=[[d.code, d.name, d.period_end, d.progress] for d in stats.demolition], **common))
    if stats.report_timeliness is not None:
        t = stats.report_timeliness
        sheets.append(excel.Table(
            "报送及时率", f"{title}（报送及时率）",
            [Column("责任单位", width=30), *(Column(h, "integer", total=True)
                                          for h in ("应报", "按时", "迟报", "未报", "未到期"))],
            rows=[[u.unit_name, u.expected, u.on_time, u.late, u.missing, u.pending] for u in t.units],
            region=region_name, period=f"{period}，报送期{t.period}",
        ))
    return sheets


async def statistics_workbook(stats: Statistics, region_name: str) -> bytes:
    return await run_in_threadpool(excel.workbook, statistics_sheets(stats, region_name))
