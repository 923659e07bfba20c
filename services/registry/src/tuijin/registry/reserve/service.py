"""Rules of the reserve library (储备库): who proposes what at which level, the selection check
(选定标准, 清水) and the promotion of selected projects into a year's list. Services never commit."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.access import RoleRequired
from tuijin.kernel.auth import Principal, Role, ensure_region
from tuijin.kernel.clock import today, utcnow
from tuijin.registry.models import Project, YearPlan
from tuijin.registry.organisation.enums import UnitKind
from tuijin.registry.policies import ReserveSelection, load_policy
from tuijin.registry.projects import repository as core_repo
from tuijin.registry.projects import service as core
from tuijin.registry.projects.enums import Stage
from tuijin.registry.reserve import errors
from tuijin.registry.reserve import repository as repo
from tuijin.registry.reserve.enums import ReserveCategory, ReserveLevel, ReserveStatus, SelectionRule
from tuijin.registry.reserve.models import ReserveEntry
from tuijin.registry.reserve.schemas import (
    PromotionIn,
    PromotionItem,
    ReserveEntryIn,
    ReserveEntryOut,
    ReserveEntryPatch,
    RuleResult,
    SelectionCheck,
)

# ---------------------------------------------------------------- the selection check


def selection_check(
    policy: ReserveSelection, category: str, total: Decimal, first_year: Decimal, year: int
) -> SelectionCheck:
    """Pass/fail per rule with the numbers: total ≥ the category's minimum and this year ≥ its minimum
    (bounds included: 500万元以上 counts 500)."""
    threshold = policy.threshold(category)
    rules = [
        RuleResult(
            rule=SelectionRule.total_investment, value=total, threshold=threshold.total, passed=total >= threshold.total
        ),
        RuleResult(
            rule=SelectionRule.first_year_investment,
            value=first_year,
            threshold=threshold.first_year,
            passed=first_year >= threshold.first_year,
        ),
    ]
    return SelectionCheck(
        passed=all(r.passed for r in rules), year=year, category=ReserveCategory(category), rules=rules
    )


def describe_failure(project: Project, check: SelectionCheck) -> str:
    """``LC-1 某项目: 总投资 480 < 500万元`` — the failing rules of a check, for a problem's text."""
    failing = "; ".join(
        f"{r.rule.label} {_num(r.value)} < {_num(r.threshold)}万元" for r in check.rules if not r.passed
    )
    return f"{project.code} {project.name}: {failing} ({check.category.label})"


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


class _Policies:
    """Selection policies per (region, year), each loaded once."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.cache: dict[tuple[str, int], ReserveSelection] = {}

    async def get(self, region_code: str, year: int) -> ReserveSelection:
        key = (region_code, year)
        if key not in self.cache:
            self.cache[key] = await load_policy(self.session, region_code, year, ReserveSelection)
        return self.cache[key]


async def to_out(session: AsyncSession, entries: list[ReserveEntry]) -> list[ReserveEntryOut]:
    """Views of many entries with their check, a fixed number of queries (one per policy year)."""
    projects = await repo.projects_by_id(session, {e.project_id for e in entries})
    policies = _Policies(session)
    out = []
    for e in entries:
        project = projects[e.project_id]
        policy = await policies.get(e.region_code, e.proposed_year)
        out.append(
            ReserveEntryOut.model_validate(
                {
                    **{c: getattr(e, c) for c in ReserveEntryOut.model_fields if hasattr(e, c)},
                    "project_code": project.code,
                    "project_name": project.name,
                    "project_stage": project.stage,
                    "check": selection_check(
                        policy, e.category, e.planned_total, e.planned_first_year, e.proposed_year
                    ),
                }
            )
        )
    return out


# ---------------------------------------------------------------- proposing and editing entries


def _may_write(principal: Principal, project: Project, level: str, proposing_unit_id: uuid.UUID) -> None:
    """The office writes its region's three libraries; a unit proposes into the department or township
    library, for a project it is responsible for or owns, in its own name."""
    if Role.office in principal.roles or principal.is_admin:
        ensure_region(principal, project.region_code)
        return
    if Role.unit not in principal.roles or principal.unit_id is None:
        raise RoleRequired("Only the office or a unit proposes reserve projects.")
    ensure_region(principal, project.region_code)
    if principal.unit_id not in (project.responsible_unit_id, project.owner_unit_id):
        raise errors.UnitForbidden("A unit proposes only projects it is responsible for or owns.")
    if proposing_unit_id != principal.unit_id:
        raise errors.UnitForbidden("A unit proposes in its own name.")
    if level == ReserveLevel.county:
        raise RoleRequired("The county library is compiled by the office.")


async def _check_fields(session: AsyncSession, region_code: str, level: str, unit_id: uuid.UUID) -> None:
    unit = await repo.unit(session, unit_id)
    if unit is None or unit.region_code != region_code:
        raise errors.InvalidReference(f"No unit {unit_id} in region {region_code}.", field="body.proposing_unit_id")
    is_township = unit.kind == UnitKind.township
    if level == ReserveLevel.township and not is_township:
        raise errors.LevelUnitMismatch(
            "The township library takes projects proposed by a township.", field="body.proposing_unit_id"
        )
    if level == ReserveLevel.department and is_township:
        raise errors.LevelUnitMismatch(
            "A township proposes into the township library, not a department's.", field="body.proposing_unit_id"
        )


def _check_amounts(total: Decimal, first_year: Decimal) -> None:
    if first_year > total:
        raise errors.FirstYearExceedsTotal(
            f"The first-year investment {_num(first_year)} exceeds the total {_num(total)}.",
            field="body.planned_first_year",
        )


def _check_year(year: int, field: str) -> None:
    if year < today().year:
        raise errors.YearInPast(f"{year} is past; a reserve project is proposed for this year or later.", field=field)


async def create_entry(session: AsyncSession, body: ReserveEntryIn, principal: Principal) -> ReserveEntry:
    project = await repo.project(session, body.project_id)
    if project is None or not principal.can_see_region(project.region_code):
        raise errors.InvalidReference(f"No project {body.project_id}.", field="body.project_id")
    _may_write(principal, project, body.level, body.proposing_unit_id)
    if project.stage != Stage.reserve:
        raise errors.ProjectNotInReserve(
            f"{project.code} is at stage {Stage(project.stage).label}; the library takes projects at stage 储备.",
            field="body.project_id",
        )
    if await repo.in_reserve_entry_of(session, project.id):
        raise errors.ReserveEntryExists(f"{project.code} is already in the reserve library.")
    await _check_fields(session, project.region_code, body.level, body.proposing_unit_id)
    total = body.planned_total if body.planned_total is not None else project.total_investment
    _check_amounts(total, body.planned_first_year)
    _check_year(body.proposed_year, "body.proposed_year")
    entry = ReserveEntry(
        region_code=project.region_code,
        project_id=project.id,
        level=body.level.value,
        proposing_unit_id=body.proposing_unit_id,
        category=body.category.value,
        planned_total=total,
        planned_first_year=body.planned_first_year,
        proposed_year=body.proposed_year,
        note=body.note,
        created_by=principal.sub,
    )
    session.add(entry)
    await session.flush()
    return entry


async def patch_entry(
    session: AsyncSession, entry: ReserveEntry, body: ReserveEntryPatch, principal: Principal
) -> ReserveEntry:
    """Edit an entry still in the library; rolling it on to a later year is a new ``proposed_year``."""
    project = await core.get_project(session, entry.project_id)
    # the writer must be allowed both for the entry as it is and as it will be
    _may_write(principal, project, entry.level, entry.proposing_unit_id)
    if entry.status != ReserveStatus.in_reserve:
        raise errors.EntryPromoted(f"The entry was promoted into {entry.promoted_year}'s list.")
    data: dict[str, Any] = body.model_dump(exclude_unset=True)
    for field in ("level", "proposing_unit_id", "category", "planned_total", "planned_first_year", "proposed_year"):
        if field in data and data[field] is None:
            raise errors.Required(f"{field} cannot be removed.", field=f"body.{field}")
    level = data.get("level", entry.level)
    unit_id = data.get("proposing_unit_id", entry.proposing_unit_id)
    _may_write(principal, project, level, unit_id)
    await _check_fields(session, entry.region_code, level, unit_id)
    _check_amounts(
        data.get("planned_total", entry.planned_total), data.get("planned_first_year", entry.planned_first_year)
    )
    if "proposed_year" in data:
        _check_year(data["proposed_year"], "body.proposed_year")
    for field, value in data.items():
        setattr(entry, field, value.value if hasattr(value, "value") else value)
    entry.updated_at = utcnow()
    await session.flush()
    return entry


# ---------------------------------------------------------------- promotion into a year's list


async def _promotion_faults(session: AsyncSession, body: PromotionIn, principal: Principal,
                            entries: dict[uuid.UUID, ReserveEntry],
                            projects: dict[uuid.UUID, Project]) -> list[dict[str, str]]:
    """Every item checked before anything moves: the entry exists, appears once, is still in the library,
    its project is at stage 储备 with no plan for the year, and it passes the selection check (or says why
    it is promoted anyway). One ``errors`` line per failing item."""
    policies = _Policies(session)
    faults: list[dict[str, str]] = []
    seen: set[uuid.UUID] = set()

    def refuse(i: int, field: str, message: str, code: str) -> None:
        faults.append({"field": f"body.items.{i}.{field}", "message": message, "type": code})

    for i, item in enumerate(body.items):
        entry = entries.get(item.entry_id)
        if entry is None or not principal.can_see_region(entry.region_code):
            refuse(i, "entry_id", f"No reserve entry {item.entry_id}.", "entry_not_found")
            continue
        if item.entry_id in seen:
            refuse(i, "entry_id", "The entry appears twice in the batch.", "duplicate_entry")
            continue
        seen.add(item.entry_id)
        project = projects[entry.project_id]
        if entry.status != ReserveStatus.in_reserve:
            refuse(i, "entry_id", f"{project.code} was promoted into {entry.promoted_year} already.", "entry_promoted")
            continue
        if project.stage != Stage.reserve:
            refuse(i, "entry_id", f"{project.code} is no longer at stage 储备.", "project_not_in_reserve")
            continue
        if await core_repo.year_plan(session, project.id, body.year):
            refuse(i, "entry_id", f"{project.code} already has a plan for {body.year}.", "year_plan_exists")
            continue
        policy = await policies.get(entry.region_code, body.year)
        check = selection_check(policy, entry.category, entry.planned_total, entry.planned_first_year, body.year)
        if not check.passed and not item.override_reason.strip():
            refuse(i, "override_reason", describe_failure(project, check), "selection_check_failed")
    return faults


async def _promote_one(session: AsyncSession, entry: ReserveEntry, project: Project, item: PromotionItem, year: int,
                       principal: Principal) -> None:
    """The project moves stage (history kept) and gets its plan for the year; the entry records it."""
    reason = f"纳入{year}年重点项目清单"
    if item.override_reason.strip():
        reason += f"（未达选定标准，理由：{item.override_reason.strip()}）"
    await core.change_stage(session, project, Stage(item.to_stage), reason[:500], None, principal)
    session.add(
        YearPlan(
            project_id=project.id,
            region_code=project.region_code,
            year=year,
            planned_investment=entry.planned_first_year,
        )
    )
    entry.status = ReserveStatus.promoted.value
    entry.promoted_year = year
    entry.promoted_to_stage = item.to_stage
    entry.override_reason = item.override_reason.strip()
    entry.promoted_by = principal.sub
    entry.promoted_at = utcnow()


async def promote(session: AsyncSession, body: PromotionIn, principal: Principal) -> list[ReserveEntry]:
    """Promote the chosen entries into ``body.year``'s list: each project moves reserve → preliminary or
    new_start through the core stage change (history kept) and gets its YearPlan for the year. Every
    item is checked first; if any fails, nothing is promoted and the problem names each failing one."""
    if not (Role.office in principal.roles or principal.is_admin):
        raise RoleRequired("Only the key-project office (重点办) promotes reserve projects.")
    _check_year(body.year, "body.year")
    entries = await repo.entries_for_update(session, [item.entry_id for item in body.items])
    projects = await repo.projects_by_id(session, {e.project_id for e in entries.values()})
    faults = await _promotion_faults(session, body, principal, entries, projects)
    if faults:
        raise errors.PromotionRefused(
            "Nothing was promoted: " + "; ".join(e["message"] for e in faults), errors=faults
        )
    promoted = []
    for item in body.items:
        entry = entries[item.entry_id]
        await _promote_one(session, entry, projects[entry.project_id], item, body.year, principal)
        promoted.append(entry)
    await session.flush()
    return promoted


def mark_promoted_by_swap(entry: ReserveEntry, year: int, to_stage: Stage, principal: Principal) -> None:
    """A reserve project entering the list as a replacement (动态管理): its entry is marked promoted;
    the swap moves its stage and gives it its YearPlan."""
    entry.status = ReserveStatus.promoted.value
    entry.promoted_year = year
    entry.promoted_to_stage = to_stage.value
    entry.promoted_by = principal.sub
    entry.promoted_at = utcnow()
