"""The registry's policies per region and year (:data:`tuijin.registry.policies.catalogue.POLICIES`, kept by the
kernel's :class:`~tuijin.kernel.policies.PolicyStore`); every change is announced as ``policy.changed``."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import Principal
from tuijin.registry.events import emit


async def announce(
    session: AsyncSession, region_code: str, name: str, year: int, value: dict[str, Any] | None, principal: Principal
) -> None:
    """``policy.changed`` with the stored value (None: reset to the all-years value or the default)."""
    payload: dict[str, Any] = {"region_code": region_code, "name": name, "year": year, "value": value}
    if value is None:
        payload["by"] = principal.sub
    await emit(session, "policy.changed", payload, region_code)
