"""The land demand list as the office sends it: a print-ready workbook with the list (合计 row) and the sums by
responsible unit and by township."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool

from tuijin.kernel.documents import excel
from tuijin.kernel.documents.excel import Column
from tuijin.registry.land_demands.enums import LandKind
from tuijin.registry.land_demands.schemas import LandDemandOut, LandSummary


def land_sheets(items: list[LandDemandOut], summary: LandSummary, region_name: str) -> list[excel.Table]:
    title = f"{region_name}{summary.year}年度重点项目建设用地需求清单"
    common = {"region": region_name, "period": f"{summary.year}年度"}
    rows = [[i, d.project_code, d.project_name, d.responsible_unit_name, d.township_name or "",
             LandKind(d.land_kind), d.area_mu, d.in_plan, d.needed_by, d.note] for i, d in enumerate(items, start=1)]
    sheets = [excel.Table("用地需求清单", title, [
        Column("序号", "integer"), Column("项目编号"), Column("项目名称", width=30), Column("责任单位", width=20),
        Column("所在乡镇"), Column("用地类型"), Column("用地面积(亩)", "money", total=True),
        Column("纳入用地计划"), Column("需用地时间", "date"), Column("备注", width=24)], rows=rows, **common)]
    for name, groups in (("按单位汇总", summary.by_unit), ("按乡镇汇总", summary.by_township)):
        sheets.append(excel.Table(name, f"{title}（{name}）", [
            Column("单位" if name == "按单位汇总" else "乡镇", width=24), Column("项目数", "integer", total=True),
            Column("需求条数", "integer", total=True), Column("用地面积(亩)", "money", total=True),
            Column("其中纳入计划(亩)", "money", total=True)],
            rows=[[g.label, g.projects, g.demands, g.area_mu, g.in_plan_area_mu] for g in groups], **common))
    return sheets


async def land_workbook(items: list[LandDemandOut], summary: LandSummary, region_name: str) -> bytes:
    return await run_in_threadpool(excel.workbook, land_sheets(items, summary, region_name))
