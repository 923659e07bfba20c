"""Rules of a region's policies: the value in effect for a year (the year's own, else the region's
all-years value, else the shipped default), and setting one after validating it against the policy's
model in :data:`tuijin.registry.policies.POLICIES`, field by field."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import Principal
from tuijin.kernel.errors import NotFound, Unprocessable
from tuijin.registry import service as core
from tuijin.registry.models import Policy
from tuijin.registry.policies import POLICIES
from tuijin.registry.policies_api import repository as repo
from tuijin.registry.policies_api.schemas import PolicyInfo, PolicyOut


def policy_model(name: str) -> type[BaseModel]:
    model = POLICIES.get(name)
    if model is None:
        raise NotFound(f"No policy named {name}; known: {', '.join(sorted(POLICIES))}.", code="policy_not_found")
    return model


def catalogue() -> list[PolicyInfo]:
    return [
        PolicyInfo(
            name=name,
            description=" ".join((model.__doc__ or name).split()),
            json_schema=model.model_json_schema(),
            default=model().model_dump(mode="json"),
        )
        for name, model in sorted(POLICIES.items())
    ]


def validate_value(model: type[BaseModel], body: dict[str, Any]) -> BaseModel:
    """The body as the policy's model; 422 naming every bad field (``body.<field>``), unknown ones
    included (a misspelt threshold must not fall back to the default silently)."""
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


def to_out(region_code: str, name: str, year: int, row: Policy | None) -> PolicyOut:
    model = policy_model(name)
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


async def effective(session: AsyncSession, region_code: str, name: str, year: int) -> PolicyOut:
    policy_model(name)
    return to_out(region_code, name, year, await repo.effective_row(session, region_code, name, year))


async def effective_all(session: AsyncSession, region_code: str, year: int) -> list[PolicyOut]:
    rows = await repo.rows_of_region(session, region_code, year)
    return [to_out(region_code, name, year, rows.get(name)) for name in sorted(POLICIES)]


async def set_policy(
    session: AsyncSession, region_code: str, name: str, year: int, body: dict[str, Any], principal: Principal
) -> PolicyOut:
    """Store the region's value for ``year`` (0: every year without its own) and announce it."""
    value = validate_value(policy_model(name), body).model_dump(mode="json")
    row = await repo.own_row(session, region_code, name, year)
    if row is None:
        row = Policy(region_code=region_code, name=name, year=year, value=value, updated_by=principal.sub)
        session.add(row)
    else:
        row.value = value
        row.updated_by = principal.sub
    await session.flush()
    await core.emit(
        session, "policy.changed", {"region_code": region_code, "name": name, "year": year, "value": value},
        region_code,
    )
    return await effective(session, region_code, name, year)


async def reset_policy(session: AsyncSession, region_code: str, name: str, year: int, principal: Principal) -> None:
    """Remove the region's value for ``year``: the all-years value or the default applies again."""
    policy_model(name)
    if not await repo.delete_row(session, region_code, name, year):
        raise NotFound(f"The region has no own value of {name} for year {year}.", code="policy_not_set")
    await core.emit(
        session, "policy.changed",
        {"region_code": region_code, "name": name, "year": year, "value": None, "by": principal.sub},
        region_code,
    )
