"""Routes of a region's issues policies (the ladder, letters, interview thresholds per region and year)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Response

from tuijin.issues.access import ensure_office_of
from tuijin.issues.policies import service
from tuijin.issues.policies.values import POLICIES
from tuijin.kernel.auth import CurrentPrincipal, ensure_region
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import Forbidden, NotFound, Unauthorized, Unprocessable, problem_responses
from tuijin.kernel.policies import PolicyInfo, PolicyOut

router = APIRouter(prefix="/api/v1/issue-policies", tags=["issues: policies"])

READ = problem_responses(Unauthorized, Forbidden, NotFound)
WRITE = problem_responses(Unauthorized, Forbidden, NotFound, Unprocessable)
RegionCode = Annotated[str, Path(pattern=r"^\d{6}$", examples=["410324"])]
Name = Annotated[str, Path(max_length=40, description=f"one of: {', '.join(sorted(POLICIES))}", examples=["ladder"])]
ReadYear = Annotated[int | None, Query(ge=0, le=2100, description="the year in effect; this year if omitted")]
WriteYear = Annotated[
    int, Query(ge=0, le=2100, description="the year the value is for; 0 (default): every year without its own")
]


@router.get("", summary="Policies of the issues service", responses=problem_responses(Unauthorized))
async def policy_catalogue(_: CurrentPrincipal) -> list[PolicyInfo]:
    """Every configurable policy (``ladder``: level rules and answer timers; ``letters``: letter grades,
    numbering and triggers; ``interviews``: interview thresholds) with its JSON schema and shipped default."""
    return service.catalogue()


@router.get("/{region_code}/{name}", summary="A region's policy in effect", responses=READ)
async def get_policy(
    region_code: RegionCode, name: Name, session: SessionDep, principal: CurrentPrincipal, year: ReadYear = None
) -> PolicyOut:
    """The value in effect for the region in ``year``: its value for that year, else its all-years value,
    else the shipped default (``is_default`` true)."""
    ensure_region(principal, region_code)
    return await service.effective(session, region_code, name, year if year is not None else today().year)


@router.put("/{region_code}/{name}", summary="Set a region's policy", responses=WRITE)
async def put_policy(
    region_code: RegionCode,
    name: Name,
    body: Annotated[
        dict[str, Any],
        Body(
            description="the whole value as the policy's JSON schema describes it; omitted fields take their default",
            examples=[{"answer_working_days": 3, "documents_working_days": 1}],
        ),
    ],
    session: SessionDep,
    principal: CurrentPrincipal,
    year: WriteYear = 0,
) -> PolicyOut:
    """Set the region's value for ``year`` (office of the region). A bad or unknown field is a 422 naming it
    (``body.<field>``) and nothing changes."""
    ensure_office_of(principal, region_code)
    return await service.set_policy(session, region_code, name, year, body, principal)


@router.delete("/{region_code}/{name}", status_code=204, summary="Back to the default", responses=WRITE)
async def delete_policy(
    region_code: RegionCode, name: Name, session: SessionDep, principal: CurrentPrincipal, year: WriteYear = 0
) -> Response:
    """Remove the region's own value for ``year``: its all-years value, or the shipped default, applies again."""
    ensure_office_of(principal, region_code)
    await service.reset_policy(session, region_code, name, year)
    return Response(status_code=204)
