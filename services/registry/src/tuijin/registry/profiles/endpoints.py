"""Routes of region profiles (区域配置模板): the shipped profiles, applying one to a region and year, and the
applications a region has had."""

from __future__ import annotations

from fastapi import APIRouter, Path, Query
from sqlalchemy import select

from tuijin.kernel.access import RoleRequired, ensure_office_of
from tuijin.kernel.auth import CurrentPrincipal, RegionForbidden, ensure_region
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import problem_responses
from tuijin.kernel.pagination import Page, PageParamsDep, paginate
from tuijin.kernel.policies import RegionCodePath
from tuijin.kernel.profiles import ProfileNotFound
from tuijin.registry.organisation.errors import RegionNotFound
from tuijin.registry.organisation.service import get_region
from tuijin.registry.profiles import service
from tuijin.registry.profiles.errors import UnknownProfile
from tuijin.registry.profiles.models import ProfileApplication
from tuijin.registry.profiles.schemas import ProfileApplicationOut, ProfileApplyIn, ProfileBundle, ProfileOut

router = APIRouter(prefix="/api/v1", tags=["profiles"])


@router.get("/profiles", summary="Region profiles shipped")
async def list_profiles(_: CurrentPrincipal) -> list[ProfileOut]:
    """Bounded: the shipped profiles (five, one per seed county). Each a named, versioned bundle of a county's
    rules for a year (区域配置模板): its code, name, seed document, year, version and summary."""
    return service.catalogue()


@router.get("/profiles/{code}", summary="A region profile", responses=problem_responses(ProfileNotFound))
async def get_profile(_: CurrentPrincipal, code: str = Path(max_length=40, examples=["huiji-2022"])) -> ProfileBundle:
    """The whole profile: what it is, the registry's, issues' and meetings' policies it sets (each value with the
    seed's words for the fields taken from the seed and our choice for the others) and the scoring schemes."""
    return service.bundle(code)


@router.post("/regions/{region_code}/profile", summary="Apply a region profile",
             responses=problem_responses(UnknownProfile, RoleRequired, RegionForbidden, RegionNotFound))
async def apply_profile(region_code: RegionCodePath, body: ProfileApplyIn, session: SessionDep,
                        principal: CurrentPrincipal) -> ProfileApplicationOut:
    """Apply a profile to the region for ``year`` (this business year if omitted), by the admin or the office of
    the region. In one transaction the registry sets its policies of the profile as the region's values for the
    year where the value in effect differs (announced as ``policy.changed``), records the application and sends
    ``region.profile_applied`` to issues, meetings and scoring, which apply their parts when it reaches them.
    Applying the same profile again changes nothing; every value stays editable through the policy routes."""
    ensure_office_of(principal, region_code)
    region = await get_region(session, region_code)
    year = body.year if body.year is not None else today().year
    return await service.apply(session, region, body.profile, year, principal)


@router.get("/regions/{region_code}/profile", summary="A region's profile applications",
            responses=problem_responses(RegionForbidden))
async def list_applications(
    region_code: RegionCodePath, session: SessionDep, principal: CurrentPrincipal, page: PageParamsDep,
    year: int | None = Query(None, ge=2000, le=2100, description="only the applications for this year"),
) -> Page[ProfileApplicationOut]:
    """The profiles applied to the region (for ``year`` when given, every year otherwise), the latest first;
    keyset-paginated."""
    ensure_region(principal, region_code)
    stmt = select(ProfileApplication).where(ProfileApplication.region_code == region_code)
    if year is not None:
        stmt = stmt.where(ProfileApplication.year == year)
    rows, cursor = await paginate(session, stmt, order=[ProfileApplication.applied_at, ProfileApplication.id],
                                  params=page, descending=True)
    return Page(items=[service.to_out(r) for r in rows], next_cursor=cursor, limit=page.limit)
