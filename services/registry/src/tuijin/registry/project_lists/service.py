"""Rules of the yearly target table (一览表): an import checks every row first and reports every
error at once; only a table without errors is written, in the request's one transaction. Rows match
registered projects by national 项目代码 or local 项目编号 and update them (a re-import never
duplicates); other rows register new projects. The export writes the same columns, so an exported
list can be edited and imported again."""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool

from tuijin.kernel.auth import Principal
from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.errors import Unprocessable
from tuijin.kernel.pagination import PageParams, paginate
from tuijin.registry.models import Post, Project, System, Unit, YearPlan
from tuijin.registry.organisation.enums import UnitKind
from tuijin.registry.project_lists import repository as repo
from tuijin.registry.project_lists import table as xl
from tuijin.registry.project_lists.models import ListImport
from tuijin.registry.project_lists.schemas import ImportedRow, RowAction
from tuijin.registry.projects import repository as core_repo
from tuijin.registry.projects import service as core
from tuijin.registry.projects.enums import STAGE_TRANSITIONS, Stage
from tuijin.registry.projects.schemas import NATIONAL_CODE, ProjectCreate, ProjectPatch, YearPlanIn

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
MAX_EXPORT_ROWS = 20000
EXPORT_CHUNK = 500

# model field → the column that feeds it (to name the cell of a validation error)
FIELD_COLUMNS = {
    "name": "项目名称",
    "code": "项目编号",
    "national_code": "项目代码(国家)",
    "system_id": "所属体系",
    "industry": "行业",
    "township_unit_id": "所在乡镇",
    "location": "建设地点",
    "is_poverty_alleviation": "扶贫项目",
    "content": "建设内容",
    "owner_unit_id": "业主单位",
    "leader_post_id": "责任领导(职务)",
    "total_investment": "总投资(万元)",
    "responsible_unit_id": "责任单位",
    "co_unit_ids": "协办单位",
    "stage": "建设性质",
    "planned_investment": "年度计划投资(万元)",
    "physical_target": "年度建设目标",
    "planned_start_date": "计划开工时间",
    "planned_completion_date": "计划竣工时间",
    "planned_operation_date": "计划投产时间",
}
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
STAGE_CHOICES = ["新开工", "续建", "前期", "储备", "竣工", "投产"]


def _key(name: str) -> str:
    """Names compared without whitespace and with ASCII parentheses: 副县长(分管交通) = 副县长（分管交通）."""
    return re.sub(r"\s+", "", name).replace("（", "(").replace("）", ")")


class References:
    """The region's units, townships, systems and posts by name, loaded once per import."""

    def __init__(self, units: list[Unit], systems: list[System], posts: list[Post]) -> None:
        self._units: dict[str, list[Unit]] = {}
        self._short: dict[str, list[Unit]] = {}
        for unit in units:
            self._units.setdefault(_key(unit.name), []).append(unit)
            if unit.short_name:
                self._short.setdefault(_key(unit.short_name), []).append(unit)
        self._systems: dict[str, System] = {}
        for system in systems:
            self._systems[_key(system.name)] = system
            self._systems.setdefault(_key(system.name.removesuffix("体系")), system)
        self._posts = {_key(p.title): p for p in posts}
        self.units, self.systems, self.posts = units, systems, posts

    def unit(self, name: str, *, townships_only: bool = False) -> Unit:
        """A unit by full name, else by short name (an ambiguous short name is refused)."""
        kinds = {UnitKind.township.value, UnitKind.park.value} if townships_only else None
        for index in (self._units, self._short):
            found = [u for u in index.get(_key(name), []) if kinds is None or u.kind in kinds]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise xl.CellError(f"{name} matches several units; write the full name", "ambiguous_reference")
        what = "township (乡镇/街道/园区)" if townships_only else "unit"
        raise xl.CellError(f"names no {what} of this region: {name}", "unknown_reference")

    def system(self, name: str) -> System:
        system = self._systems.get(_key(name))
        if system is None:
            raise xl.CellError(f"names no system (体系) of this region: {name}", "unknown_reference")
        return system

    def post(self, title: str) -> Post:
        post = self._posts.get(_key(title))
        if post is None:
            raise xl.CellError(f"names no post (职务) of this region: {title}", "unknown_reference")
        return post


@dataclass
class Existing:
    """What is registered already for the codes of the table."""

    by_code: dict[str, Project]
    by_national_code: dict[str, Project]
    plans: dict[uuid.UUID, YearPlan]
    co_units: dict[uuid.UUID, set[uuid.UUID]]


@dataclass
class RowPlan:
    """What one valid row will do."""

    row: int
    code: str
    project: Project | None
    create: ProjectCreate | None = None
    patch: ProjectPatch | None = None
    new_code: str | None = None
    to_stage: Stage | None = None
    year_plan: YearPlanIn | None = None


@dataclass
class _Row:
    number: int
    cells: dict[str, Any]
    errors: list[dict[str, str]] = field(default_factory=list)

    def fail(self, column: str, message: str, type_: str, *, sep: str = " ") -> None:
        self.errors.append(
            {"field": f"rows.{self.number}.{column}", "message": f"{column}{sep}{message}", "type": type_}
        )

    def cell(self, column: str, parse=xl.text, **kw: Any) -> Any:
        """The parsed cell, or None (and an error) when it does not parse."""
        try:
            return parse(self.cells.get(column), **kw)
        except xl.CellError as exc:
            self.fail(column, str(exc), exc.type)
            return None

    def ref(self, column: str, lookup, name: str | None = None) -> Any:
        """The record a name in the cell refers to, or None (and an error) when it names none."""
        name = name if name is not None else xl.text(self.cells.get(column))
        if not name:
            return None
        try:
            return lookup(name)
        except xl.CellError as exc:
            self.fail(column, str(exc), exc.type)
            return None


def _codes(table: xl.Table) -> tuple[set[str], set[str]]:
    codes, national = set(), set()
    for _, cells in table.rows:
        if code := xl.text(cells.get("项目编号")):
            codes.add(code)
        if nc := xl.text(cells.get("项目代码(国家)")):
            national.add(nc)
            codes.add(nc)  # a new project without 项目编号 is registered under its national code
    return codes, national


async def load_existing(session: AsyncSession, region_code: str, year: int, table: xl.Table) -> Existing:
    codes, national = _codes(table)
    by_code = await repo.projects_by_code(session, region_code, codes)
    by_nc = await repo.projects_by_national_code(session, national)
    ids = {p.id for p in (*by_code.values(), *by_nc.values())}
    return Existing(by_code, by_nc, await repo.year_plans(session, ids, year), await repo.co_units(session, ids))


def plan_rows(
    table: xl.Table, refs: References, existing: Existing, region_code: str
) -> tuple[list[RowPlan], list[dict[str, str]]]:
    """Check every row against the region's references and the registered projects; returns what
    each valid row will do and the errors of every invalid one (``rows.<n>.<column>``)."""
    plans: list[RowPlan] = []
    errors: list[dict[str, str]] = []
    seen_codes: dict[str, int] = {}
    seen_national: dict[str, int] = {}
    seen_projects: dict[uuid.UUID, int] = {}
    for number, cells in table.rows:
        row = _Row(number, cells)
        plan = _plan_row(row, refs, existing, region_code, seen_codes, seen_national)
        if plan is not None and plan.project is not None:
            if plan.project.id in seen_projects:
                row.fail("项目编号", f"names the same project as row {seen_projects[plan.project.id]}",
                         "duplicate_in_file")
            seen_projects.setdefault(plan.project.id, number)
        errors.extend(row.errors)
        if plan is not None and not row.errors:
            plans.append(plan)
    order = {h: i for i, h in enumerate(xl.HEADERS)}
    errors.sort(key=lambda e: (int(e["field"].split(".")[1]), order.get(e["field"].split(".", 2)[2], 99)))
    return plans, errors


def _plan_row(
    row: _Row,
    refs: References,
    existing: Existing,
    region_code: str,
    seen_codes: dict[str, int],
    seen_national: dict[str, int],
) -> RowPlan | None:
    name = row.cell("项目名称")
    if not name:
        row.fail("项目名称", "is required", "missing")
    code = row.cell("项目编号")
    national = row.cell("项目代码(国家)")
    if code and len(code) > 40:
        row.fail("项目编号", "must have at most 40 characters", "string_too_long")
    if national and not NATIONAL_CODE.match(national):
        row.fail("项目代码(国家)", "must look like 2411-130202-89-01-637015", "value_error")
        national = None
    if not code and not row.cells.get("项目代码(国家)"):
        row.fail("项目编号", "or 项目代码(国家) is required to match or register the project", "missing")
    for value, seen, column in ((code, seen_codes, "项目编号"), (national, seen_national, "项目代码(国家)")):
        if value and value in seen:
            row.fail(column, f"{value} is also on row {seen[value]}", "duplicate_in_file")
        elif value:
            seen[value] = row.number

    # which registered project the row is about
    by_national = existing.by_national_code.get(national) if national else None
    if by_national is not None and by_national.region_code != region_code:
        row.fail("项目代码(国家)", f"{national} is registered to a project of another region", "other_region")
        by_national = None
    by_code = existing.by_code.get(code) if code else None
    if by_national is not None and by_code is not None and by_national.id != by_code.id:
        row.fail("项目代码(国家)", f"{national} belongs to project {by_national.code}, not to {code}",
                 "code_mismatch")
    project = by_national or by_code
    if project is None and not code and national and national in existing.by_code:
        row.fail("项目编号", f"is required: the code {national} is used by another project", "project_code_taken")

    word = row.cell("建设性质")
    stage = xl.STAGE_WORDS.get(word) if word else None
    if not word:
        row.fail("建设性质", "is required", "missing")
    elif stage is None:
        row.fail("建设性质", f"must be one of {'、'.join(STAGE_CHOICES)}: {word}", "enum")
    elif project is not None and stage.value != project.stage:
        current = Stage(project.stage)
        if stage not in STAGE_TRANSITIONS[current]:
            row.fail("建设性质", f"cannot move the project from {xl.STAGE_LABELS[current]} to "
                     f"{xl.STAGE_LABELS[stage]}", "stage_transition_not_allowed")

    total = row.cell("总投资(万元)", xl.money)
    planned = row.cell("年度计划投资(万元)", xl.money)
    for column, value in (("总投资(万元)", total), ("年度计划投资(万元)", planned)):
        if value is None and not xl.text(row.cells.get(column)):
            row.fail(column, "is required", "missing")
    if total is not None and planned is not None and planned > total:
        row.fail("年度计划投资(万元)", "exceeds 总投资(万元)", "plan_exceeds_total")

    fields: dict[str, Any] = {}
    if name:
        fields["name"] = name
    if national:
        fields["national_code"] = national
    if total is not None:
        fields["total_investment"] = total
    for column, key in (("行业", "industry"), ("建设地点", "location"), ("建设内容", "content")):
        if value := xl.text(row.cells.get(column)):
            fields[key] = value
    poverty = row.cell("扶贫项目", xl.flag)
    if poverty is not None:
        fields["is_poverty_alleviation"] = poverty
    references = (
        ("所属体系", "system_id", refs.system),
        ("所在乡镇", "township_unit_id", lambda n: refs.unit(n, townships_only=True)),
        ("责任单位", "responsible_unit_id", refs.unit),
        ("业主单位", "owner_unit_id", refs.unit),
        ("责任领导(职务)", "leader_post_id", refs.post),
    )
    for column, key, lookup in references:
        found = row.ref(column, lookup)
        if found is not None:
            fields[key] = found.id
    if not xl.text(row.cells.get("责任单位")):
        row.fail("责任单位", "is required", "missing")
    co_unit_ids: list[uuid.UUID] | None = None
    if co_names := xl.names(row.cells.get("协办单位")):
        co_unit_ids = []
        for co_name in co_names:
            unit = row.ref("协办单位", refs.unit, co_name)
            if unit is not None:
                co_unit_ids.append(unit.id)
        responsible = fields.get("responsible_unit_id") or (project.responsible_unit_id if project else None)
        if responsible in co_unit_ids:
            row.fail("协办单位", "must not repeat the 责任单位", "responsible_as_co_unit")

    current_plan = existing.plans.get(project.id) if project else None
    dates: dict[str, date | None] = {}
    for column, key, end in (
        ("计划开工时间", "planned_start_date", False),
        ("计划竣工时间", "planned_completion_date", True),
        ("计划投产时间", "planned_operation_date", True),
    ):
        parsed = row.cell(column, xl.day, end_of_month=end)
        dates[key] = parsed if parsed is not None else getattr(current_plan, key, None)
    for (first, first_col), (then, then_col) in (
        (("planned_start_date", "计划开工时间"), ("planned_completion_date", "计划竣工时间")),
        (("planned_completion_date", "计划竣工时间"), ("planned_operation_date", "计划投产时间")),
    ):
        if dates[first] and dates[then] and dates[then] < dates[first]:
            row.fail(then_col, f"is before {first_col}", "dates_out_of_order")
    if row.errors:
        return None

    target = xl.text(row.cells.get("年度建设目标")) or (current_plan.physical_target if current_plan else "")
    plan = RowPlan(row=row.number, code=code or (project.code if project else national), project=project)
    try:
        year_plan = YearPlanIn(planned_investment=planned, physical_target=target, **dates)
        if current_plan is None or any(
            getattr(current_plan, k) != v for k, v in year_plan.model_dump().items()
        ):
            plan.year_plan = year_plan
        if project is None:
            plan.create = ProjectCreate(
                region_code=region_code, code=plan.code, stage=stage, co_unit_ids=co_unit_ids or [], **fields
            )
        else:
            changes = {k: v for k, v in fields.items() if getattr(project, k) != v}
            if co_unit_ids is not None and set(co_unit_ids) != existing.co_units.get(project.id, set()):
                changes["co_unit_ids"] = co_unit_ids
            if changes or plan.code != project.code:
                plan.patch = ProjectPatch(**changes)
            plan.new_code = plan.code if plan.code != project.code else None
            plan.to_stage = stage if stage.value != project.stage else None
    except ValidationError as exc:
        for err in exc.errors():
            column = FIELD_COLUMNS.get(str(err["loc"][0]) if err["loc"] else "", "项目名称")
            row.fail(column, err["msg"], err["type"], sep=": ")
        return None
    return plan


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
        raise Unprocessable(str(exc), code="import_file_invalid", errors=exc.errors) from exc
    if not table.rows:
        raise Unprocessable("The table has no project rows.", code="import_file_invalid",
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
        raise Unprocessable(
            f"{bad_rows} of {len(table.rows)} rows have errors; nothing was imported.",
            code="import_rows_invalid",
            errors=errors,
        )
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
            await core.set_year_plan(session, project, year, plan.year_plan)
        results.append(ImportedRow(row=plan.row, project_id=project.id, code=project.code, action=action))
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
    await core.emit(
        session,
        "project_list.imported",
        {"import_id": str(record.id), "region_code": region_code, "year": year,
         "created": record.created_count, "updated": record.updated_count},
        region_code,
    )
    return record


# ---------------------------------------------------------------- template and export


def template_sheets(refs: References | None) -> list[xl.Sheet]:
    """The empty 一览表 with its header row, drop-downs for 建设性质 and 扶贫项目, the column notes
    and, for a region, the names its cells may use."""
    widths = {c.header: c.width for c in xl.COLUMNS}
    sheets = [
        xl.Sheet("一览表", list(xl.HEADERS), widths=widths, money_columns=set(xl.MONEY_COLUMNS),
                 choices={"建设性质": STAGE_CHOICES, "扶贫项目": ["是", "否"]}),
        xl.Sheet("填写说明", ["列名", "必填", "说明"],
                 rows=[[c.header, "是" if c.required else "", COLUMN_NOTES.get(c.header, "")] for c in xl.COLUMNS],
                 widths={"列名": 20, "必填": 6, "说明": 70}),
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
        sheets.append(xl.Sheet("可用名称", ["所属体系", "所在乡镇", "单位", "责任领导(职务)"], rows=rows,
                               widths={"所属体系": 20, "所在乡镇": 16, "单位": 30, "责任领导(职务)": 22}))
    return sheets


async def template(session: AsyncSession, region_code: str | None) -> bytes:
    refs = None
    if region_code:
        refs = References(
            await repo.units_of(session, region_code),
            await repo.systems_of(session, region_code),
            await repo.posts_of(session, region_code),
        )
    return await run_in_threadpool(xl.write_workbook, template_sheets(refs))


EXPORT_EXTRA = ["责任领导(现任)"]


async def export_projects(session: AsyncSession, stmt: Select, *, year: int, title: str) -> bytes:
    """The projects of ``stmt`` (the list's filters and the caller's visibility) as a 一览表 with
    ``year``'s plan, in pages of a fixed size (a fixed number of queries per page)."""
    rows: list[list[Any]] = []
    cursor: str | None = None
    while True:
        projects, cursor = await paginate(
            session, stmt, order=[Project.code, Project.id], params=PageParams(limit=EXPORT_CHUNK, cursor=cursor)
        )
        if len(rows) + len(projects) > MAX_EXPORT_ROWS:
            raise Unprocessable(
                f"The list has more than {MAX_EXPORT_ROWS} projects; narrow the filters.",
                code="export_too_large",
                errors=[{"field": "query", "message": "too many projects", "type": "too_large"}],
            )
        rows.extend(await _export_rows(session, projects, year, start=len(rows) + 1))
        if cursor is None:
            break
    widths = {c.header: c.width for c in xl.COLUMNS} | {"责任领导(现任)": 12}
    sheet = xl.Sheet("一览表", [*xl.HEADERS, *EXPORT_EXTRA], rows=rows, title=title, widths=widths,
                     money_columns=set(xl.MONEY_COLUMNS))
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
