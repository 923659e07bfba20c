"""Routes of the duties: who is behind on a duty this month. The duty rules themselves are the policy
``duties`` (``/api/v1/meeting-policies``, :mod:`tuijin.meetings.duties.policies`)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from tuijin.kernel.access import RoleRequired
from tuijin.kernel.auth import CurrentPrincipal, RegionForbidden
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.documents.regions import region_name
from tuijin.kernel.errors import Unauthorized, problem_responses
from tuijin.kernel.validation import Month
from tuijin.meetings import documents as kit
from tuijin.meetings.access import ensure_region_reader
from tuijin.meetings.deps import UPSTREAM_PROBLEMS, directory
from tuijin.meetings.duties import documents, service
from tuijin.meetings.duties.schemas import DutyShortfalls

router = APIRouter(prefix="/api/v1/regions/{region_code}", tags=["duties"])

RegionPath = Annotated[str, Path(pattern=r"^\d{6}$", examples=["410328"])]
MonthQuery = Annotated[Month | None, Query(description="a calendar month, e.g. 2026-10; this month if omitted")]


@router.get("/duty-shortfalls", summary="Who is behind on a duty this month",
            responses=problem_responses(Unauthorized, RegionForbidden, RoleRequired, *UPSTREAM_PROBLEMS))
async def list_duty_shortfalls(
    region_code: RegionPath, session: SessionDep, principal: CurrentPrincipal, request: Request,
    month: MonthQuery = None,
    person_id: Annotated[uuid.UUID | None, Query(description="only this person's duties")] = None,
    behind_only: Annotated[bool, Query(description="only the rows with a shortfall")] = False,
) -> DutyShortfalls:
    """Bounded: one row per duty in force per project of the list being pushed (a county has a few hundred at
    most; the registry's list is read whole, up to 20 000) and one per leader for push meetings. The region's
    duty rules (policy ``duties``, in effect for the month's year) counted against the month's site visits and
    the push meetings (推进会) each leader chaired and held: per person (and project, for per-project duties) or per
    responsible unit, the required count, the done count and the shortfall; ``people_behind`` and
    ``units_behind`` count who has any. This is what scoring counts (制度履行) and what the gateway shows as a
    leader's to-do and on the dashboard. The region's readers (office, leaders, supervisors, scorers, viewers)
    and the services."""
    ensure_region_reader(principal, region_code, "The region's readers see who is behind on a duty.")
    on = today()
    return await service.shortfalls(session, directory(request), region_code, month or on.strftime("%Y-%m"), on,
                                    person_id=person_id, behind_only=behind_only)


@router.get("/duty-shortfalls/export.xlsx", summary="Who is behind on a duty, as .xlsx", response_class=Response,
            responses={**kit.XLSX_RESPONSE, **problem_responses(Unauthorized, RegionForbidden, RoleRequired,
                                                                 *UPSTREAM_PROBLEMS)})
async def export_duty_shortfalls(region_code: RegionPath, session: SessionDep, principal: CurrentPrincipal,
                                 request: Request, month: MonthQuery = None) -> Response:
    """The month's duty shortfalls of ``GET …/duty-shortfalls`` as a print-ready workbook (履职情况统计表): one row
    per duty, those behind first, with the rules in force and the counts of who is behind under the table. The
    region's readers."""
    ensure_region_reader(principal, region_code, "The region's readers see who is behind on a duty.")
    on = today()
    answer = await service.shortfalls(session, directory(request), region_code, month or on.strftime("%Y-%m"), on)
    units = await directory(request).unit_names(region_code)
    region = await region_name(request.app.state.upstreams, region_code)
    content = await run_in_threadpool(documents.shortfalls_workbook, answer, units, region=region)
    return kit.attachment(content, f"{region}{answer.month}履职情况统计表.xlsx",
                          f"duty-shortfalls-{region_code}-{answer.month}.xlsx")
