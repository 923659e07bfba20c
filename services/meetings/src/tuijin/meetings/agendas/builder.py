"""Agendas are built, not typed: pure functions from what the other services say is stuck to agenda items.
Projects with nothing stuck do not come (推进顺利暂无问题的项目不再上会)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tuijin.meetings.agendas.enums import AgendaSource

# statuses of the issues service's problems that no longer need a meeting
CLOSED_PROBLEM_STATUSES = frozenset({"resolved", "closed", "verified", "cancelled", "withdrawn"})


@dataclass
class ItemDraft:
    """An agenda item as built; ``key`` says what it is about (a problem, a project, the summary)."""

    key: str
    source: AgendaSource
    title: str
    description: str = ""
    problem_id: uuid.UUID | None = None
    project_id: uuid.UUID | None = None
    project_code: str = ""
    project_name: str = ""
    category: str = ""
    responsible_unit_id: uuid.UUID | None = None
    problem_deadline: date | None = None
    presenter_unit_id: uuid.UUID | None = None
    details: dict[str, Any] = field(default_factory=dict)


def as_uuid(value: Any) -> uuid.UUID | None:
    return uuid.UUID(str(value)) if value else None


def _date(value: Any) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


def item_key(source: str, problem_id: uuid.UUID | None, project_id: uuid.UUID | None) -> str:
    if source == AgendaSource.problem.value:
        return f"problem:{problem_id}"
    if source == AgendaSource.procedures.value:
        return f"project:{project_id}"
    return source


def problem_items(problems: list[dict[str, Any]], *, level: str, system_id: uuid.UUID | None) -> list[ItemDraft]:
    """The open problems at ``level`` (and of ``system_id`` when given), once each, the nearest deadline
    first, then the oldest. Whatever else the issues service sent is left out."""
    chosen: dict[str, dict[str, Any]] = {}
    for p in problems:
        if p.get("level") != level or str(p.get("status", "")).lower() in CLOSED_PROBLEM_STATUSES:
            continue
        if system_id is not None and str(p.get("system_id")) != str(system_id):
            continue
        if p.get("problem_id"):
            chosen.setdefault(str(p["problem_id"]), p)
    ordered = sorted(chosen.values(), key=lambda p: (
        _date(p.get("deadline")) or date.max, str(p.get("raised_at") or ""), str(p.get("project_code") or ""),
        str(p["problem_id"]),
    ))
    out = []
    for p in ordered:
        code, name = str(p.get("project_code") or ""), str(p.get("project_name") or "")
        out.append(ItemDraft(
            key=f"problem:{uuid.UUID(str(p['problem_id']))}", source=AgendaSource.problem,
            title=f"{code} {name}".strip() or "问题协调", description=str(p.get("description") or ""),
            problem_id=uuid.UUID(str(p["problem_id"])), project_id=as_uuid(p.get("project_id")), project_code=code,
            project_name=name, category=str(p.get("category") or ""),
            responsible_unit_id=as_uuid(p.get("responsible_unit_id")), problem_deadline=_date(p.get("deadline")),
            presenter_unit_id=as_uuid(p.get("responsible_unit_id")),
            details={"raised_at": p.get("raised_at"), "status": p.get("status")},
        ))
    return out


def procedure_items(projects: list[dict[str, Any]]) -> list[ItemDraft]:
    """The projects with unfinished procedures (the joint approval meeting, 联审联批): those with an overdue
    procedure first, then by project code; a project whose procedures are all done does not come."""
    chosen = [p for p in projects if p.get("open_procedures")]
    chosen.sort(key=lambda p: (-(p.get("overdue_count") or 0), str(p.get("project_code") or "")))
    out = []
    seen: set[str] = set()
    for p in chosen:
        if str(p["project_id"]) in seen:
            continue
        seen.add(str(p["project_id"]))
        procedures = p["open_procedures"]
        overdue = sum(1 for x in procedures if x.get("is_overdue"))
        names = "、".join(str(x.get("procedure_name") or x.get("procedure_code")) for x in procedures)
        title = f"{p.get('project_code', '')} {p.get('project_name', '')}".strip()
        summary = f"{len(procedures)}项手续未办结" + (f"，其中{overdue}项超期" if overdue else "")
        out.append(ItemDraft(
            key=f"project:{uuid.UUID(str(p['project_id']))}", source=AgendaSource.procedures,
            title=f"{title}（{summary}）", description=f"未办结手续：{names}",
            project_id=uuid.UUID(str(p["project_id"])), project_code=str(p.get("project_code") or ""),
            project_name=str(p.get("project_name") or ""), category="procedures",
            responsible_unit_id=as_uuid(p.get("responsible_unit_id")),
            presenter_unit_id=as_uuid(p.get("responsible_unit_id")),
            details={"overdue_count": overdue, "open_procedures": procedures},
        ))
    return out


def summary_item(stats: dict[str, Any] | None, year: int, presenter_unit_id: uuid.UUID | None) -> ItemDraft:
    """The county meeting's opening item: the progress of the year's list (from the registry's statistics)."""
    description = ""
    if stats:
        totals = stats.get("totals") or {}
        rate = totals.get("completion_rate")
        description = (
            f"{year}年列入计划重点项目{totals.get('projects', 0)}个，总投资{totals.get('total_investment', '0')}万元，"
            f"年度计划投资{totals.get('planned_investment', '0')}万元，"
            f"已完成投资{totals.get('completed_investment', '0')}万元"
            + (f"，完成率{rate}%" if rate is not None else "") + "。"
        )
    return ItemDraft(key=AgendaSource.progress_summary.value, source=AgendaSource.progress_summary,
                     title="全县重点项目总体进展情况", description=description, presenter_unit_id=presenter_unit_id,
                     details={"statistics_as_of": (stats or {}).get("as_of")})
