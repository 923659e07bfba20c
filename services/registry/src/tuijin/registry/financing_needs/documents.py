"""The financing needs list as the office sends it to banks and financial institutions: a print-ready workbook with
the list (合计 row) and the sums by responsible unit and by township."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool

from tuijin.kernel.documents import excel
from tuijin.kernel.documents.excel import Column
from tuijin.registry.financing_needs.enums import FinancingChannel, FinancingStatus
from tuijin.registry.financing_needs.schemas import FinancingNeedOut, FinancingSummary


def financing_sheets(items: list[FinancingNeedOut], summary: FinancingSummary, region_name: str) -> list[excel.Table]:
    title = f"{region_name}{summary.year}年度重点项目融资需求清单"
    common = {"region": region_name, "period": f"{summary.year}年度"}
    rows = [[i, n.project_code, n.project_name, n.responsible_unit_name, n.township_name or "",
             FinancingChannel(n.channel), n.amount, FinancingStatus(n.status), n.note]
            for i, n in enumerate(items, start=1)]
    sheets = [excel.Table("融资需求清单", title, [
        Column("序号", "integer"), Column("项目编号"), Column("项目名称", width=30), Column("责任单位", width=20),
        Column("所在乡镇"), Column("融资渠道", width=18), Column("融资需求(万元)", "money", total=True),
        Column("状态"), Column("备注", width=24)], rows=rows, **common)]
    for name, groups in (("按单位汇总", summary.by_unit), ("按乡镇汇总", summary.by_township)):
        sheets.append(excel.Table(name, f"{title}（{name}）", [
            Column("单位" if name == "按单位汇总" else "乡镇", width=24), Column("项目数", "integer", total=True),
            Column("需求条数", "integer", total=True), Column("融资需求(万元)", "money", total=True),
            Column("其中已落实(万元)", "money", total=True)],
            rows=[[g.label, g.projects, g.needs, g.amount, g.secured_amount] for g in groups], **common))
    return sheets


async def financing_workbook(items: list[FinancingNeedOut], summary: FinancingSummary, region_name: str) -> bytes:
    return await run_in_threadpool(excel.workbook, financing_sheets(items, summary, region_name))
