"""Decimal numbers within what both databases hold exactly: a declared precision and scale per kind of
number, checked at the edge (a 422 naming the field, with a zh-CN message) and the same in the columns.

SQLite has no decimal type: a NUMERIC column stores a number as a REAL (an IEEE double), which holds every
decimal of at most 15 significant digits exactly (read back and quantized to the column's scale by
SQLAlchemy's ``Numeric``). Every column here therefore has a precision of at most 15, and the API refuses
anything longer, so a value reads back on SQLite exactly as it was written, as it does on PostgreSQL's
``numeric``. Storing the text instead would be exact too, but comparisons and ORDER BY would then compare
strings; REAL keeps them numeric.

``SUM()`` on SQLite adds REALs in floating point: over many rows the rounding errors add up past the 4th
decimal place. :func:`money_sum` adds the amounts as whole 0.0001 units (64-bit integers, exact) instead.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any

from pydantic import Field, PlainSerializer, ValidationError, WithJsonSchema, WrapValidator
from pydantic_core import PydanticCustomError
from sqlalchemy import Numeric, type_coerce
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

# 万元: 11 integer digits and 4 places (exact to the yuan), 99,999,999,999.9999 万元 at most
WAN_DIGITS, WAN_PLACES = 15, 4


def _limit(digits: int, places: int) -> Decimal:
    """The largest number of ``digits`` digits with ``places`` of them after the point."""
    return Decimal(10) ** (digits - places) - Decimal(1).scaleb(-places)


MAX_WAN = _limit(WAN_DIGITS, WAN_PLACES)  # 99999999999.9999


def plain(value: Decimal) -> str:
    """Plain notation without trailing zeros: 12000, 287.2345 (never 1.2E+4). For text a person reads (the
    bounds in a message); an amount in an answer is :func:`money_text`."""
    return format(value.normalize(), "f")


def scaled_text(value: Decimal, *, min_places: int = 2, max_places: int | None = None) -> str:
    """Plain notation with at least ``min_places`` decimals and at most ``max_places`` (rounded half up
    beyond them), no trailing zero past ``min_places``, never an exponent: 800 → "800.00", 1200.5 →
    "1200.50", 287.2345 → "287.2345", 12000.0000 → "12000.00"."""
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    if max_places is not None and _places(value) > max_places:
        value = value.quantize(Decimal(1).scaleb(-max_places), rounding=ROUND_HALF_UP)
    value = Decimal(0) if value == 0 else value.normalize()  # no "-0.00"
    if _places(value) < min_places:
        value = value.quantize(Decimal(1).scaleb(-min_places))
    return format(value, "f")


def _places(value: Decimal) -> int:
    """Digits after the point as written (negative for 1E+3), for a finite number."""
    return -int(value.as_tuple().exponent)


def money_text(value: Decimal) -> str:
    """An amount as every JSON answer carries it: at least two decimals, at most the columns' four, in plain
    notation — "2872000.00", "29003.70", "800.00", "287.2345". Used for 万元 and for tonnes of standard coal."""
    return scaled_text(value, min_places=2, max_places=WAN_PLACES)


def percent_text(value: Decimal) -> str:
    """A percentage (or percentage points) as every answer carries it: two decimals, "45.50", "10.00"."""
    return scaled_text(value, min_places=2)


# what an answer's schema says of a served amount or percentage (the request side keeps its own schema)
MONEY_PATTERN = r"^-?\d+\.\d{2,4}$"
PERCENT_PATTERN = r"^-?\d+\.\d{2,}$"
_SERVED_SCHEMAS: dict[Any, dict[str, Any]] = {
    money_text: {"type": "string", "pattern": MONEY_PATTERN, "examples": ["2872000.00"]},
    percent_text: {"type": "string", "pattern": PERCENT_PATTERN, "examples": ["37.50"]},
}


def served(function: Callable[[Decimal], str]) -> list[Any]:
    """The metadata that serializes a Decimal with ``function`` in JSON (:func:`money_text`, :func:`percent_text`)
    and documents the served string in the answer's schema: ``Annotated[Decimal, *served(money_text)]``."""
    parts: list[Any] = [PlainSerializer(function, return_type=str, when_used="json")]
    if function in _SERVED_SCHEMAS:
        parts.append(WithJsonSchema(_SERVED_SCHEMAS[function], mode="serialization"))
    return parts


def _rule_zh(label: str, digits: int, places: int, ge: Decimal | None, gt: Decimal | None, le: Decimal | None) -> str:
    bounds = []
    if gt is not None:
        bounds.append(f"大于 {plain(gt)}")
    elif ge is not None:
        bounds.append("不能为负" if ge == 0 else f"不小于 {plain(ge)}")
    if le is not None:
        bounds.append(f"不大于 {plain(le)}")
    shape = f"最多 {digits - places} 位整数、{places} 位小数" if places else f"最多 {digits} 位整数、不带小数"
    return f"{label}须为数字，{shape}" + ("，" + "，".join(bounds) if bounds else "")


def bounded_decimal(
    digits: int,
    places: int,
    *,
    label: str,
    ge: Decimal | int | None = None,
    gt: Decimal | int | None = None,
    le: Decimal | int | None = None,
    serializer: bool | Callable[[Decimal], str] = True,
    examples: list[str] | None = None,
) -> Any:
    """``Annotated[Decimal, ...]`` of at most ``digits`` digits, ``places`` after the point, within the bounds.

    Whatever breaks the rule (too many digits, too many places, out of range, not a number) is refused
    with pydantic's own error type and one zh-CN message stating the whole rule, e.g.
    "金额(万元)须为数字，最多 11 位整数、4 位小数，不能为负". With ``serializer`` the JSON is a string
    in plain notation, never a float: ``True`` without trailing zeros (:func:`plain`), or the given function
    (:func:`money_text` keeps an amount's scale)."""
    if digits > WAN_DIGITS:
        raise ValueError("a precision above 15 digits is not exact on SQLite")
    ge_d = None if ge is None else Decimal(ge)
    gt_d = None if gt is None else Decimal(gt)
    top = _limit(digits, places)
    le_d = top if le is None else min(Decimal(le), top)
    message = _rule_zh(label, digits, places, ge_d, gt_d, le_d if le is not None else None)

    def _check(value: Any, handler: Any) -> Decimal:
        try:
            return handler(value)
        except ValidationError as exc:
            kind = exc.errors()[0]["type"] if exc.errors() else "decimal_invalid"
            raise PydanticCustomError(kind, message) from None

    field = Field(
        ge=ge_d, gt=gt_d, le=le_d, max_digits=digits, decimal_places=places, description=message,
        examples=examples,
    )
    parts: list[Any] = [Decimal, field, WrapValidator(_check)]
    if serializer:
        parts.extend(served(plain if serializer is True else serializer))
    return Annotated[tuple(parts)]


# money in 万元, never negative: 99,999,999,999.9999 at most; served with its scale ("12000.50")
Wan = bounded_decimal(WAN_DIGITS, WAN_PLACES, label="金额(万元)", ge=0, serializer=money_text, examples=["12000.50"])
# an amount in an answer (a stored figure, a sum): a string with its scale, "2872000.00", never a float
WanOut = Annotated[Decimal, *served(money_text)]
# a percentage to 0.01 (形象进度 %), 0–100, served with its two decimals ("45.50")
Percent = bounded_decimal(5, 2, label="百分比", ge=0, le=100, serializer=percent_text, examples=["45.50"])
# a ratio 0–1 to 0.0001 (swap comparison ratios)
Ratio = bounded_decimal(5, 4, label="比例", ge=0, le=1, examples=["0.3"])
# tonnes of standard coal (吨标准煤), like money (the same column and the same text in an answer)
Tonnes = bounded_decimal(
    WAN_DIGITS, WAN_PLACES, label="能耗(吨标准煤)", ge=0, serializer=money_text, examples=["1200.50"]
)
TonnesOut = WanOut
# points of a scoring scheme (weights, band points, deductions) to 0.0001
Points = bounded_decimal(10, 4, label="分值", ge=0, serializer=False, examples=["60"])
# a score on a sheet to 0.01 (the criterion's own range is checked by the service)
Score = bounded_decimal(8, 2, label="评分", serializer=False, examples=["87.5"])
Latitude = bounded_decimal(9, 6, label="纬度", ge=-90, le=90, serializer=False)
Longitude = bounded_decimal(9, 6, label="经度", ge=-180, le=180, serializer=False)

# the columns that hold them
WAN_COLUMN = Numeric(WAN_DIGITS, WAN_PLACES, asdecimal=True)
POINTS_COLUMN = Numeric(10, 4, asdecimal=True)
SCORE_COLUMN = Numeric(8, 2, asdecimal=True)


class _UnitSum(FunctionElement):
    """SUM of an amount with 4 places; on SQLite added as whole 0.0001 units (see :func:`money_sum`)."""

    inherit_cache = True
    name = "unit_sum"


@compiles(_UnitSum)
def _unit_sum_default(element: _UnitSum, compiler: Any, **kw: Any) -> str:
    return f"SUM({compiler.process(element.clauses, **kw)})"


@compiles(_UnitSum, "sqlite")
def _unit_sum_sqlite(element: _UnitSum, compiler: Any, **kw: Any) -> str:
    inner = compiler.process(element.clauses, **kw)
    scale = 10**WAN_PLACES
    # every amount is a REAL with at most 15 significant digits: ×10⁴ and rounded it is its exact integer
    # number of 0.0001 units; SQLite adds integers exactly (and raises on a 64-bit overflow, never wraps)
    return f"(SUM(CAST(ROUND(({inner}) * {scale}) AS INTEGER)) / {scale}.0)"


def money_sum(expr: Any) -> ColumnElement[Decimal]:
    """SUM of amounts with up to 4 places, read as :data:`WAN_COLUMN` (NULL when no row). PostgreSQL adds
    ``numeric`` exactly; on SQLite the amounts are added as integers of 0.0001, so a sum reads back exactly
    while it stays within 15 significant digits (sums of a plain SUM() of REALs drift in the 4th place
    after some hundreds of rows)."""
    return type_coerce(_UnitSum(expr), WAN_COLUMN)


__all__ = [
    "MAX_WAN",
    "MONEY_PATTERN",
    "PERCENT_PATTERN",
    "POINTS_COLUMN",
    "SCORE_COLUMN",
    "WAN_COLUMN",
    "WAN_DIGITS",
    "WAN_PLACES",
    "Latitude",
    "Longitude",
    "Percent",
    "Points",
    "Ratio",
    "Score",
    "Tonnes",
    "TonnesOut",
    "Wan",
    "WanOut",
    "bounded_decimal",
    "money_sum",
    "money_text",
    "percent_text",
    "plain",
    "scaled_text",
    "served",
]
