"""Who edits a project's plans (node plan and required procedures): the office of its region, or the unit
responsible for the project or owning it. Co-organising units and leaders read only."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from tuijin.kernel.auth import Principal, Role, ensure_region
from tuijin.registry.milestones.errors import NotProjectEditor
from tuijin.registry.projects.models import Project


def editor_units(project: Project) -> set[uuid.UUID]:
    return {u for u in (project.responsible_unit_id, project.owner_unit_id) if u is not None}


def ensure_plan_editor(principal: Principal, project: Project, *, also: Iterable[uuid.UUID | None] = ()) -> None:
    """Refuse unless the caller is the office of the project's region (or admin / a service), or a unit user
    of the responsible or owner unit (or of a unit in ``also``, e.g. a procedure's lead unit)."""
    if principal.has_any(Role.office):
        ensure_region(principal, project.region_code)
        return
    allowed = editor_units(project) | {u for u in also if u is not None}
    if Role.unit in principal.roles and principal.unit_id in allowed and principal.can_see_region(project.region_code):
        return
    raise NotProjectEditor("Only the key-project office or the project's responsible or owner unit edits this.")
