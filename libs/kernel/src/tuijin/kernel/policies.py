"""A service's per-region policies (thresholds, timers, due rules…): each a pydantic model with its shipped
default, stored per region and year as JSON in the service's own table (columns ``region_code``, ``name``,
``year`` — 0 for every year without its own — ``value``, ``updated_by``, ``updated_at``). The value in effect
for a year is the year's own row, else the region's all-years row, else the default."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.errors import NotFound, Unprocessable

P = TypeVar("P", bound=BaseModel)


class PolicyInfo(BaseModel):
    """A policy the service knows: its name, what it configures, its JSON schema and shipped default."""

    name: str = Field(examples=["tiers"])
    description: str
    json_schema: dict[str, Any] = Field(description="JSON schema of the value a PUT takes")
    default: dict[str, Any]


class PolicyOut(BaseModel):
    """The value of a region's policy in effect for a year."""

    region_code: str
    name: str
    year: int = Field(description="the year asked for; 0 = every year without its own value")
    value: dict[str, Any]
    is_default: bool = Field(description="true when the region has set nothing: the shipped default applies")
    source_year: int | None = Field(
        None, description="year of the region's row in effect (0: its all-years value); null for the default"
    )
    updated_by: str | None = None
    updated_at: datetime | None = None


def validate_value(model: type[BaseModel], body: dict[str, Any]) -> BaseModel:
    """The body as the policy's model; 422 naming every bad field (``body.<field>``), unknown ones included (a
    misspelt threshold must not fall back to the default silently)."""
    errors = [
        {"field": f"body.{key}", "message": "not a field of this policy", "type": "extra_forbidden"}
        for key in body
        if key not in model.model_fields
    ]
    value = None
    try:
        value = model.model_validate(body)
    except ValidationError as exc:
        errors += [
            {"field": ".".join(["body", *(str(p) for p in err["loc"])]), "message": err["msg"], "type": err["type"]}
            for err in exc.errors()
        ]
    if errors or value is None:
        names = ", ".join(e["field"] for e in errors[:5])
        raise Unprocessable(f"Invalid policy value: {names}", code="validation_failed", errors=errors)
    return value


class PolicyStore:
    """The policies of one service (``policies``: name → model) kept in ``table`` (an ORM class)."""

    def __init__(self, table: Any, policies: dict[str, type[BaseModel]]) -> None:
        self.table = table
        self.policies = policies

    def model(self, name: str) -> type[BaseModel]:
        model = self.policies.get(name)
        if model is None:
            known = ", ".join(sorted(self.policies))
            raise NotFound(f"No policy named {name}; known: {known}.", code="policy_not_found")
        return model

    def catalogue(self) -> list[PolicyInfo]:
        return [
            PolicyInfo(
                name=name,
                description=" ".join((model.__doc__ or name).split()),
                json_schema=model.model_json_schema(),
                default=model().model_dump(mode="json"),
            )
            for name, model in sorted(self.policies.items())
        ]

    async def effective_row(self, session: AsyncSession, region_code: str, name: str, year: int) -> Any:
        """The row in effect for ``year``: the year's own, else the all-years row (year 0), else None."""
        t = self.table
        return await session.scalar(
            select(t)
            .where(t.region_code == region_code, t.name == name, or_(t.year == year, t.year == 0))
            .order_by(t.year.desc())
            .limit(1)
        )

    async def load(self, session: AsyncSession, region_code: str, year: int, model: type[P]) -> P:
        """The region's policy ``model`` in effect for ``year``, as the model."""
        name = next(k for k, v in self.policies.items() if v is model)
        row = await self.effective_row(session, region_code, name, year)
        return model.model_validate(row.value) if row is not None else model()

    def out(self, region_code: str, name: str, year: int, row: Any) -> PolicyOut:
        model = self.model(name)
        value = model.model_validate(row.value) if row is not None else model()
        return PolicyOut(
            region_code=region_code,
            name=name,
            year=year,
            value=value.model_dump(mode="json"),
            is_default=row is None,
            source_year=row.year if row is not None else None,
            updated_by=row.updated_by if row is not None else None,
            updated_at=row.updated_at if row is not None else None,
        )

    async def effective(self, session: AsyncSession, region_code: str, name: str, year: int) -> PolicyOut:
        self.model(name)
        return self.out(region_code, name, year, await self.effective_row(session, region_code, name, year))

    async def effective_all(self, session: AsyncSession, region_code: str, year: int) -> list[PolicyOut]:
        """Every policy of the region in effect for ``year``, in one query."""
        t = self.table
        rows = (
            await session.scalars(
                select(t).where(t.region_code == region_code, or_(t.year == year, t.year == 0)).order_by(t.name, t.year)
            )
        ).all()
        by_name = {row.name: row for row in rows}  # the year's own row comes last and wins
        return [self.out(region_code, name, year, by_name.get(name)) for name in sorted(self.policies)]

    async def set(
        self, session: AsyncSession, region_code: str, name: str, year: int, body: dict[str, Any], by: str
    ) -> dict[str, Any]:
        """Store the region's value for ``year`` (0: every year without its own) after validating it field by
        field; returns the stored value."""
        value = validate_value(self.model(name), body).model_dump(mode="json")
        t = self.table
        row = await session.scalar(select(t).where(t.region_code == region_code, t.name == name, t.year == year))
        if row is None:
            session.add(t(region_code=region_code, name=name, year=year, value=value, updated_by=by))
        else:
            row.value = value
            row.updated_by = by
        await session.flush()
        return value

    async def reset(self, session: AsyncSession, region_code: str, name: str, year: int) -> None:
        """Remove the region's value for ``year``: its all-years value or the default applies again."""
        self.model(name)
        t = self.table
        result = await session.execute(
            delete(t).where(t.region_code == region_code, t.name == name, t.year == year)
        )
        if not result.rowcount:
            raise NotFound(f"The region has no own value of {name} for year {year}.", code="policy_not_set")
