"""Background jobs: named, periodic, runnable now from an admin endpoint, and safe with several
replicas (a PostgreSQL advisory lock per job; one process-wide lock on SQLite)."""

from __future__ import annotations

import asyncio
import hashlib
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tuijin.kernel.clock import today, utcnow

log = structlog.get_logger("tuijin.jobs")

JobFunc = Callable[[Any], Awaitable[dict[str, Any]]]


@dataclass
class Job:
    name: str
    func: JobFunc
    interval_seconds: float
    description: str = ""
    last_started_at: datetime | None = None
    last_finished_at: datetime | None = None
    last_result: dict[str, Any] | None = None
    last_error: str | None = None
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False)

    @property
    def lock_key(self) -> int:
        return int.from_bytes(hashlib.sha256(self.name.encode()).digest()[:8], "big", signed=True)


class JobRunner:
    def __init__(self, service: str, engine: AsyncEngine) -> None:
        self.service = service
        self.engine = engine
        self.jobs: dict[str, Job] = {}
        self._tasks: list[asyncio.Task] = []

    def add(self, job: Job) -> None:
        self.jobs[job.name] = job

    async def run(self, name: str, app: Any) -> dict[str, Any]:
        """Run a job now, unless another process or task is running it (then ``skipped``)."""
        job = self.jobs[name]
        if job._lock.locked():
            return {"skipped": "already running in this process"}
        async with job._lock:
            if self.engine.dialect.name == "postgresql":
                async with self.engine.connect() as conn:
                    got = await conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": job.lock_key})
                    await conn.commit()
                    if not got:
                        return {"skipped": "running in another replica"}
                    try:
                        return await self._execute(job, app)
                    finally:
                        await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": job.lock_key})
                        await conn.commit()
            return await self._execute(job, app)

    async def _execute(self, job: Job, app: Any) -> dict[str, Any]:
        job.last_started_at = utcnow()
        try:
            result = await job.func(app)
            job.last_result, job.last_error = result, None
            return result
        except Exception as exc:
            job.last_error = f"{type(exc).__name__}: {exc}"
            log.exception("job_failed", job=job.name)
            raise
        finally:
            job.last_finished_at = utcnow()

    def start(self, app: Any) -> None:
        for job in self.jobs.values():
            if job.interval_seconds > 0:
                self._tasks.append(asyncio.create_task(self._loop(job, app), name=f"job:{job.name}"))

    async def _loop(self, job: Job, app: Any) -> None:
        await asyncio.sleep(random.uniform(0, min(job.interval_seconds, 5)))
        while True:
            try:
                await self.run(job.name, app)
            except asyncio.CancelledError:
                raise
            except Exception:  # logged in _execute; the loop keeps going
                pass
            await asyncio.sleep(job.interval_seconds * random.uniform(0.9, 1.1))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            try:
                await task
            except (asyncio.CancelledError, Exception):
                pass
        self._tasks.clear()


# ---------------------------------------------------------------- the usual job: one sweep on today's date

Sweep = Callable[[Any, Any, date], Awaitable[int]]
"""``sweep(session, regional_calendars, business_date)`` → how many records it announced."""


def announcement_job(name: str, sweep: Sweep, description: str, interval_seconds: float = 3600.0) -> Job:
    """A job that runs ``sweep`` once in one transaction, on today's business date (Asia/Shanghai), with the
    working calendars of every region (``app.state.calendar``), and reports ``{announced, business_date}``:
    e.g. the overdue sweeps of milestones and procedures, which publish an event once per record."""

    async def run(app: Any) -> dict[str, Any]:
        async with app.state.sessionmaker() as session, session.begin():
            on = today()
            announced = await sweep(session, await app.state.calendar.regional(session), on)
        return {"announced": announced, "business_date": on.isoformat()}

    return Job(name, run, interval_seconds, description)
