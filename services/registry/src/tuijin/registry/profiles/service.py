"""Rules of region profiles in the registry: reading the shipped profiles, applying one to a region and year.

Applying a profile (``POST /api/v1/regions/{region_code}/profile``), in the request's one transaction: the
registry's own policies of the profile are set as the region's values for the year where the value in effect
differs (``updated_by`` ``profile:<code>``, each change announced as ``policy.changed`` like the policy routes do),
the application is recorded, and ``region.profile_applied`` asks issues, meetings and scoring to apply their parts,
each in its own transaction when the outbox delivers it. Applying the same profile again writes no policy."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel import profiles
from tuijin.kernel.auth import Principal
from tuijin.registry.events import DESTINATIONS, emit
from tuijin.registry.organisation.models import Region
from tuijin.registry.policies.catalogue import STORE
from tuijin.registry.policies.service import announce
from tuijin.registry.profiles.errors import UnknownProfile
from tuijin.registry.profiles.models import ProfileApplication
from tuijin.registry.profiles.schemas import ProfileApplicationOut, ProfileBundle, ProfileOut

PROFILE_APPLIED = "region.profile_applied"


def catalogue() -> list[ProfileOut]:
    return [ProfileOut.model_validate(m.model_dump()) for m in profiles.catalogue()]


def bundle(code: str) -> ProfileBundle:
    """The whole profile: meta, each service's policies, the scoring schemes (404 ``profile_not_found``)."""
    meta = profiles.load_meta(code)
    schemes = profiles.load_schemes(code)
    return ProfileBundle.model_validate({
        **meta.model_dump(),
        "policies": {s: {n: f.model_dump() for n, f in profiles.load_part(code, s).items()}
                     for s in profiles.POLICY_SERVICES},
        "scoring": schemes.model_dump() if schemes is not None else None,
    })


def applied_payload(region_code: str, year: int, meta: profiles.ProfileMeta) -> dict[str, Any]:
    """What ``region.profile_applied`` carries: the receivers read their part of the profile by its code."""
    return {"region_code": region_code, "year": year, "profile": meta.code, "version": meta.version}


async def apply(
    session: AsyncSession, region: Region, code: str, year: int, principal: Principal, *,
    event: str | None = PROFILE_APPLIED,
) -> ProfileApplicationOut:
    """Apply profile ``code`` to ``region`` for ``year``: the registry's part now, the application recorded, and
    (``event``) ``region.profile_applied`` to the services that apply theirs. At a region's creation ``event`` is
    None: ``region.created`` carries the profile instead and each receiver applies its part on it."""
    folder = profiles.directory(code)
    if folder is None:
        raise UnknownProfile(f"No region profile {code!r}.", field="body.profile", message="没有该区域配置模板")
    meta = profiles.read_meta(folder)
    part = profiles.read_part(folder, "registry")
    applied = await profiles.apply_part(session, STORE, region.code, year, part, code)
    values = profiles.values_of(STORE, part)
    for name in applied.changed:
        await announce(session, region.code, name, year, values[name], principal)
    sent = event or "region.created"
    row = ProfileApplication(
        region_code=region.code, year=year, profile=meta.code, version=meta.version, changed=applied.changed,
        unchanged=applied.unchanged, event=sent, applied_by=principal.sub,
    )
    session.add(row)
    if event is not None:
        await emit(session, event, applied_payload(region.code, year, meta), region.code)
    await session.flush()
    return to_out(row)


def to_out(row: ProfileApplication) -> ProfileApplicationOut:
    out = ProfileApplicationOut.model_validate(row)
    out.requested_from = list(DESTINATIONS.get(row.event, ()))
    return out
