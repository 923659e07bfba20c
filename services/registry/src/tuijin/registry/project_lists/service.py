"""Rules of the yearly target table (一览表): an import checks every row first and reports every
error at once; only a table without errors is written, in the request's one transaction. Rows match
registered projects by national 项目代码 or local 项目编号 and update them (a re-import never
duplicates); other rows register new projects. The export writes the same columns, so an exported
list can be edited and imported again."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool

from tuijin.kernel.auth import Principal
from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.documents import excel
from tuijin.registry.events import emit
from tuijin.registry.organisation import repository as organisation_repo
from tuijin.registry.organisation.enums import UnitKind
from tuijin.registry.organisation.models import System, Unit
from tuijin.registry.project_lists import repository as repo
from tuijin.registry.project_lists import table as xl
from tuijin.registry.project_lists.enums import RowAction
from tuijin.registry.project_lists.errors import ExportTooLarge, ImportFileInvalid, ImportNotFound, ImportRowsInvalid
from tuijin.registry.project_lists.models import ListImport
from tuijin.registry.project_lists.rows import STAGE_CHOICES, References, RowPlan, load_existing, plan_rows
from tuijin.registry.project_lists.schemas import ImportedRow
from tuijin.registry.projects import repository as core_repo
from tuijin.registry.projects import service as core
from tuijin.registry.projects.enums import Stage
from tuijin.registry.projects.models import Project

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
MAX_EXPORT_ROWS = 20000
EXPORT_CHUNK = 500

COLUMN_NOTES = {
    "序号": "可选，仅供阅读",
    "项目编号": "本地项目编号；与项目代码(国家)至少填写一项；按编号或代码匹配已登记项目，匹配到则更新",
    "项目代码(国家)": "24位项目代码，如 2411-410324-89-01-637015（旧格式以4位年份开头）",
    "项目名称": "必填",
    "所属体系": "本地区已登记的体系名称",
    "所在乡镇": "本地区已登记的乡镇/街道/园区名称",
    "建设地点": "可选，文字",
    "建设性质": "必填：新开工、续建、前期、储备（竣工、投产亦可）",
    "行业": "可选",
    "扶贫项目": "是 / 否",
    "总投资(万元)": "必填，数字，单位万元",
    "年度计划投资(万元)": "必填，数字，单位万元，不超过总投资",
    "建设内容": "建设内容及规模",
    "年度建设目标": "年度形象进度目标",
    "责任单位": "必填，本地区已登记的单位名称或简称",
    "协办单位": "可填多个，用顿号分隔",
    "业主单位": "本地区已登记的单位名称或简称",
    "责任领导(职务)": "职务名称，如 副县长（分管交通）",
    "计划开工时间": "日期，如 2026-03-01 或 2026年3月",
    "计划竣工时间": "日期；只写年月时取当月最后一天",
    "计划投产时间": "日期；只写年月时取当月最后一天",
}


async def get_import(session: AsyncSession, region_code: str, year: int, import_id: uuid.UUID) -> ListImport:
    """An import of the region's table for ``year`` (else 404 ``import_not_found``)."""
    record = await repo.get_import(session, import_id)
    if record is None or record.region_code != region_code or record.year != year:
        raise ImportNotFound("No such import.")
    return record


async def import_table(
    session: AsyncSession,
    *,
    region_code: str,
    year: int,
    data: bytes,
    file_name: str,
    principal: Principal,
) -> ListImport:
    """Read, check and write a yearly target table; raises 422 with every row's errors and writes
    nothing when any row fails."""
    try:
        table = await run_in_threadpool(xl.read_table, data, max_rows=MAX_IMPORT_ROWS)
    except xl.TableError as exc:
        raise ImportFileInvalid(str(exc), errors=exc.errors) from exc
    if not table.rows:
        raise ImportFileInvalid("The table has no project rows.",
                                errors=[{"field": "file", "message": "no project rows", "type": "empty"}])
    refs = References(
        await repo.units_of(session, region_code),
        await repo.systems_of(session, region_code),
        await repo.posts_of(session, region_code),
    )
    existing = await load_existing(session, region_code, year, table)
    plans, errors = plan_rows(table, refs, existing, region_code)
    if errors:
        bad_rows = len({e["field"].split(".")[1] for e in errors})
        raise ImportRowsInvalid(f"{bad_rows} of {len(table.rows)} rows have errors; nothing was imported.",
                                errors=errors)
    results = await _write_rows(session, plans, year, principal)
    record = ListImport(
        region_code=region_code,
        year=year,
        file_name=file_name[:255],
        file_sha256=hashlib.sha256(data).hexdigest(),
        row_count=len(table.rows),
        created_count=sum(r.action is RowAction.created for r in results),
        updated_count=sum(r.action is RowAction.updated for r in results),
        results=[r.model_dump(mode="json") for r in results],
        imported_by=principal.sub,
        imported_at=utcnow(),
    )
    session.add(record)
    await session.flush()
    await emit(
        session,
        "project_list.imported",
        {"import_id": str(record.id), "region_code": region_code, "year": year,
         "created": record.created_count, "updated": record.updated_count},
        region_code,
    )
    return record


async def _write_rows(
    session: AsyncSession, plans: list[RowPlan], year: int, principal: Principal
) -> list[ImportedRow]:
    """Register or update each row's project, its stage and its plan of ``year`` (the rows are valid)."""
    results = []
    reason = f"{year}年重点项目一览表导入"
    for plan in plans:
        project = plan.project
        if plan.create is not None:
            project = await core.create_project(session, plan.create, principal)
            action = RowAction.created
        else:
            assert project is not None
            if plan.new_code:
                project.code = plan.new_code
            if plan.patch is not None:
                await core.patch_project(session, project, plan.patch)
            if plan.to_stage is not None:
                await core.change_stage(session, project, plan.to_stage, reason, None, principal)
            changed = plan.patch is not None or plan.to_stage is not None or plan.year_plan is not None
            action = RowAction.updated if changed else RowAction.unchanged
        if plan.year_plan is not None:
            await core.set_year_plan(session, project, year, plan.year_plan, keep_monthly_plan=True)
        results.append(ImportedRow(row=plan.row, project_id=project.id, code=project.code, action=action))
    return results


# ---------------------------------------------------------------- template and export


def template_sheets(refs: References | None, region: str | None = None) -> list[excel.Table]:
    """The empty 一览表 with its header row, drop-downs for 建设性质 and 扶贫项目 and bordered rows to fill
    in, the column notes and, for a region, the names its cells may use."""
    widths = {c.header: c.width for c in xl.COLUMNS}
    title = f"{region or ''}重点项目一览表（导入模板）"
    sheets = [
        excel.Table("一览表", title, xl.list_columns(list(xl.HEADERS), widths, totals=False), region=region,
                    choices={"建设性质": STAGE_CHOICES, "扶贫项目": ["是", "否"]}, blank_rows=TEMPLATE_ROWS),
        excel.Table("填写说明", "一览表各列填写说明",
                    [excel.Column("列名", width=20), excel.Column("必填", width=6), excel.Column("说明", width=70)],
                    rows=[[c.header, "是" if c.required else "", COLUMN_NOTES.get(c.header, "")]
                          for c in xl.COLUMNS], region=region),
    ]
    if refs is not None:
        columns = [
            [s.name for s in refs.systems],
            sorted(u.name for u in refs.units if u.kind in (UnitKind.township.value, UnitKind.park.value)),
            sorted(u.name for u in refs.units if u.is_active),
            [p.title for p in refs.posts],
        ]
        depth = max((len(c) for c in columns), default=0)
        rows = [[c[i] if i < len(c) else None for c in columns] for i in range(depth)]
        sheets.append(excel.Table(
            "可用名称", "一览表单元格可用名称",
            [excel.Column("所属体系", width=20), excel.Column("所在乡镇", width=16), excel.Column("单位", width=30),
             excel.Column("责任领导(职务)", width=22)], rows=rows, region=region))
    return sheets


TEMPLATE_ROWS = 20
"""Empty bordered rows the template offers to fill in (the drop-downs reach 1,000 rows)."""


async def template(session: AsyncSession, region_code: str | None) -> bytes:
    refs = None
    region = None
    if region_code:
        refs = References(
            await repo.units_of(session, region_code),
            await repo.systems_of(session, region_code),
            await repo.posts_of(session, region_code),
        )
        found = await organisation_repo.get_region(session, region_code)
        region = found.name if found else None
    return await run_in_threadpool(xl.write_workbook, template_sheets(refs, region))


EXPORT_EXTRA = ["责任领导(现任)"]
EXPORT_WIDTHS = {"序号": 6, "项目名称": 20, "建设内容": 22, "年度建设目标": 18}
EXPORT_MAX_WIDTH = 14
"""The printed 一览表 has 22 columns on one A4 page wide: text columns stay narrow and wrap (the names, the
content and the year's target a little wider), every header still shown whole."""


async def export_projects(session: AsyncSession, stmt: Select, *, year: int, title: str,
                          region: str | None = None) -> bytes:
    """The projects of ``stmt`` (the list's filters and the caller's visibility) as a 一览表 with
    ``year``'s plan, 万元 summed in a 合计 row; at most ``MAX_EXPORT_ROWS``, their details read in chunks of a
    fixed size (a fixed number of queries per chunk)."""
    projects = await repo.export_projects(session, stmt, limit=MAX_EXPORT_ROWS + 1)
    if len(projects) > MAX_EXPORT_ROWS:
        raise ExportTooLarge(
            f"The list has more than {MAX_EXPORT_ROWS} projects; narrow the filters.",
            errors=[{"field": "query", "message": "too many projects", "type": "too_large"}],
        )
    rows: list[list[Any]] = []
    for start in range(0, len(projects), EXPORT_CHUNK):
        rows.extend(await _export_rows(session, projects[start:start + EXPORT_CHUNK], year, start=start + 1))
    sheet = excel.Table("一览表", title, xl.list_columns([*xl.HEADERS, *EXPORT_EXTRA], EXPORT_WIDTHS, totals=True),
                        rows=rows, region=region, period=f"{year}年", max_width=EXPORT_MAX_WIDTH)
    return await run_in_threadpool(xl.write_workbook, [sheet])


async def _export_rows(session: AsyncSession, projects: list[Project], year: int, *, start: int) -> list[list[Any]]:
    details = await core_repo.project_details(session, projects)
    unit_ids = {u for p in projects for u in (p.responsible_unit_id, p.owner_unit_id, p.township_unit_id)}
    unit_ids |= {u for ids in details.co_units.values() for u in ids}
    units = await repo.names(session, Unit, unit_ids)
    systems = await repo.names(session, System, (p.system_id for p in projects))
    holders = await core_repo.holders_on(session, list(details.post_titles), today())
    out = []
    for i, p in enumerate(projects, start=start):
        plan = next((pl for pl in details.plans[p.id] if pl.year == year), None)
        holder = holders.get(p.leader_post_id) if p.leader_post_id else None
        values = {
            "序号": i,
            "项目编号": p.code,
            "项目代码(国家)": p.national_code,
            "项目名称": p.name,
            "所属体系": systems.get(p.system_id),
            "所在乡镇": units.get(p.township_unit_id),
            "建设地点": p.location or None,
            "建设性质": xl.STAGE_LABELS[Stage(p.stage)],
            "行业": p.industry or None,
            "扶贫项目": "是" if p.is_poverty_alleviation else "否",
            "总投资(万元)": p.total_investment,
            "年度计划投资(万元)": plan.planned_investment if plan else None,
            "建设内容": p.content or None,
            "年度建设目标": (plan.physical_target or None) if plan else None,
            "责任单位": units.get(p.responsible_unit_id),
            "协办单位": "、".join(sorted(units[u] for u in details.co_units[p.id] if u in units)) or None,
            "业主单位": units.get(p.owner_unit_id),
            "责任领导(职务)": details.post_titles.get(p.leader_post_id) if p.leader_post_id else None,
            "计划开工时间": plan.planned_start_date if plan else None,
            "计划竣工时间": plan.planned_completion_date if plan else None,
            "计划投产时间": plan.planned_operation_date if plan else None,
            "责任领导(现任)": holder[1] if holder else None,
        }
        out.append([values[h] for h in (*xl.HEADERS, *EXPORT_EXTRA)])
    return out
