"""Bodies of the composed views.

Records read from a service are passed on as that service sent them, and documented with the very response
model the service declares for them (``Passed[ProblemOut]``): a generated client gets the real shape of a
dossier's lights and problems instead of ``unknown``. What the gateway computes itself is typed here.

Why the gateway imports the services' schema modules rather than keeping copies of them:

* Drift. A copy is a second statement of a contract that changes with every service release, and the view's
  documented shape would go stale silently. Importing the class the service answers with makes the view's
  schema the service's schema by construction (the merged spec then holds one component for both: the
  gateway's and the service's JSON schema of one class are the same). About seventy models (with their enums
  and nested parts) would have to be mirrored and kept in step otherwise.
* Deployment. Every image is built from the one lock file with ``uv sync --all-packages`` (see the
  Dockerfile), so the gateway image already holds the services' packages at the same commit; the gateway's
  dependency on them (gateway/pyproject.toml) states what was already true. The gateway imports only their
  schema modules and never runs their code or opens their databases. Gateway and services are released
  together from one commit; a gateway paired with older services would document the newer shapes.
* Import weight. The schema modules cost a few dozen modules and a fraction of a second at the gateway's
  start (the registry's report schemas pull its ORM model classes in, unused), and nothing per request.

The records are not validated again in the gateway (see :class:`Passed`): each service already builds its
answer from these same models, so a second validation would check the same thing and cost the CPU-bound
dossier time. Measured roughly on a dossier of 400 records: 2-3 ms to build and serialise it either way
(typed pass-through or the untyped dicts before), and validating the records into the models would add about
as much again.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

from tuijin.gateway.views.examples import DASHBOARD, DOSSIER, PUBLIC_OVERVIEW, TODOS_LEADER, TODOS_UNIT
from tuijin.issues.interviews.schemas import InterviewCandidate
from tuijin.issues.letters.schemas import LetterOut
from tuijin.issues.problems.schemas import OpenProblemSummary, ProblemEventOut, ProblemOut
from tuijin.meetings.duties.schemas import DutyShortfalls
from tuijin.meetings.minutes.schemas import DecidedItemOut
from tuijin.meetings.scheduling.schemas import MeetingOut
from tuijin.registry.dispatches.schemas import DispatchDue
from tuijin.registry.lights.schemas import LightOut, RegionLightOut
from tuijin.registry.milestones.schemas import MilestoneOut
from tuijin.registry.procedures.schemas import ProcedureOut
from tuijin.registry.projects.schemas import ProjectOut, ProjectSummary
from tuijin.registry.public.schemas import PublicProject
from tuijin.registry.reports.schemas import OverdueReportOut, ReportOut
from tuijin.registry.stats.schemas import MapPoint, ProcedureCompletion, StartRate, Statistics
from tuijin.scoring.runs.schemas import ListEntry, RunOut, SubjectResultOut
from tuijin.scoring.sheets.schemas import SheetOut


class _PassedThrough:
    """Core schema of a record passed on as is: accepted and serialised without looking at it (a plain JSON
    value from a service), documented in the OpenAPI as ``model``'s schema."""

    def __init__(self, model: type[BaseModel]) -> None:
        self.model = model

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.json_or_python_schema(
            json_schema=handler.generate_schema(self.model),  # what the JSON schema (the OpenAPI) shows
            python_schema=core_schema.any_schema(),  # the service's record is not validated again
            serialization=core_schema.simple_ser_schema("any"),  # and is sent as it came
        )


if TYPE_CHECKING:
    M = TypeVar("M", bound=BaseModel)

    class Passed(dict[str, Any], Generic[M]):
        """For type checkers: the record is the service's JSON object (a dict), shaped as ``M``."""

else:

    class Passed:
        """``Passed[Model]``: a service's record (the JSON the service sent, a dict) passed on unchanged and
        documented as the service's response model ``Model``. Real views are validated against the declared
        schema in tests/gateway/test_views.py; tests/gateway/test_view_schemas.py checks that each part names the
        same component as the service route it comes from."""

        def __class_getitem__(cls, model: type[BaseModel]) -> Any:
            return Annotated[Any, _PassedThrough(model)]


class MissingPart(BaseModel):
    """A part of a view the gateway could not get (缺失部分): its field stays null."""

    part: str = Field(description="the field of the view that is null because of this", examples=["problems"])
    service: str = Field(description="the service that did not answer", examples=["issues"])
    reason: str = Field(
        description="deadline_exceeded: no answer within the view's deadline; unavailable: the service is down; "
        "forbidden: the caller may not read it; error: the service answered with another error",
        examples=["unavailable"],
    )
    detail: str = ""


class ViewStatus(BaseModel):
    """How complete a composed view is."""

    # ``missing`` and ``truncated`` are in every answer (empty when nothing is): required in the response schema
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)
    as_of: datetime = Field(description="when the gateway composed the view")
    complete: bool = Field(description="true: every part was read; false: see ``missing``")
    missing: list[MissingPart] = Field(default_factory=list, description="the parts left null, and why")
    truncated: list[str] = Field(
        default_factory=list, description="parts that show only their first page (more records exist)"
    )
    deadline_seconds: float = Field(description="the view never waits longer than this for the services")


# ---------------------------------------------------------------- dossier


class DossierCompletion(BaseModel):
    """Completion of the project's plan (完成率) from its latest submitted or verified report."""

    period: str = Field(examples=["2026-05"])
    report_status: str
    year_to_date_completed: str = Field(description="万元")
    year_planned_investment: str | None = Field(description="年度计划投资, 万元")
    year_plan_rate: str | None = Field(description="年度计划完成率, %")
    total_investment_rate: str | None = Field(description="累计完成率 of the total investment, %")
    time_progress: str = Field(description="序时进度, %")
    behind_points: str | None = Field(description="序时进度 minus the year plan rate (positive: behind)")


class DossierProblem(BaseModel):
    """An open problem of the project with its timeline."""

    problem: Passed[ProblemOut] = Field(
        description="as GET /api/v1/problems/{problem_id} returns it (level, status, deadline)"
    )
    timeline: list[Passed[ProblemEventOut]] | None = Field(
        description="its steps, oldest first, as GET /api/v1/problems/{problem_id}/timeline returns them; null "
        "when they could not be read"
    )


class Dossier(ViewStatus):
    """一项目一档案: everything about one project, read from the four services at once."""

    model_config = ConfigDict(json_schema_extra={"examples": [DOSSIER]})

    project_id: uuid.UUID
    project: Passed[ProjectOut] | None = Field(
        description="the project with its team, leader, year plans and tier (GET /api/v1/projects/{project_id})"
    )
    milestones: list[Passed[MilestoneOut]] | None = Field(
        description="node plan (时间节点) in plan order, with overdue flags"
    )
    procedures: list[Passed[ProcedureOut]] | None = Field(description="procedures (手续) with status and deadlines")
    reports: list[Passed[ReportOut]] | None = Field(description="latest progress reports, newest period first")
    completion: DossierCompletion | None = Field(
        description="from the latest submitted or verified report; null when none or reports are missing"
    )
    lights: list[Passed[LightOut]] | None = Field(description="current warning lights (亮灯) with their reasons")
    problems: list[DossierProblem] | None = Field(description="open problems with their level and timeline")
    letters: list[Passed[LetterOut]] | None = Field(description="letters (督办函) about the project, newest first")
    meetings: list[Passed[MeetingOut]] | None = Field(description="meetings that took the project up, in date order")
    decided_items: list[Passed[DecidedItemOut]] | None = Field(
        description="decided items (议定事项) about the project, by due date"
    )
    scores: list[Passed[SubjectResultOut]] | None = Field(
        description="the project's latest published scores and ranks, newest first"
    )


# ---------------------------------------------------------------- dashboard


class DutyStanding(BaseModel):
    """Who is behind on a duty this month (履职情况): the counts of the meetings service's duty shortfalls."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "month": "2026-10", "as_of": "2026-10-15", "month_closed": False, "people_behind": 2, "units_behind": 1}]})

    month: str = Field(description="the business month counted, e.g. 2026-10")
    as_of: date
    month_closed: bool = Field(description="false while the month runs: what is missing may still be done")
    people_behind: int = Field(description="leaders with a shortfall on any duty (site visits, push meetings)")
    units_behind: int = Field(description="responsible units with a shortfall on their on-site duty")


class RankingEnds(BaseModel):
    """Top and bottom of the latest published ranking (通报表扬 / 通报批评)."""

    run: Passed[RunOut] = Field(description="the run, as GET /api/v1/scoring-runs/{run_id} returns it")
    praise: list[Passed[ListEntry]]
    criticism: list[Passed[ListEntry]]


class KeyRates(BaseModel):
    """The year's key rates at a glance, from the registry's statistics: 开工率, 联审联批完成率, funds in place and how
    many projects state demolition progress."""

    start_rate: Passed[StartRate] = Field(description="开工率 (GET /api/v1/statistics: start_rate)")
    procedure_completion: Passed[ProcedureCompletion] = Field(
        description="联审联批完成率 (GET /api/v1/statistics: procedure_completion)")
    funds_in_place: str = Field(description="到位资金 of the year, 万元", examples=["152600.00"])
    demolition_projects: int = Field(description="projects of the list whose latest report states 征迁 progress")


class Dashboard(ViewStatus):
    """挂图作战: one region's year at a glance."""

    model_config = ConfigDict(json_schema_extra={"examples": [DASHBOARD]})

    region_code: str
    year: int
    statistics: Passed[Statistics] | None = Field(
        description="counts and investment in total, by stage, by system (体系) and by township, lights, and "
        "completion against plan and 序时进度 (GET /api/v1/statistics)"
    )
    map_points: list[Passed[MapPoint]] | None = Field(
        description="projects of the year's list with location, coordinates and worst light "
        "(GET /api/v1/statistics/map-points)"
    )
    problems: Passed[OpenProblemSummary] | None = Field(
        description="open problems by level, past deadline and answer overdue (GET /api/v1/problems/summary)"
    )
    upcoming_meetings: list[Passed[MeetingOut]] | None = Field(
        description="meetings of the next two weeks, not cancelled"
    )
    overdue_decided_items: list[Passed[DecidedItemOut]] | None = Field(
        description="decided items open past their due date"
    )
    overdue_reports: list[Passed[OverdueReportOut]] | None = Field(
        description="projects that missed the latest report due (GET /api/v1/progress-reports/overdue)"
    )
    ranking: RankingEnds | None = Field(
        description="the latest published ranking's top and bottom; null when none is published (then not missing)"
    )
    duties: DutyStanding | None = Field(
        None, description="this month's duty shortfalls counted (GET /api/v1/regions/{region_code}/duty-shortfalls)"
    )
    key_rates: KeyRates | None = Field(
        None, description="开工率, 联审联批完成率, funds in place and demolition, from ``statistics``; null without it")


# ---------------------------------------------------------------- to-dos


class LeaderProject(BaseModel):
    """A project of a post the leader holds (包联项目), with its lights, completion and open problems."""

    project: Passed[ProjectSummary] = Field(description="as GET /api/v1/projects lists it")
    lights: list[Passed[RegionLightOut]] | None
    open_problems: list[Passed[ProblemOut]] | None
    completion: DossierCompletion | None = Field(
        None, description="completion against 序时进度 from the latest submitted or verified report; null when none "
        "(or the reports are missing)")
    days_at_level: dict[str, int] | None = Field(
        None, description="open problem id → calendar days since it reached its current ladder level (在本级天数)")


class LeaderMeeting(BaseModel):
    """A coming meeting the leader chairs or is expected to attend."""

    meeting: Passed[MeetingOut] = Field(description="as GET /api/v1/meetings lists it")
    role: str = Field(description="chair: 主持; attendee: 参加", examples=["chair"])


class TodoDeadline(BaseModel):
    """When one to-do is due, counted in working days on the region's working-day calendar (调休 included)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "part": "problems_to_answer", "id": "d46138d8-d2c9-4e7f-b6c3-9acd7997dc3b", "due_on": "2026-10-19",
        "working_days_left": 2, "overdue": False,
    }]})

    part: str = Field(description="the list of the to-do: reports_due, reports_overdue, reports_returned, "
                      "problems_to_answer, problems_to_supply, letters_to_reply, decided_items_due, meetings, "
                      "dispatches_due",
                      examples=["problems_to_answer"])
    id: str = Field(description="the to-do's record id (for reports_due, reports_overdue and dispatches_due: the "
                    "project id)")
    due_on: date = Field(description="the business day it is due (Asia/Shanghai)")
    working_days_left: int = Field(
        description="working days from today to the due day (0: due today); negative: that many working days late"
    )
    overdue: bool = Field(description="past its deadline (a report: past its due instant)")


class Todos(ViewStatus):
    """我的待办: what the logged-in user has to do now."""

    model_config = ConfigDict(json_schema_extra={"examples": [TODOS_UNIT, TODOS_LEADER]})

    user: str = Field(description="the token's subject")
    roles: list[str]
    unit_id: uuid.UUID | None
    person_id: uuid.UUID | None
    region_code: str | None
    today: date
    reports_due: list[Passed[OverdueReportOut]] | None = Field(
        description="my unit's projects yet to report the next period due, with its due instant (待报)"
    )
    reports_overdue: list[Passed[OverdueReportOut]] | None = Field(
        description="my unit's projects that missed the latest report due (unit users)"
    )
    reports_returned: list[Passed[ReportOut]] | None = Field(description="my unit's reports returned for correction")
    problems_to_answer: list[Passed[ProblemOut]] | None = Field(
        description="problems my unit is asked to answer (待答复)"
    )
    problems_to_supply: list[Passed[ProblemOut]] | None = Field(
        None, description="problems about my unit's projects waiting for the documents listed (待补正材料)"
    )
    reports_to_verify: list[Passed[ReportOut]] | None = Field(
        None, description="for the office (重点办): submitted reports of the region waiting to be verified (待审核)"
    )
    problems_to_close: list[Passed[ProblemOut]] | None = Field(
        None, description="for the office: problems the units say are resolved, waiting to be verified and closed"
    )
    letters_to_reply: list[Passed[LetterOut]] | None = Field(
        description="letters addressed to my unit awaiting a reply"
    )
    decided_items_due: list[Passed[DecidedItemOut]] | None = Field(
        description="open decided items my unit owns, by due date"
    )
    meetings: list[Passed[MeetingOut]] | None = Field(
        description="coming meetings my unit convenes or is invited to (attend, or ask for leave)"
    )
    score_sheets: list[Passed[SheetOut]] | None = Field(description="my score sheets still to fill in open rounds")
    dispatches_due: list[Passed[DispatchDue]] | None = Field(
        None, description="projects whose dispatch (调度) is due or overdue today by their stage's cadence (the "
        "region's dispatch_cadence policy; 楚雄: 未动工天天促, 即将动工十天一调度, 已动工一月一调度): for the office "
        "every project of the region, for a unit the projects it is responsible for; null for other users"
    )
    leader_projects: list[LeaderProject] | None = Field(
        description="for a county leader (县级责任领导): the projects of the posts they hold, with lights and open "
        "problems; null for other users"
    )
    deadlines: list[TodoDeadline] | None = Field(
        None, description="the deadline in working days of each dated to-do above (a unit user's); null when the "
        "region's working-day calendar could not be read"
    )
    duty_shortfalls: Passed[DutyShortfalls] | None = Field(
        None, description="for a county leader: this month's duties they are behind on (site visits per project, "
        "push meetings), with the month and the rules (GET /api/v1/regions/{region_code}/duty-shortfalls with "
        "person_id and behind_only); null for other users"
    )
    leader_meetings: list[LeaderMeeting] | None = Field(
        None, description="for a county leader: coming meetings (from today) they chair or are expected to attend, "
        "in date order; null for other users"
    )
    interview_candidates: list[Passed[InterviewCandidate]] | None = Field(
        None, description="for a county leader: their projects the issues service proposes for an interview (约谈), "
        "with the reasons; null for other users"
    )


# ---------------------------------------------------------------- public


class PublicOverview(BaseModel):
    """阳光行动: what the public may see of a region's key projects, without login."""

    model_config = ConfigDict(json_schema_extra={"examples": [PUBLIC_OVERVIEW]})

    as_of: datetime
    region_code: str
    region_name: str = Field(description="the region's name, e.g. 栾川县")
    year: int
    projects: list[Passed[PublicProject]] = Field(
        description="published projects (GET /api/v1/public/projects): leader, service team, time nodes and "
        "quarterly progress; no phone numbers, no money"
    )
    project_count: int
    with_leader: int = Field(description="projects whose leader post is held today")
    quarters_reported: dict[str, int] = Field(description="quarter → projects with published progress for it")
    next_cursor: str | None = Field(description="more projects: GET /api/v1/public/projects with this cursor")
