"""Concurrent reads from the services under one deadline, for the composed views.

Each part of a view is one read from one service, made with the caller's own bearer token (so each
service applies its own access rules). All parts run at once; whatever has not answered when the
deadline falls is cancelled. A part that failed or ran out of time is reported in ``missing`` with its
service and the reason, and the view still answers with the rest.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from tuijin.gateway.views.schemas import MissingPart
from tuijin.kernel.errors import ProblemError
from tuijin.kernel.upstream import Upstreams

# reasons given in ``missing``
DEADLINE = "deadline_exceeded"
UNAVAILABLE = "unavailable"
FORBIDDEN = "forbidden"
ERROR = "error"


@dataclass(frozen=True)
class Read:
    """One part of a view: a GET (or a bulk read by POST when ``body`` is set) on one service."""

    service: str
    path: str
    params: dict[str, Any] | None = None
    body: Any = None


@dataclass
class Outcome:
    """What a part returned, or why it did not."""

    value: Any = None
    ok: bool = False
    error: ProblemError | None = None


@dataclass
class Fanout:
    """The reads of one composed view, under one overall deadline (seconds from creation)."""

    upstreams: Upstreams
    token: str | None
    deadline: float
    started: float = field(default_factory=time.monotonic)
    missing: list[MissingPart] = field(default_factory=list)
    truncated: list[str] = field(default_factory=list)

    def remaining(self) -> float:
        return self.deadline - (time.monotonic() - self.started)

    @property
    def complete(self) -> bool:
        return not self.missing

    async def read(self, read: Read) -> Any:
        # the upstream client retries a refused connection within what is left of the deadline
        budget = max(0.01, self.remaining())
        if read.body is not None:
            return await self.upstreams.read_json(
                read.service, read.path, read.body, token=self.token, deadline=budget, retries=1
            )
        return await self.upstreams.get_json(
            read.service, read.path, params=read.params, token=self.token, deadline=budget, retries=1
        )

    async def run(self, reads: dict[str, Read]) -> dict[str, Outcome]:
        """Run ``reads`` (part name → read) concurrently; parts still running at the deadline are cancelled.
        Failures are recorded in ``missing`` (except 404s, which the caller interprets)."""
        return await self.run_calls({name: (read.service, lambda r=read: self.read(r)) for name, read in reads.items()})

    async def run_calls(self, calls: dict[str, tuple[str, Callable[[], Awaitable[Any]]]]) -> dict[str, Outcome]:
        """Like :meth:`run` for parts made of several reads (a coroutine per part, named by its service)."""
        tasks = {name: asyncio.ensure_future(factory()) for name, (_, factory) in calls.items()}
        if tasks:
            try:
                _, pending = await asyncio.wait(tasks.values(), timeout=max(0.0, self.remaining()))
            except asyncio.CancelledError:  # the client went away: stop every read too
                for task in tasks.values():
                    task.cancel()
                raise
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)
        outcomes: dict[str, Outcome] = {}
        for name, task in tasks.items():
            service = calls[name][0]
            if task.cancelled():
                outcomes[name] = Outcome()
                self.missing.append(
                    MissingPart(
                        part=name, service=service, reason=DEADLINE, detail=f"no answer within {self.deadline:g} s"
                    )
                )
                continue
            exc = task.exception()
            if exc is None:
                outcomes[name] = Outcome(value=task.result(), ok=True)
                continue
            if not isinstance(exc, ProblemError):  # e.g. a body that is not JSON
                outcomes[name] = Outcome()
                self.missing.append(MissingPart(part=name, service=service, reason=ERROR, detail=type(exc).__name__))
                continue
            outcomes[name] = Outcome(error=exc)
            if exc.status != 404:
                self.missing.append(
                    MissingPart(part=name, service=service, reason=_reason(exc), detail=exc.detail or exc.code)
                )
        return outcomes

    def page_items(self, name: str, outcome: Outcome) -> list[Any] | None:
        """The items of a page part (noting in ``truncated`` when more pages exist), or None if missing."""
        if not outcome.ok:
            return None
        if outcome.value.get("next_cursor"):
            self.truncated.append(name)
        return list(outcome.value.get("items", []))

    def mark_missing(self, part: str, service: str, reason: str, detail: str) -> None:
        self.missing.append(MissingPart(part=part, service=service, reason=reason, detail=detail))

    def mark_failed(self, part: str, service: str, exc: BaseException) -> None:
        """Record why a read inside a composite part failed."""
        if isinstance(exc, ProblemError):
            self.mark_missing(part, service, _reason(exc), exc.detail or exc.code)
        else:
            self.mark_missing(part, service, ERROR, type(exc).__name__)


def _reason(exc: ProblemError) -> str:
    if exc.status == 504:
        return DEADLINE
    if exc.status in (502, 503):
        return UNAVAILABLE
    if exc.status in (401, 403):
        return FORBIDDEN
    return ERROR
