"""Routes of a region's policies (thresholds, due rules… per region and year)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Response

from tuijin.kernel.auth import CurrentPrincipal, ensure_region
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import Forbidden, NotFound, Unauthorized, Unprocessable, problem_responses
from tuijin.kernel.policies import PolicyInfo, PolicyOut
from tuijin.registry import service as core
from tuijin.registry.access import ensure_office_of
from tuijin.registry.policies import POLICIES
from tuijin.registry.policies_api import service

router = APIRouter(prefix="/api/v1/policies", tags=["policies"])

READ = problem_responses(Unauthorized, Forbidden, NotFound)
WRITE = problem_responses(Unauthorized, Forbidden, NotFound, Unprocessable)
RegionCode = Annotated[str, Path(pattern=r"^\d{6}$", examples=["410324"])]
Name = Annotated[str, Path(max_length=40, description=f"one of: {', '.join(sorted(POLICIES))}", examples=["tiers"])]
ReadYear = Annotated[int | None, Query(ge=0, le=2100, description="the year in effect; this year if omitted")]
WriteYear = Annotated[
    int, Query(ge=0, le=2100, description="the year the value is for; 0 (default): every year without its own")
]


@router.get("", summary="Policies the platform knows", responses=problem_responses(Unauthorized))
async def policy_catalogue(_: CurrentPrincipal) -> list[PolicyInfo]:
    """Every configurable policy with its description, the JSON schema of its value and the shipped
    default (what a region uses until its office sets its own)."""
    return service.catalogue()


@router.get("/{region_code}", summary="A region's policies in effect", responses=READ)
async def region_policies(
    region_code: RegionCode, session: SessionDep, principal: CurrentPrincipal, year: ReadYear = None
) -> list[PolicyOut]:
    """The value of every policy in effect for the region in ``year``, each saying whether it is the
    shipped default."""
    ensure_region(principal, region_code)
    return await service.effective_all(session, region_code, year if year is not None else today().year)


@router.get("/{region_code}/{name}", summary="A region's policy in effect", responses=READ)
async def get_policy(
    region_code: RegionCode, name: Name, session: SessionDep, principal: CurrentPrincipal, year: ReadYear = None
) -> PolicyOut:
    """The value in effect for the region in ``year``: the region's value for that year, else its
    all-years value, else the shipped default (``is_default`` true)."""
    ensure_region(principal, region_code)
    return await service.effective(session, region_code, name, year if year is not None else today().year)


@router.put("/{region_code}/{name}", summary="Set a region's policy", responses=WRITE)
async def put_policy(
    region_code: RegionCode,
    name: Name,
    body: Annotated[
        dict[str, Any],
        Body(
            description="the whole value, as the policy's JSON schema (GET /api/v1/policies) describes it; "
            "omitted fields take their default",
            examples=[{"city_key_total": "5000", "city_major_total": "10000", "provincial_major_total": "100000",
                       "provincial_major_year": "20000"}],
        ),
    ],
    session: SessionDep,
    principal: CurrentPrincipal,
    year: WriteYear = 0,
) -> PolicyOut:
    """Set the region's value for ``year`` (office of the region). The body is validated against the
    policy's model: a bad or unknown field is a 422 naming it (``body.<field>``) and nothing changes."""
    ensure_office_of(principal, region_code)
    await core.get_region(session, region_code)
    return await service.set_policy(session, region_code, name, year, body, principal)


@router.delete("/{region_code}/{name}", status_code=204, summary="Back to the default", responses=WRITE)
async def delete_policy(
    region_code: RegionCode, name: Name, session: SessionDep, principal: CurrentPrincipal, year: WriteYear = 0
) -> Response:
    """Remove the region's own value for ``year`` (office of the region): its all-years value, or the
    shipped default, applies again."""
    ensure_office_of(principal, region_code)
    await service.reset_policy(session, region_code, name, year, principal)
    return Response(status_code=204)
