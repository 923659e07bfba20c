"""Keyset pagination: a page's cost does not grow with the table.

A list is ordered by one or more columns ending in a unique one (usually the id); the cursor is the
ordering values of the last row, opaque to clients. ``paginate`` fetches ``limit + 1`` rows after the
cursor with a row-value comparison, so the database walks an index instead of counting an offset.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Select, TypeDecorator, literal, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from tuijin.kernel.errors import BadRequest, raises

T = TypeVar("T")


class InvalidCursor(BadRequest):
    """The ``cursor`` is not a ``next_cursor`` of this list."""

    code = "invalid_cursor"


class Page(BaseModel, Generic[T]):
    """One page of a list; pass ``next_cursor`` back as ``cursor`` for the next page."""

    # every field is in every answer (``next_cursor`` null on the last page): required in the response schema
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)
    items: list[T]
    next_cursor: str | None = Field(None, description="opaque cursor of the next page; null on the last")
    limit: int


@dataclass
class PageParams:
    limit: int
    cursor: str | None


@raises(InvalidCursor)  # where paginate() decodes the cursor
async def page_params(
    limit: Annotated[int, Query(ge=1, le=200, description="rows per page")] = 50,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
) -> PageParams:
    # async although it awaits nothing: FastAPI runs a plain ``def`` dependency in its thread pool, a thread
    # hand-off on every list request
    return PageParams(limit=limit, cursor=cursor)


PageParamsDep = Annotated[PageParams, Depends(page_params)]


def _dump(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    return value


def _load(value: Any, column: ColumnElement) -> Any:
    if value is None:
        return None
    type_ = column.type
    if isinstance(type_, TypeDecorator):  # e.g. UTCDateTime: its own python_type is ``object``
        type_ = type_.impl_instance
    try:
        python_type = type_.python_type
    except NotImplementedError:
        return value
    if python_type is datetime:
        instant = datetime.fromisoformat(value)
        if getattr(type_, "timezone", False) and instant.tzinfo is None:
            raise ValueError("naive instant in a cursor for an aware column")
        return instant
    if python_type is date:
        return date.fromisoformat(value)
    if python_type in (uuid.UUID, Decimal, int):
        return python_type(value)
    return value


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps([_dump(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, columns: list[ColumnElement]) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(columns):
            raise ValueError("cursor shape")
        return [_load(v, c) for v, c in zip(values, columns, strict=True)]
    # AttributeError: uuid.UUID(<non-str>); ArithmeticError: decimal.InvalidOperation from Decimal(<junk>)
    except (ValueError, TypeError, AttributeError, ArithmeticError) as exc:
        raise InvalidCursor("The cursor is not valid for this list.",
                            errors=[{"field": "query.cursor", "message": "invalid cursor",
                                  "type": "invalid_cursor"}]) from exc


async def paginate(
    session: AsyncSession,
    stmt: Select,
    *,
    order: list[ColumnElement],
    params: PageParams,
    descending: bool = False,
) -> tuple[list[Any], str | None]:
    """Rows of ``stmt`` after the cursor, ordered by ``order`` (last column unique), and the next
    cursor. ``stmt`` selects ORM entities or rows; the ordering values are read back by column key."""
    if params.cursor:
        values = decode_cursor(params.cursor, order)
        key = tuple_(*order)
        # bind each value with its column's type, so it is stored-format (e.g. UTCDateTime) on the way in
        bound = tuple_(*[literal(v, type_=c.type) for v, c in zip(values, order, strict=True)])
        stmt = stmt.where(key < bound if descending else key > bound)
    stmt = stmt.order_by(*[c.desc() if descending else c.asc() for c in order]).limit(params.limit + 1)
    rows = list((await session.execute(stmt)).scalars().all()) if _is_entity(stmt) else list(
        (await session.execute(stmt)).all()
    )
    next_cursor = None
    if len(rows) > params.limit:
        rows = rows[: params.limit]
        last = rows[-1]
        next_cursor = encode_cursor([getattr(last, c.key) for c in order])
    return rows, next_cursor


def _is_entity(stmt: Select) -> bool:
    descs = stmt.column_descriptions
    return len(descs) == 1 and descs[0].get("entity") is not None and descs[0].get("expr") is descs[0].get(
        "entity"
    )
