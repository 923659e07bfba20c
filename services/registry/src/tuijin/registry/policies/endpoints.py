"""Routes of a region's policies (thresholds, due rules… per region and year): the kernel's policy router over
the registry's store, the region checked before a value is set, every change announced."""

from __future__ import annotations

from tuijin.kernel.policies import policy_router
from tuijin.registry.organisation.errors import RegionNotFound
from tuijin.registry.organisation.service import get_region
from tuijin.registry.policies.catalogue import STORE
from tuijin.registry.policies.service import announce

router = policy_router(
    STORE,
    prefix="/api/v1/policies",
    tags=["policies"],
    catalogue_summary="Policies the platform knows",
    catalogue_description="Bounded: the catalogue of the registry's policies (seven). Every configurable policy "
    "with its description, the JSON schema of its value and the shipped default (what a region uses until its "
    "office sets its own).",
    example_name="tiers",
    example_value={"city_key_total": "5000.00", "city_major_total": "10000.00",
                   "provincial_major_total": "100000.00", "provincial_major_year": "20000.00"},
    with_region_route=True,
    check_region=get_region,
    region_errors=(RegionNotFound,),
    on_change=announce,
)
