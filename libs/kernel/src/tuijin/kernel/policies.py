"""A service's per-region policies (thresholds, timers, due rules…): each a pydantic model with its shipped
default, stored per region and year as JSON in the service's own table (columns ``region_code``, ``name``,
``year`` — 0 for every year without its own — ``value``, ``updated_by``, ``updated_at``). The value in effect
for a year is the year's own row, else the region's all-years row, else the default."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Body, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.access import RoleRequired, ensure_office_of
from tuijin.kernel.auth import CurrentPrincipal, Principal, RegionForbidden, ensure_region
from tuijin.kernel.clock import today
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import NotFound, ProblemError, Unprocessable, problem_responses
from tuijin.kernel.etag import IfMatchOptional, SendsETag, content_version
from tuijin.kernel.messages import chinese_field_message

P = TypeVar("P", bound=BaseModel)

# who recorded a region's starting values (the shipped defaults, installed when the region was created): a value
# of this author still reads as the default (``is_default``) until the office sets its own
SETUP_BY = "system:region-setup"


class PolicyNotFound(NotFound):
    """No policy of that name in the service's catalogue."""

    code = "policy_not_found"


class PolicyNotSet(NotFound):
    """The region has no own value of the policy for that year (nothing to reset)."""

    code = "policy_not_set"


class InvalidPolicyValue(Unprocessable):
    """A policy value that its model refuses, every bad field named."""

    code = "validation_failed"


class PolicyInfo(BaseModel):
    """A policy the service knows: its name, what it configures, its JSON schema and shipped default."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "name": "tiers", "description": "List tiers (清水 default): total ≥ 5000万 → city key list …",
        "json_schema": {"type": "object", "properties": {"city_key_total": {"type": "string"}}},
        "default": {"city_key_total": "5000.00", "city_major_total": "10000.00"},
    }]})

    name: str = Field(examples=["tiers"])
    description: str
    json_schema: dict[str, Any] = Field(description="JSON schema of the value a PUT takes")
    default: dict[str, Any] = Field(description="free-form: the shipped value, as `json_schema` describes it")


class PolicyOut(BaseModel):
    """The value of a region's policy in effect for a year."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "region_code": "410328", "name": "tiers", "year": 2026,
        "value": {"city_key_total": "5000.00", "city_major_total": "10000.00",
                  "provincial_major_total": "100000.00", "provincial_major_year": "20000.00"},
        "is_default": False, "source_year": 0, "updated_by": "洛宁县重点项目办公室",
        "updated_at": "2026-02-10T01:20:00Z",
    }]})

    region_code: str
    name: str
    year: int = Field(description="the year asked for; 0 = every year without its own value")
    value: dict[str, Any] = Field(description="free-form: the value in effect, as the policy's JSON schema in the "
                                  "catalogue describes it")
    is_default: bool = Field(description="true when the region has set nothing: the shipped default applies (as "
                             "recorded for the region when it was created, or the current one)")
    source_year: int | None = Field(
        None, description="year of the region's row in effect (0: its all-years value); null for the default"
    )
    updated_by: str | None = None
    updated_at: datetime | None = None


def validate_value(model: type[BaseModel], body: dict[str, Any]) -> BaseModel:
    """The body as the policy's model; 422 naming every bad field (``body.<field>``), unknown ones included (a
    misspelt threshold must not fall back to the default silently). Each field's ``message`` is Chinese (a form
    shows it beside the field)."""
    errors = [
        {"field": f"body.{key}", "message": "不是此项设置的字段", "type": "extra_forbidden"}
        for key in body
        if key not in model.model_fields
    ]
    value = None
    try:
        value = model.model_validate(body)
    except ValidationError as exc:
        errors += [
            {"field": ".".join(["body", *(str(p) for p in err["loc"])]),
             "message": chinese_field_message(err["msg"], err["type"], err.get("ctx")), "type": err["type"]}
            for err in exc.errors()
        ]
    if errors or value is None:
        names = ", ".join(e["field"] for e in errors[:5])
        raise InvalidPolicyValue(f"Invalid policy value: {names}", errors=errors)
    return value


class PolicyStore:
    """The policies of one service (``policies``: name → model) kept in ``table`` (an ORM class)."""

    def __init__(self, table: Any, policies: dict[str, type[BaseModel]], titles: dict[str, str] | None = None) -> None:
        self.table = table
        self.policies = policies
        self.titles = titles or {}  # a field's Chinese name (字段中文名) by field name, shown by forms as its label

    def json_schema(self, model: type[BaseModel]) -> dict[str, Any]:
        """The policy's JSON schema with each field's Chinese ``title`` where one is known."""
        schema = model.model_json_schema()
        for name, prop in schema.get("properties", {}).items():
            if name in self.titles:
                prop["title"] = self.titles[name]
        return schema

    def model(self, name: str) -> type[BaseModel]:
        model = self.policies.get(name)
        if model is None:
            known = ", ".join(sorted(self.policies))
            raise PolicyNotFound(f"No policy named {name}; known: {known}.")
        return model

    def catalogue(self) -> list[PolicyInfo]:
        return [
            PolicyInfo(
                name=name,
                description=" ".join((model.__doc__ or name).split()),
                json_schema=self.json_schema(model),
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

    @staticmethod
    def out(region_code: str, name: str, year: int, row: Any, model: type[BaseModel]) -> PolicyOut:
        """The answer for policy ``name`` (of ``model``) with the region's ``row`` in effect, or its default."""
        value = model.model_validate(row.value) if row is not None else model()
        return PolicyOut(
            region_code=region_code,
            name=name,
            year=year,
            value=value.model_dump(mode="json"),
            is_default=row is None or row.updated_by == SETUP_BY,
            source_year=row.year if row is not None else None,
            updated_by=row.updated_by if row is not None else None,
            updated_at=row.updated_at if row is not None else None,
        )

    async def effective(self, session: AsyncSession, region_code: str, name: str, year: int) -> PolicyOut:
        model = self.model(name)
        return self.out(region_code, name, year, await self.effective_row(session, region_code, name, year), model)

    async def effective_all(self, session: AsyncSession, region_code: str, year: int) -> list[PolicyOut]:
        """Every policy of the region in effect for ``year``, in one query."""
        t = self.table
        rows = (
            await session.scalars(
                select(t).where(t.region_code == region_code, or_(t.year == year, t.year == 0)).order_by(t.name, t.year)
            )
        ).all()
        by_name = {row.name: row for row in rows}  # the year's own row comes last and wins
        return [self.out(region_code, name, year, by_name.get(name), model)
                for name, model in sorted(self.policies.items())]

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

    async def install_defaults(self, session: AsyncSession, region_code: str) -> list[str]:
        """A region's starting values: the shipped default of every policy the region has no value of (for no
        year) is recorded as its all-years value (year 0, by :data:`SETUP_BY`), so that a later release's new
        default does not change a running county's rules unasked. A policy the region has any value of is left
        alone, so running it again changes nothing. Returns the names recorded."""
        t = self.table
        have = set((await session.scalars(select(t.name).where(t.region_code == region_code))).all())
        added = [name for name in sorted(self.policies) if name not in have]
        for name in added:
            value = self.policies[name]().model_dump(mode="json")
            session.add(t(region_code=region_code, name=name, year=0, value=value, updated_by=SETUP_BY))
        await session.flush()
        return added

    async def reset(self, session: AsyncSession, region_code: str, name: str, year: int) -> None:
        """Remove the region's value for ``year``: its all-years value or the default applies again."""
        self.model(name)
        t = self.table
        result = await session.execute(
            delete(t).where(t.region_code == region_code, t.name == name, t.year == year)
        )
        if not result.rowcount:
            raise PolicyNotSet(f"The region has no own value of {name} for year {year}.")


# ---------------------------------------------------------------- the routes (one router per service)

RegionCodePath = Annotated[str, Path(pattern=r"^\d{6}$", examples=["410328"])]
ReadYear = Annotated[int | None, Query(ge=0, le=2100, description="the year in effect; this year if omitted")]
WriteYear = Annotated[
    int, Query(ge=0, le=2100, description="the year the value is for; 0 (default): every year without its own")
]
# what a change hook receives: the session, the region, the policy name, the year, the stored value (None when
# reset) and the caller; e.g. to announce the change as an event
PolicyHook = Callable[[AsyncSession, str, str, int, dict[str, Any] | None, Principal], Awaitable[None]]
RegionCheck = Callable[[AsyncSession, str], Awaitable[Any]]


def policy_version(out: PolicyOut) -> str:
    """The version (ETag) of a region's policy as read for a year: a hash of what is stored (the value, the row
    in effect, who set it), the time of the change left out (it reads back at another precision)."""
    return content_version(out.model_copy(update={"updated_at": None}))


def policy_router(
    store: PolicyStore,
    *,
    prefix: str,
    tags: list[str],
    catalogue_summary: str,
    catalogue_description: str,
    example_name: str,
    example_value: dict[str, Any],
    with_region_route: bool = False,
    check_region: RegionCheck | None = None,
    region_errors: tuple[type[ProblemError], ...] = (),
    on_change: PolicyHook | None = None,
) -> APIRouter:
    """The routes of a service's per-region policies under ``prefix``: the catalogue (``GET``), one policy in
    effect (``GET /{region_code}/{name}``), set (``PUT``) and back to the default (``DELETE``); with
    ``with_region_route`` also every policy of a region in effect (``GET /{region_code}``). ``check_region``
    (raising ``region_errors``) runs before a value is set; ``on_change`` after a set or a reset."""
    router = APIRouter(prefix=prefix, tags=tags)
    # parameter defaults, not Annotated aliases: this module's annotations are strings, resolved in its globals
    name_path = Path(max_length=40, description=f"one of: {', '.join(sorted(store.policies))}",
                     examples=[example_name])

    @router.get("", summary=catalogue_summary, description=catalogue_description)
    async def policy_catalogue(_: CurrentPrincipal) -> list[PolicyInfo]:
        return store.catalogue()

    if with_region_route:
        @router.get("/{region_code}", summary="A region's policies in effect", responses=problem_responses(
            RegionForbidden), description="Bounded: one entry per policy of the catalogue. The value of every "
            "policy in effect for the region in ``year``, each saying whether it is the shipped default.")
        async def region_policies(
            region_code: RegionCodePath, session: SessionDep, principal: CurrentPrincipal, year: ReadYear = None
        ) -> list[PolicyOut]:
            ensure_region(principal, region_code)
            return await store.effective_all(session, region_code, year if year is not None else today().year)

    @router.get("/{region_code}/{name}", summary="A region's policy in effect",
                responses=problem_responses(PolicyNotFound, RegionForbidden))
    async def get_policy(etag: SendsETag, region_code: RegionCodePath, session: SessionDep,
                         principal: CurrentPrincipal, name: str = name_path, year: ReadYear = None) -> PolicyOut:
        """The value in effect for the region in ``year``: the region's value for that year, else its
        all-years value, else the shipped default (``is_default`` true). Its ETag is what a PUT of the same
        ``year`` sends as If-Match."""
        ensure_region(principal, region_code)
        out = await store.effective(session, region_code, name, year if year is not None else today().year)
        etag(policy_version(out))
        return out

    _write_routes(router, store, name_path, example_value, check_region, region_errors, on_change)
    return router


def _write_routes(
    router: APIRouter, store: PolicyStore, name_path: Any, example_value: dict[str, Any],
    check_region: RegionCheck | None, region_errors: tuple[type[ProblemError], ...], on_change: PolicyHook | None,
) -> None:
    """``PUT`` and ``DELETE /{region_code}/{name}`` of :func:`policy_router` (office of the region)."""
    body_value = Body(description="the whole value, as the policy's JSON schema (the catalogue) describes it; "
                      "omitted fields take their default", examples=[example_value])
    write = problem_responses(PolicyNotFound, InvalidPolicyValue, RoleRequired, RegionForbidden, *region_errors)

    @router.put("/{region_code}/{name}", summary="Set a region's policy", responses=write)
    async def put_policy(if_match: IfMatchOptional, etag: SendsETag, region_code: RegionCodePath,
                         session: SessionDep, principal: CurrentPrincipal, name: str = name_path,
                         body: dict[str, Any] = body_value, year: WriteYear = 0) -> PolicyOut:
        """Set the region's value for ``year`` (office of the region). The body is validated against the
        policy's model: a bad or unknown field is a 422 naming it (``body.<field>``) and nothing changes.
        Replacing the region's own value of ``year`` takes If-Match with the ETag of ``GET`` of the same
        ``year`` (428 without, 412 when it changed since); the region's first value of a year does not, nor
        does replacing a starting value recorded with the region (it still reads as the default)."""
        ensure_office_of(principal, region_code)
        if check_region is not None:
            await check_region(session, region_code)
        current = await store.effective(session, region_code, name, year)
        if_match.check(policy_version(current), required=current.source_year == year and not current.is_default)
        value = await store.set(session, region_code, name, year, body, principal.sub)
        if on_change is not None:
            await on_change(session, region_code, name, year, value, principal)
        out = await store.effective(session, region_code, name, year)
        etag(policy_version(out))
        return out

    @router.delete("/{region_code}/{name}", status_code=204, summary="Back to the default",
                   responses=problem_responses(PolicyNotFound, PolicyNotSet, RoleRequired, RegionForbidden))
    async def delete_policy(region_code: RegionCodePath, session: SessionDep, principal: CurrentPrincipal,
                            name: str = name_path, year: WriteYear = 0) -> Response:
        """Remove the region's own value for ``year`` (office of the region): its all-years value, or the
        shipped default, applies again."""
        ensure_office_of(principal, region_code)
        await store.reset(session, region_code, name, year)
        if on_change is not None:
            await on_change(session, region_code, name, year, None, principal)
        return Response(status_code=204)
