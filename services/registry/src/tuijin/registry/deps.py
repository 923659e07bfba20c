"""The registry's existence-and-permission dependencies: a record named in the path, if it exists and the caller
may see it (else 404, never a hint about another region's records)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends

from tuijin.kernel.auth import CurrentPrincipal
from tuijin.kernel.db import SessionDep
from tuijin.registry.organisation import service as organisation
from tuijin.registry.organisation.models import Post, Unit
from tuijin.registry.projects import repository as projects_repo
from tuijin.registry.projects.access import project_visibility
from tuijin.registry.projects.errors import ProjectNotFound
from tuijin.registry.projects.models import Project


async def visible_project(session: SessionDep, project_id: uuid.UUID, principal: CurrentPrincipal) -> Project:
    """The project, if it exists and the caller may see it (else 404 ``project_not_found``)."""
    project = await projects_repo.visible_project(session, project_id, project_visibility(principal))
    if project is None:
        raise ProjectNotFound("No such project.")
    return project


async def visible_unit(session: SessionDep, unit_id: uuid.UUID, principal: CurrentPrincipal) -> Unit:
    """The unit, if it exists in a region the caller sees (else 404 ``unit_not_found``)."""
    return await organisation.visible_unit(session, unit_id, principal)


async def visible_post(session: SessionDep, post_id: uuid.UUID, principal: CurrentPrincipal) -> Post:
    """The post, if it exists in a region the caller sees (else 404 ``post_not_found``)."""
    return await organisation.visible_post(session, post_id, principal)


VisibleProject = Annotated[Project, Depends(visible_project)]
VisibleUnit = Annotated[Unit, Depends(visible_unit)]
VisiblePost = Annotated[Post, Depends(visible_post)]
