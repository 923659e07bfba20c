"""The login throttle: failed logins counted atomically per key, with exponential backoff.

Three keys are counted for an attempt, in this order (always the same order, so PostgreSQL's row locks
cannot deadlock):

- ``pair``: the account from one client address. ``login_max_failures`` failures are free; after that the
  address waits ``base * 2**k`` seconds for that account (k = failures past the free ones), capped at
  ``login_backoff_max_seconds``. An attacker's failures never hold back the owner at another address.
- ``account``: the account from every address, with a much higher free count and a short cap: it only
  slows a distributed guesser down, and an address that logged in to the account recently skips it.
- ``address``: one address for every account (password spraying).

An attempt *reserves* its place before the password is checked: one upsert per key adds one to the count
(``failures = failures + 1 ... RETURNING failures``) unless the key is waiting. The attempt that reaches the
free count puts the key on hold while its password is checked, so parallel attempts cannot pass together;
afterwards a failure sets the real wait and a success clears it. All three reservations are one
transaction: when a later key refuses, the earlier increments are rolled back.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, case, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tuijin.gateway.errors import LoginRateLimited
from tuijin.gateway.models import LoginThrottle
from tuijin.gateway.settings import GatewaySettings
from tuijin.kernel.clock import utcnow
from tuijin.kernel.db import UTCDateTime, is_postgres

# how long the attempt that reaches the free count holds its key while its password is checked
IN_FLIGHT_HOLD = timedelta(seconds=60)

T = LoginThrottle


@dataclass(frozen=True)
class Key:
    kind: str
    username: str | None
    client_ip: str | None
    free: int
    cap: int

    @property
    def id(self) -> str:
        return hashlib.sha256(f"{self.kind}\0{self.username or ''}\0{self.client_ip or ''}".encode()).hexdigest()


@dataclass
class Reservation:
    """What one login attempt holds: each key with the failure count it reserved."""

    keys: list[tuple[Key, int]]


def _keys(settings: GatewaySettings, username: str, ip: str, *, known_address: bool) -> list[Key]:
    keys = [Key("pair", username, ip, settings.login_max_failures, settings.login_backoff_max_seconds)]
    if not known_address:
        keys.append(Key("account", username, None, settings.login_max_failures_per_account,
                        settings.login_account_backoff_max_seconds))
    keys.append(Key("address", None, ip, settings.login_max_failures_per_ip, settings.login_backoff_max_seconds))
    return keys


def backoff_seconds(settings: GatewaySettings, key: Key, failures: int) -> int:
    """The wait after ``failures`` failures: none below the free count, then base, 2 x base, ... up to the cap."""
    if failures < key.free:
        return 0
    steps = min(failures - key.free, 32)
    return min(settings.login_backoff_base_seconds * 2**steps, key.cap)


def _at(name: str, value: datetime):
    return bindparam(name, value, type_=UTCDateTime())


def _reserve_statement(session: AsyncSession, key: Key, now: datetime, forget_before: datetime):
    dialect = postgresql if is_postgres(session) else sqlite
    forgotten = func.coalesce(T.blocked_until, T.last_attempt_at) <= _at("forget_before", forget_before)
    failures = case((forgotten, 1), else_=T.failures + 1)
    stmt = dialect.insert(T).values(
        key=key.id, kind=key.kind, username=(key.username or "")[:64] or None,
        client_ip=(key.client_ip or "")[:64] or None, failures=1,
        blocked_until=now + IN_FLIGHT_HOLD if key.free <= 1 else None, last_attempt_at=now,
    )
    return stmt.on_conflict_do_update(
        index_elements=[T.key],
        set_={
            "failures": failures,
            "blocked_until": case((failures >= key.free, _at("hold", now + IN_FLIGHT_HOLD)), else_=None),
            "last_attempt_at": _at("now", now),
        },
        where=or_(T.blocked_until.is_(None), T.blocked_until <= _at("now_w", now)),
    ).returning(T.failures)


def _refused(seconds: int) -> LoginRateLimited:
    return LoginRateLimited(f"登录失败次数过多，请 {seconds} 秒后再试。", retry_after=seconds)


async def _known_address(session: AsyncSession, settings: GatewaySettings, username: str, ip: str,
                         now: datetime) -> bool:
    if settings.login_known_address_days <= 0:
        return False
    pair = Key("pair", username, ip, 0, 0)
    last = await session.scalar(select(T.last_success_at).where(T.key == pair.id))
    return last is not None and last >= now - timedelta(days=settings.login_known_address_days)


class _Waiting(Exception):
    def __init__(self, until: datetime | None) -> None:
        self.until = until


async def reserve(sessionmaker: async_sessionmaker[AsyncSession], settings: GatewaySettings, username: str,
                  ip: str) -> Reservation:
    """Count this attempt under each key, or refuse it (429 with Retry-After) when a key is waiting."""
    now = utcnow()
    forget_before = now - timedelta(seconds=settings.login_window_seconds)
    reserved: list[tuple[Key, int]] = []
    try:
        async with sessionmaker() as session:
            async with session.begin():
                known = await _known_address(session, settings, username, ip, now)
            async with session.begin():  # one transaction: a refusal rolls back the keys counted before it
                for key in _keys(settings, username, ip, known_address=known):
                    count = (await session.execute(_reserve_statement(session, key, now, forget_before))).scalar()
                    if count is None:
                        raise _Waiting(await session.scalar(select(T.blocked_until).where(T.key == key.id)))
                    reserved.append((key, count))
    except _Waiting as waiting:
        wait = math.ceil(((waiting.until or now) - now).total_seconds())
        raise _refused(max(wait, 1)) from None
    return Reservation(reserved)


async def failed(sessionmaker: async_sessionmaker[AsyncSession], settings: GatewaySettings,
                 reservation: Reservation) -> None:
    """The password was wrong: each key that reached its free count waits (the hold becomes the backoff)."""
    now = utcnow()
    async with sessionmaker() as session, session.begin():
        for key, count in reservation.keys:
            wait = backoff_seconds(settings, key, count)
            if wait:
                await session.execute(update(T).where(T.key == key.id)
                                      .values(blocked_until=now + timedelta(seconds=wait), last_attempt_at=now))
    # forget keys quiet for a window past their wait (rows are per address and username tried), in a transaction
    # of its own that skips rows another login holds: it never waits for a lock while holding one
    forget_before = now - timedelta(seconds=settings.login_window_seconds)
    async with sessionmaker() as session, session.begin():
        stale = (await session.scalars(select(T.key).where(
            T.last_attempt_at < forget_before,
            func.coalesce(T.blocked_until, T.last_attempt_at) < _at("fb", forget_before),
            or_(T.last_success_at.is_(None),
                T.last_success_at < now - timedelta(days=settings.login_known_address_days)),
        ).limit(500).with_for_update(skip_locked=True))).all()
        if stale:
            await session.execute(delete(T).where(T.key.in_(stale)))


async def succeeded(sessionmaker: async_sessionmaker[AsyncSession], reservation: Reservation) -> None:
    """The password was right: the address's count for the account starts again and the address is known;
    the account's and the address's counts lose this attempt (the others' failures stay)."""
    now = utcnow()
    async with sessionmaker() as session, session.begin():
        for key, count in reservation.keys:
            if key.kind == "pair":
                values = {"failures": 0, "blocked_until": None, "last_success_at": now}
            else:
                values = {"failures": case((T.failures > 0, T.failures - 1), else_=0)}
                if count >= key.free:  # this attempt put the key on hold: lift it
                    values["blocked_until"] = None
            await session.execute(update(T).where(T.key == key.id).values(**values))


async def clear_account(session: AsyncSession, username: str) -> None:
    """Forget every count about ``username`` (the recovery command)."""
    await session.execute(delete(T).where(T.username == username[:64], T.kind.in_(("pair", "account"))))

