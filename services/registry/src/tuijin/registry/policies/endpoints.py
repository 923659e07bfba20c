"""Routes of a region's policies (thresholds, due rules… per region and year): the kernel's policy router over
the registry's store, the region checked before a value is set, every change announced."""

from __future__ import annotations

from fastapi import APIRouter

from tuijin.kernel.auth import CurrentPrincipal, RegionForbidden, ensure_region
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.documents.word import DocumentFormat
from tuijin.kernel.errors import problem_responses
from tuijin.kernel.policies import ReadYear, RegionCodePath, policy_router
from tuijin.registry.organisation.errors import RegionNotFound
from tuijin.registry.organisation.service import get_region
from tuijin.registry.policies.catalogue import STORE, load_policy
from tuijin.registry.policies.service import announce

router = policy_router(
    STORE,
    prefix="/api/v1/policies",
    tags=["policies"],
    catalogue_summary="Policies the platform knows",
    catalogue_description="Bounded: the catalogue of the registry's policies (a dozen or so, fixed by the "
    "release). Every configurable policy with its description, the JSON schema of its value and the shipped "
    "default (what a region uses until its office sets its own).",
    example_name="tiers",
    example_value={"city_key_total": "5000.00", "city_major_total": "10000.00",
                   "provincial_major_total": "100000.00", "provincial_major_year": "20000.00"},
    with_region_route=True,
    check_region=get_region,
    region_errors=(RegionNotFound,),
    on_change=announce,
)

format_router = APIRouter(prefix="/api/v1/regions", tags=["policies"])


@format_router.get("/{region_code}/document-format", summary="A region's official-document format",
                   responses=problem_responses(RegionNotFound, RegionForbidden))
async def document_format(region_code: RegionCodePath, session: SessionDep, principal: CurrentPrincipal,
                          year: ReadYear = None) -> DocumentFormat:
    """The region's official-document format (公文格式) in effect for ``year``, every blank of its ``documents``
    policy filled with the default derived from the region's name: the issuing authority's full name in the red
    header, each kind's 字号 prefix, the 主送 and 抄送 lists, the 印发机关 and the authority that seals. The
    issues, meetings and scoring services read it to lay out their documents; the office changes it with
    ``PUT /api/v1/policies/{region_code}/documents`` (If-Match)."""
    ensure_region(principal, region_code)
    region = await get_region(session, region_code)
    stored = await load_policy(session, region_code, year if year is not None else today().year, DocumentFormat)
    return stored.resolved(region.name)
