"""The issues service's policies per region and year (the ladder, letters, interviews): the kernel's
:class:`~tuijin.kernel.policies.PolicyStore` over the ``issue_policies`` table."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.issues.policies.models import IssuePolicy
from tuijin.issues.policies.values import POLICIES
from tuijin.kernel.auth import Principal
from tuijin.kernel.policies import PolicyInfo, PolicyOut, PolicyStore

STORE = PolicyStore(IssuePolicy, POLICIES)
load_policy = STORE.load


def catalogue() -> list[PolicyInfo]:
    return STORE.catalogue()


async def effective(session: AsyncSession, region_code: str, name: str, year: int) -> PolicyOut:
    return await STORE.effective(session, region_code, name, year)


async def set_policy(
    session: AsyncSession, region_code: str, name: str, year: int, body: dict[str, Any], principal: Principal
) -> PolicyOut:
    """Store the region's value for ``year`` (0: every year without its own)."""
    await STORE.set(session, region_code, name, year, body, principal.sub)
    return await effective(session, region_code, name, year)


async def reset_policy(session: AsyncSession, region_code: str, name: str, year: int) -> None:
    """Remove the region's value for ``year``: its all-years value or the default applies again."""
    await STORE.reset(session, region_code, name, year)
