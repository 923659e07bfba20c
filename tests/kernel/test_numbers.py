"""Decimal numbers within what both databases hold: a declared precision and scale, refused at the edge with
a Chinese message, stored and summed exactly on SQLite (a REAL underneath) and PostgreSQL (numeric)."""

from __future__ import annotations

import random
import re
import uuid
from decimal import Decimal

import pytest
from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Mapped, mapped_column

from tuijin.kernel.db import create_engine, make_base, make_sessionmaker, new_id
from tuijin.kernel.numbers import (
    MAX_WAN,
    MONEY_PATTERN,
    PERCENT_PATTERN,
    Percent,
    Points,
    Score,
    TonnesOut,
    Wan,
    WanOut,
    money_sum,
    money_text,
    percent_text,
)

Base = make_base()


class Amount(Base):
    __tablename__ = "amounts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    batch: Mapped[int]
    value: Mapped[Decimal]  # the kernel's money column, numeric(15, 4)


class Body(BaseModel):
    amount: Wan
    percent: Percent | None = None
    points: Points | None = None
    score: Score | None = None


@pytest.fixture
async def sessionmaker(fresh_databases):
    engine = create_engine(await fresh_databases.new("numbers"))
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    yield make_sessionmaker(engine)
    await engine.dispose()


def test_money_is_at_most_eleven_integer_digits_and_four_places_never_negative():
    assert Body(amount=str(MAX_WAN)).amount == Decimal("99999999999.9999")
    assert Body(amount="0").amount == 0
    for bad in ("100000000000", "99999999999.99999", "0.00001", "-0.0001", "1e12", "Infinity", "一万"):
        with pytest.raises(ValidationError) as caught:
            Body(amount=bad)
        [error] = caught.value.errors()
        assert error["loc"] == ("amount",)
        assert error["msg"] == "金额(万元)须为数字，最多 11 位整数、4 位小数，不能为负", bad


def test_percent_points_and_score_have_their_own_limits():
    assert Body(amount=0, percent="100", points="999999.9999", score="-999999.99").score == Decimal("-999999.99")
    for field, bad in (("percent", "100.01"), ("percent", "1.001"), ("points", "1000000"), ("points", "-1"),
                       ("score", "1000000"), ("score", "1.005")):
        with pytest.raises(ValidationError) as caught:
            Body(amount=0, **{field: bad})
        assert caught.value.errors()[0]["loc"] == (field,), (field, bad)


def test_money_is_a_string_in_json_in_plain_notation_keeping_its_scale():
    """The rule: money keeps its scale, at least two decimals (it once dropped them: "12000", "800.5")."""
    assert Body(amount="1.2E+4").model_dump(mode="json")["amount"] == "12000.00"
    assert Body(amount="800.50").model_dump(mode="json")["amount"] == "800.50"
    assert Body(amount="800.5").model_dump_json() == '{"amount":"800.50","percent":null,"points":null,"score":null}'


@pytest.mark.parametrize(
    ("value", "text"),
    [("800", "800.00"), ("1200.5", "1200.50"), ("287.2345", "287.2345"), ("287.2340", "287.234"),
     ("2872000", "2872000.00"), ("29003.7", "29003.70"), ("12000.0000", "12000.00"), ("1E+4", "10000.00"),
     ("0", "0.00"), ("-0", "0.00"), ("0E-8", "0.00"), ("0.0001", "0.0001"), ("99999999999.9999", "99999999999.9999"),
     ("287.23455", "287.2346"), ("0.00004", "0.00")],
)
def test_money_text_has_at_least_two_places_at_most_four_and_never_an_exponent(value, text):
    """800 → "800.00", 1200.5 → "1200.50", 287.2345 keeps its four places; past the columns' four places a
    computed figure is rounded half up; no trailing zero past the second place, never "1E+4"."""
    assert money_text(Decimal(value)) == text


def test_an_amount_out_serializes_with_its_scale_and_is_a_string_in_the_schema():
    class Out(BaseModel):
        total: WanOut
        energy: TonnesOut

    out = Out(total=Decimal("1334000.0000"), energy=Decimal("5000"))
    assert out.model_dump(mode="json") == {"total": "1334000.00", "energy": "5000.00"}
    assert out.model_dump()["total"] == Decimal("1334000.0000")  # Python keeps the Decimal
    schema = Out.model_json_schema(mode="serialization")["properties"]
    assert schema["total"]["type"] == schema["energy"]["type"] == "string"
    assert schema["total"]["pattern"] == MONEY_PATTERN  # the answer's schema states the rule


@pytest.mark.parametrize("value", ["0", "800", "1200.5", "287.2345", "99999999999.9999", "1E+4", "0.00001"])
def test_every_served_amount_matches_the_pattern_its_schema_documents(value):
    assert re.fullmatch(MONEY_PATTERN, money_text(Decimal(value)))
    assert re.fullmatch(PERCENT_PATTERN, percent_text(Decimal(value)))


def test_a_percentage_keeps_two_decimals():
    assert Body(amount=0, percent="45").model_dump(mode="json")["percent"] == "45.00"
    assert percent_text(Decimal("45")) == "45.00"
    assert percent_text(Decimal("12.5")) == "12.50"
    assert percent_text(Decimal("0.05")) == "0.05"


async def test_the_largest_and_smallest_amounts_read_back_exactly(sessionmaker):
    values = [MAX_WAN, Decimal("0.0001"), Decimal("12345678901.2345"), Decimal("0.1"), Decimal(0)]
    async with sessionmaker() as session, session.begin():
        session.add_all([Amount(batch=1, value=v) for v in values])
    async with sessionmaker() as session:
        stored = (await session.scalars(select(Amount.value).where(Amount.batch == 1))).all()
    assert sorted(stored) == sorted(values)


async def test_a_sum_over_many_rows_is_exact_to_the_fourth_place(sessionmaker):
    """SQLite adds REALs in floating point: a thousand amounts of up to 1亿亿 (10⁸ 万元) drift in the 4th place.
    money_sum adds them as whole 0.0001 units, and PostgreSQL adds numerics: the sum is exact on both."""
    rng = random.Random(1)
    values = [Decimal(rng.randint(0, 10**12)).scaleb(-4) for _ in range(1000)]
    async with sessionmaker() as session, session.begin():
        session.add_all([Amount(batch=2, value=v) for v in values])
    async with sessionmaker() as session:
        total = await session.scalar(select(money_sum(Amount.value)).where(Amount.batch == 2))
        empty = await session.scalar(select(money_sum(Amount.value)).where(Amount.batch == 99))
    assert total == sum(values)
    assert empty is None


async def test_a_sum_read_back_from_either_database_serializes_with_its_scale(sessionmaker):
    """A column of 4 places reads back as 1200.5000 on PostgreSQL and SQLite alike; the answer carries
    "1200.50", and a sum that comes to a whole number "…00"."""
    async with sessionmaker() as session, session.begin():
        session.add_all([Amount(batch=3, value=Decimal(v)) for v in ("799.75", "400.25", "0.5")])
    async with sessionmaker() as session:
        total = await session.scalar(select(money_sum(Amount.value)).where(Amount.batch == 3))
        half = await session.scalar(select(Amount.value).where(Amount.batch == 3, Amount.value < 1))
    assert (money_text(total), money_text(half)) == ("1200.50", "0.50")
    async with sessionmaker() as session, session.begin():
        session.add_all([Amount(batch=4, value=Decimal(v)) for v in ("799.75", "400.25")])
    async with sessionmaker() as session:
        whole = await session.scalar(select(money_sum(Amount.value)).where(Amount.batch == 4))
    assert money_text(whole) == "1200.00"
