"""Helpers of the 一览表 tests: workbooks built in memory with openpyxl, and the upload call."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook

from tuijin.registry.project_lists.table import HEADERS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YEAR = 2026


def make_xlsx(rows: list[dict[str, Any]], headers: list[str] | tuple[str, ...] = HEADERS,
              title: str | None = "栾川县2026年重点项目一览表") -> bytes:
    """A workbook with an optional title row, the header row, then one row per dict (by header)."""
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(list(headers))
    for row in rows:
        ws.append([row.get(h) for h in headers])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def read_xlsx(data: bytes) -> list[list[Any]]:
    ws = load_workbook(BytesIO(data)).worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def row(**overrides: Any) -> dict[str, Any]:
    """A valid row naming the county fixture's units, system and post."""
    values = {
        "序号": 1, "项目编号": "LC-001", "项目名称": "栾川至城关道路改建", "所属体系": "现代基础设施体系",
        "所在乡镇": "城关镇", "建设性质": "新开工", "总投资(万元)": 12000, "年度计划投资(万元)": 5000,
        "建设内容": "新建道路12公里", "责任单位": "栾川县交通运输局", "责任领导(职务)": "副县长（分管交通）",
        "计划开工时间": "2026年3月", "计划竣工时间": "2027-06-30",
    }
    values.update(overrides)
    return values


async def upload(county, data: bytes, *, year: int = YEAR, headers: dict[str, str] | None = None,
                 region: str = "410324", name: str = "一览表.xlsx"):
    return await county.client.post(
        f"/api/v1/project-lists/{region}/{year}/imports",
        files={"file": (name, data, XLSX)},
        headers=county.office if headers is None else headers,
    )
