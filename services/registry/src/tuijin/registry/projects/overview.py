"""A project's own file in one read (一项目一档案, the registry's part): the project with its team and plans,
its node plan, procedures, latest reports and current lights — what a dossier shows from the registry, in one
request instead of five."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import problem_responses
from tuijin.registry.deps import VisibleProject
from tuijin.registry.lights import repository as lights_repo
from tuijin.registry.lights.schemas import LightOut
from tuijin.registry.milestones import repository as nodes_repo
from tuijin.registry.milestones import service as nodes
from tuijin.registry.milestones.schemas import MilestoneOut
from tuijin.registry.procedures import repository as procedures_repo
from tuijin.registry.procedures import service as procedures
from tuijin.registry.procedures.schemas import ProcedureOut
from tuijin.registry.projects import repository as projects_repo
from tuijin.registry.projects import service as projects
from tuijin.registry.projects.errors import ProjectNotFound
from tuijin.registry.projects.schemas import PROJECT_EXAMPLE, ProjectOut
from tuijin.registry.reports import service as reports
from tuijin.registry.reports.schemas import ReportOut

router = APIRouter(prefix="/api/v1/projects", tags=["projects"])


class ProjectOverview(BaseModel):
    """The registry's part of a project's dossier, each list as its own route returns it."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "project": PROJECT_EXAMPLE, "milestones": [], "procedures": [], "reports": [], "lights": [],
    }]})

    project: ProjectOut
    milestones: list[MilestoneOut] = Field(description="as GET /projects/{id}/milestones")
    procedures: list[ProcedureOut] = Field(description="as GET /projects/{id}/procedures")
    reports: list[ReportOut] = Field(description="the latest reports, newest period first")
    lights: list[LightOut] = Field(description="as GET /projects/{id}/warning-lights")


@router.get("/{project_id}/overview", summary="A project with its plan, procedures, reports and lights",
            responses=problem_responses(ProjectNotFound))
async def project_overview(
    project: VisibleProject, request: Request, session: SessionDep,
    reports_limit: Annotated[int, Query(ge=1, le=60, description="how many of the latest reports")] = 12,
) -> ProjectOverview:
    """One read for a project's file: the project (team, leader, year plans), its node plan, procedures, latest
    reports with their computed totals and current lights — the same access and content as the five routes."""
    cal = await request.app.state.calendar.get(session, project.region_code)
    on = today()
    return ProjectOverview(
        project=(await projects.to_out(session, [project]))[0],
        milestones=[nodes.to_out(m, cal, on) for m in await nodes_repo.project_milestones(session, project.id)],
        procedures=await procedures.to_out(session, await procedures_repo.project_procedures(session, project.id),
                                           cal),
        reports=await reports.to_out(session, await projects_repo.latest_reports(session, project.id, reports_limit)),
        lights=[LightOut.model_validate(x) for x in await lights_repo.project_lights(session, project.id)],
    )
