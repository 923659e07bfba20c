"""Who requests, decides and withdraws a swap: the office, the project's responsible (or owner) unit and the
holder of its leader post, each for their own steps of the request's chain (the region's ``swap_chain``)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import Principal, Role
from tuijin.kernel.clock import today
from tuijin.registry.models import Project
from tuijin.registry.organisation import repository as core_repo
from tuijin.registry.swaps import errors
from tuijin.registry.swaps.enums import SwapStep
from tuijin.registry.swaps.models import ProjectSwap


def is_project_unit(principal: Principal, project: Project) -> bool:
    return (
        Role.unit in principal.roles
        and principal.unit_id is not None
        and principal.unit_id in (project.responsible_unit_id, project.owner_unit_id)
        and principal.can_see_region(project.region_code)
    )


def is_office(principal: Principal, region_code: str) -> bool:
    return Role.office in principal.roles and principal.can_see_region(region_code)


async def holds_leader_post(session: AsyncSession, principal: Principal, project: Project) -> bool:
    if Role.leader not in principal.roles or principal.person_id is None or project.leader_post_id is None:
        return False
    holders = await core_repo.holders_on(session, [project.leader_post_id], today())
    holder = holders.get(project.leader_post_id)
    return holder is not None and holder[0].person_id == principal.person_id


async def ensure_may_decide(session: AsyncSession, principal: Principal, swap: ProjectSwap, project: Project,
                             step: SwapStep) -> str:
    """The role that decides ``step`` (refused with 403 otherwise): the project's responsible (or owner)
    unit, the holder of its leader post, then the office for every other step of the region's chain — its own
    filing or decision (office_filing, office_decision) and the bodies' decisions on their behalf."""
    if step == SwapStep.unit:
        if is_project_unit(principal, project):
            return Role.unit.value
        who = f"the responsible unit of {project.code}"
    elif step == SwapStep.leader:
        if await holds_leader_post(session, principal, project):
            return Role.leader.value
        who = f"the responsible leader of {project.code} (the holder of its leader post)"
    else:
        if is_office(principal, swap.region_code):
            return Role.office.value
        who = "the key-project office (重点办)"
    raise errors.StepRoleRequired(f"Step {step.value} ({step.label}) is decided by {who}.")
