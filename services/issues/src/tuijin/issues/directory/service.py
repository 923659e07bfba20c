"""Keeping the copies of registry records fresh: a project (from a registry view or an event payload) and its
current light (from "light.changed")."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.directory import repository as repo
from tuijin.issues.directory.models import ProjectLight, ProjectRef
from tuijin.kernel.clock import utcnow


def _uuid(value: Any) -> uuid.UUID | None:
    return uuid.UUID(str(value)) if value else None


async def store_project(session: AsyncSession, view: dict[str, Any], *, with_units: bool) -> ProjectRef:
    """Upsert the copy of a project from a registry view or event payload (``id`` or ``project_id``). With
    ``with_units`` the view carries the owner and co-units too, and the project's unit list is replaced.
    Open problems follow a change of the project's system."""
    project_id = uuid.UUID(str(view.get("id") or view["project_id"]))
    values: dict[str, Any] = {
        "region_code": view["region_code"],
        "code": view.get("code") or "",
        "name": view.get("name") or "",
        "stage": view.get("stage") or "",
        "system_id": _uuid(view.get("system_id")),
        "responsible_unit_id": _uuid(view.get("responsible_unit_id")),
        "leader_post_id": _uuid(view.get("leader_post_id")),
        "refreshed_at": utcnow(),
    }
    if with_units:
        values["owner_unit_id"] = _uuid(view.get("owner_unit_id"))
    before = await repo.system_of(session, project_id)
    await repo.upsert_project(session, project_id, values)
    units = {values["responsible_unit_id"]}
    if with_units:
        await repo.clear_units(session, project_id)
        units |= {values["owner_unit_id"], *(_uuid(u) for u in view.get("co_unit_ids") or [])}
    await repo.add_units(session, project_id, units)
    if before != values["system_id"]:
        await repo.move_open_problems(session, project_id, values["system_id"])
    ref = await repo.project(session, project_id, fresh=True)
    assert ref is not None
    return ref


async def store_light(session: AsyncSession, payload: dict[str, Any]) -> ProjectLight:
    """Keep a project's current light from a "light.changed" payload (``kind``/``light``, ``to_colour``/``colour``)."""
    project_id = uuid.UUID(str(payload["project_id"]))
    kind = str(payload.get("kind") or payload.get("light") or "progress")
    values = {
        "region_code": payload["region_code"],
        "colour": str(payload.get("to_colour") or payload.get("colour") or ""),
        "reason": str(payload.get("reason") or "")[:500],
        "changed_at": utcnow(),
    }
    return await repo.upsert_light(session, project_id, kind, values)
