"""Checking the rows of a yearly target table (一览表): every row against the region's units, systems and posts
and the registered projects, every error of every row named by its cell (``rows.<n>.<column>``). Pure: the
queries are made before (:func:`load_existing`, the references) by the service."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.clock import today
from tuijin.registry.organisation.enums import UnitKind
from tuijin.registry.organisation.models import Post, System, Unit
from tuijin.registry.policies import StagePolicy, load_policy
from tuijin.registry.project_lists import repository as repo
from tuijin.registry.project_lists import table as xl
from tuijin.registry.projects.enums import STAGE_TRANSITIONS, Stage
from tuijin.registry.projects.models import Project, YearPlan
from tuijin.registry.projects.schemas import NATIONAL_CODE, ProjectCreate, ProjectPatch, YearPlanIn

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
# the drop-down of 建设性质; 招商 is refused on a row of a region that does not use it (its ``stages`` policy)
STAGE_CHOICES = ["新开工", "续建", "前期", "储备", "竣工", "投产", "招商"]


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
    stages: StagePolicy = field(default_factory=StagePolicy)


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
    return Existing(by_code, by_nc, await repo.year_plans(session, ids, year), await repo.co_units(session, ids),
                    await load_policy(session, region_code, today().year, StagePolicy))


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
    """What one row will do, or None with the row's errors (every cell is checked, in the columns' order)."""
    name = row.cell("项目名称")
    if not name:
        row.fail("项目名称", "is required", "missing")
    code, national = _check_codes(row, seen_codes, seen_national)
    project = _match_project(row, existing, region_code, code, national)
    stage = _check_stage(row, project, existing.stages)
    total, planned = _check_money(row)
    fields = _project_fields(row, refs, name, national, total)
    co_unit_ids = _co_units(row, refs, fields, project)
    current_plan = existing.plans.get(project.id) if project else None
    dates = _plan_dates(row, current_plan)
    if row.errors:
        return None
    target = xl.text(row.cells.get("年度建设目标")) or (current_plan.physical_target if current_plan else "")
    plan = RowPlan(row=row.number, code=code or (project.code if project else national), project=project)
    try:
        _fill_plan(plan, existing, current_plan, region_code, stage, fields, co_unit_ids,
                   YearPlanIn(planned_investment=planned, physical_target=target, **dates))
    except ValidationError as exc:
        for err in exc.errors():
            column = FIELD_COLUMNS.get(str(err["loc"][0]) if err["loc"] else "", "项目名称")
            row.fail(column, err["msg"], err["type"], sep=": ")
        return None
    return plan


def _check_codes(
    row: _Row, seen_codes: dict[str, int], seen_national: dict[str, int]
) -> tuple[str | None, str | None]:
    """The row's 项目编号 and 项目代码(国家) (None when malformed), each once in the file."""
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
    return code, national


def _match_project(
    row: _Row, existing: Existing, region_code: str, code: str | None, national: str | None
) -> Project | None:
    """The registered project the row is about (by national code, else by local code), if any."""
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
    return project


def _check_stage(row: _Row, project: Project | None, stages: StagePolicy) -> Stage | None:
    """The stage the 建设性质 names, one the region uses and a step the registered project may take."""
    word = row.cell("建设性质")
    stage = xl.STAGE_WORDS.get(word) if word else None
    if not word:
        row.fail("建设性质", "is required", "missing")
    elif stage is None:
        row.fail("建设性质", f"must be one of {'、'.join(STAGE_CHOICES)}: {word}", "enum")
    elif not stages.uses(stage) and (project is None or stage.value != project.stage):
        row.fail("建设性质", f"is a stage the region does not use: {word}", "stage_not_used")
    elif project is not None and stage.value != project.stage:
        current = Stage(project.stage)
        if stage not in STAGE_TRANSITIONS[current]:
            row.fail("建设性质", f"cannot move the project from {xl.STAGE_LABELS[current]} to "
                     f"{xl.STAGE_LABELS[stage]}", "stage_transition_not_allowed")
    return stage


def _check_money(row: _Row) -> tuple[Any, Any]:
    """总投资 and 年度计划投资 (万元), both required, the year's plan within the total."""
    total = row.cell("总投资(万元)", xl.money)
    planned = row.cell("年度计划投资(万元)", xl.money)
    for column, value in (("总投资(万元)", total), ("年度计划投资(万元)", planned)):
        if value is None and not xl.text(row.cells.get(column)):
            row.fail(column, "is required", "missing")
    if total is not None and planned is not None and planned > total:
        row.fail("年度计划投资(万元)", "exceeds 总投资(万元)", "plan_exceeds_total")
    return total, planned


def _project_fields(row: _Row, refs: References, name: str | None, national: str | None, total: Any) -> dict:
    """The project's fields the row fills (blank optional cells leave a registered value as it is)."""
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
    return fields


def _co_units(row: _Row, refs: References, fields: dict, project: Project | None) -> list[uuid.UUID] | None:
    """The 协办单位 named (None when the cell is blank), never the responsible unit."""
    co_names = xl.names(row.cells.get("协办单位"))
    if not co_names:
        return None
    co_unit_ids = []
    for co_name in co_names:
        unit = row.ref("协办单位", refs.unit, co_name)
        if unit is not None:
            co_unit_ids.append(unit.id)
    responsible = fields.get("responsible_unit_id") or (project.responsible_unit_id if project else None)
    if responsible in co_unit_ids:
        row.fail("协办单位", "must not repeat the 责任单位", "responsible_as_co_unit")
    return co_unit_ids


def _plan_dates(row: _Row, current_plan: YearPlan | None) -> dict[str, date | None]:
    """The planned dates (a blank cell keeps the registered one), in order 开工 ≤ 竣工 ≤ 投产."""
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
    return dates


def _fill_plan(
    plan: RowPlan, existing: Existing, current_plan: YearPlan | None, region_code: str, stage: Stage | None,
    fields: dict, co_unit_ids: list[uuid.UUID] | None, year_plan: YearPlanIn,
) -> None:
    """Fill what a valid row does: register the project or patch what differs, move its stage, set its plan
    (pydantic may still refuse a value: the caller names the cell)."""
    if current_plan is None or any(getattr(current_plan, k) != v for k, v in year_plan.model_dump().items()):
        plan.year_plan = year_plan
    project = plan.project
    if project is None:
        plan.create = ProjectCreate(
            region_code=region_code, code=plan.code, stage=stage, co_unit_ids=co_unit_ids or [], **fields
        )
        return
    changes = {k: v for k, v in fields.items() if getattr(project, k) != v}
    if co_unit_ids is not None and set(co_unit_ids) != existing.co_units.get(project.id, set()):
        changes["co_unit_ids"] = co_unit_ids
    if changes or plan.code != project.code:
        plan.patch = ProjectPatch(**changes)
    plan.new_code = plan.code if plan.code != project.code else None
    plan.to_stage = stage if stage.value != project.stage else None
