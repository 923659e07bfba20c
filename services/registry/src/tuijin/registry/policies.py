"""Region configuration (per region and year) with the shipped defaults. Thresholds differ by
province and year: they are configuration, not code."""

from __future__ import annotations

from decimal import Decimal
from typing import TypeVar

from pydantic import BaseModel, Field
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.registry.enums import ListTier
from tuijin.registry.models import Policy


class TierThresholds(BaseModel):
    """List tiers (清水 default): total ≥ 5000万 → city key list; ≥ 1亿 → city major list; ≥ 10亿 and this
    year ≥ 2亿 → provincial major list (万元)."""

    city_key_total: Decimal = Field(Decimal("5000"), ge=0)
    city_major_total: Decimal = Field(Decimal("10000"), ge=0)
    provincial_major_total: Decimal = Field(Decimal("100000"), ge=0)
    provincial_major_year: Decimal = Field(Decimal("20000"), ge=0)

    def tier(self, total: Decimal, this_year: Decimal | None) -> ListTier:
        if total >= self.provincial_major_total and (this_year or 0) >= self.provincial_major_year:
            return ListTier.provincial_major
        if total >= self.city_major_total:
            return ListTier.city_major
        if total >= self.city_key_total:
            return ListTier.city_key
        return ListTier.county


P = TypeVar("P", bound=BaseModel)

POLICIES: dict[str, type[BaseModel]] = {"tiers": TierThresholds}


async def load_policy(session: AsyncSession, region_code: str, year: int, model: type[P]) -> P:
    """The region's policy for ``year`` (its own row, else the all-years row, else the default)."""
    name = next(k for k, v in POLICIES.items() if v is model)
    rows = (
        await session.scalars(
            select(Policy)
            .where(Policy.region_code == region_code, Policy.name == name, or_(Policy.year == year, Policy.year == 0))
            .order_by(Policy.year.desc())
        )
    ).all()
    return model.model_validate(rows[0].value) if rows else model()
