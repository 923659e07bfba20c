"""The registry's policies per region and year (:data:`tuijin.registry.policies.POLICIES`, kept by the kernel's
:class:`~tuijin.kernel.policies.PolicyStore`); every change is announced as ``policy.changed``."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import Principal
from tuijin.kernel.policies import PolicyInfo, PolicyOut
from tuijin.registry import service as core
from tuijin.registry.policies import STORE


def catalogue() -> list[PolicyInfo]:
    return STORE.catalogue()


async def effective(session: AsyncSession, region_code: str, name: str, year: int) -> PolicyOut:
    return await STORE.effective(session, region_code, name, year)


async def effective_all(session: AsyncSession, region_code: str, year: int) -> list[PolicyOut]:
    return await STORE.effective_all(session, region_code, year)


async def set_policy(
    session: AsyncSession, region_code: str, name: str, year: int, body: dict[str, Any], principal: Principal
) -> PolicyOut:
    """Store the region's value for ``year`` (0: every year without its own) and announce it."""
    value = await STORE.set(session, region_code, name, year, body, principal.sub)
    await core.emit(
        session, "policy.changed", {"region_code": region_code, "name": name, "year": year, "value": value},
        region_code,
    )
    return await effective(session, region_code, name, year)


async def reset_policy(session: AsyncSession, region_code: str, name: str, year: int, principal: Principal) -> None:
    """Remove the region's value for ``year``: the all-years value or the default applies again."""
    await STORE.reset(session, region_code, name, year)
    await core.emit(
        session, "policy.changed",
        {"region_code": region_code, "name": name, "year": year, "value": None, "by": principal.sub},
        region_code,
    )
