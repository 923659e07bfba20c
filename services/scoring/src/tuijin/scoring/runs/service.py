"""Rules of runs: compute a scheme version for a period and region from a snapshot of inputs gathered in bulk,
rank with shared ranks, keep what moved against the previous version, publish once, never change after."""

from __future__ import annotations

import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

from fastapi import Request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import Principal
from tuijin.kernel.clock import utcnow
from tuijin.kernel.documents.word import cn_period
from tuijin.scoring.events import RANKING_PUBLISHED, emit
from tuijin.scoring.runs import compute
from tuijin.scoring.runs import repository as repo
from tuijin.scoring.runs.enums import RunStatus
from tuijin.scoring.runs.errors import (
    AlreadyPublished,
    InvalidPeriod,
    NotPublished,
    PeriodKindMismatch,
    RollupSourceMissing,
    RunInProgress,
    RunVersionNotFound,
)
from tuijin.scoring.runs.inputs import gather
from tuijin.scoring.runs.models import Result, Run
from tuijin.scoring.runs.periods import Period, parse_period
from tuijin.scoring.runs.schemas import ListEntry, PraiseCriticismOut, RunIn
from tuijin.scoring.schemes import repository as schemes_repo
from tuijin.scoring.schemes.enums import PeriodKind, SubjectKind
from tuijin.scoring.schemes.models import Scheme, SchemeVersion
from tuijin.scoring.sheets.service import round_figures

Figure = tuple[Decimal, Decimal, str]


def parse_for(scheme: Scheme, label: str) -> Period:
    """The period a run of ``scheme`` names: one of the five forms, of the scheme's kind."""
    try:
        period = parse_period(label)
    except ValueError as exc:
        raise InvalidPeriod(str(exc), field="body.period") from exc
    if period.kind != PeriodKind(scheme.period_kind):
        msg = f"The scheme scores {PeriodKind(scheme.period_kind).label} periods; {label} is not one."
        raise PeriodKindMismatch(msg, field="body.period")
    return period


async def rollup_figures(session: AsyncSession, region_code: str, dim: dict[str, Any],
                         period: Period) -> dict[str, Figure]:
    """Per subject: 100 × Σ wᵢ × (average published total of source i over the periods inside this one ÷ its
    total points) ÷ Σ wᵢ, out of 100."""
    weights = {s["scheme_code"]: Decimal(s["weight"]) for s in dim["sources"]}
    all_weight = sum(weights.values(), Decimal(0))
    value: dict[str, Decimal] = defaultdict(Decimal)
    details: dict[str, list[str]] = defaultdict(list)
    for code, weight in weights.items():
        source = await schemes_repo.by_code(session, region_code, code)
        if source is None:
            raise RollupSourceMissing(f"The roll-up reads scheme {code!r}, which the region does not have.")
        per_subject: dict[str, list[tuple[str, Decimal, Decimal]]] = defaultdict(list)
        for subject_id, label, total, points in await repo.published_totals_within(
                session, source.id, region_code, period.start, period.end):
            per_subject[str(subject_id)].append((label, Decimal(total), Decimal(points)))
        for sid, rows in per_subject.items():
            avg = sum((t for _, t, _ in rows), Decimal(0)) / len(rows)
            value[sid] += 100 * weight * avg / rows[0][2] / all_weight
            listed = "、".join(f"{label} {compute.fmt(t)}" for label, t, _ in rows)
            details[sid].append(f"{source.name} 平均 {compute.fmt(compute.q(avg))}（{listed}）× 权重 "
                                f"{compute.fmt(weight)}/{compute.fmt(all_weight)}")
    return {sid: (v, Decimal(100), "；".join(details[sid])) for sid, v in value.items()}


def _diff(previous: list[Result], current: list[Result]) -> list[dict[str, Any]]:
    before = {r.subject_id: r for r in previous}
    after = {r.subject_id: r for r in current}
    moved = []
    for sid in sorted(set(before) | set(after), key=str):
        b, a = before.get(sid), after.get(sid)
        if b and a and b.total == a.total and b.rank == a.rank:
            continue
        moved.append({"subject_id": str(sid), "subject_name": (a or b).subject_name,
                      "total_before": str(compute.q(b.total)) if b else None,
                      "total_after": str(compute.q(a.total)) if a else None,
                      "rank_before": b.rank if b else None, "rank_after": a.rank if a else None})
    return moved


async def _version_of(session: AsyncSession, scheme: Scheme, number: int | None) -> SchemeVersion:
    """The version a run uses: the one named, or the scheme's latest."""
    version = await schemes_repo.version(session, scheme.id, number or scheme.latest_version)
    if version is None:
        raise RunVersionNotFound("The scheme has no such version.", field="body.scheme_version",
                                 message="no such version")
    return version


async def _local_figures(session: AsyncSession, scheme: Scheme, dims: list[dict[str, Any]],
                         period: Period) -> dict[str, dict[str, Figure]]:
    """The figures this service holds itself, per dimension: observation rounds and roll-ups of other runs."""
    figures: dict[str, dict[str, Figure]] = {}
    for d in dims:
        if d["kind"] == "sheets":
            figures[d["code"]] = await round_figures(session, scheme.region_code, period.label)
        elif d["kind"] == "rollup":
            figures[d["code"]] = await rollup_figures(session, scheme.region_code, d, period)
    return figures


def _results(run: Run, snapshot: dict[str, Any], dims: list[dict[str, Any]],
             figures: dict[str, dict[str, Figure]]) -> list[Result]:
    """Per subject each dimension's score with its explanation, the total and the shared rank."""
    scored = []
    # the period scored, in words and dates (2026年3—4月，2026-03-01 至 2026-04-30), named by the explanations
    within = compute.PeriodNote(cn_period(run.period), run.period_start.isoformat(), run.period_end.isoformat())
    for sid, subject in snapshot["subjects"].items():
        rows, total = compute.score_subject(dims, sid, subject, figures, period=within)
        scored.append((sid, subject, rows, total))
    ranks = compute.competition_ranks([t for *_, t in scored])
    results = []
    for (sid, subject, rows, total), rank in zip(scored, ranks, strict=True):
        why = "；".join(f"{r['name']} {r['score']}：{r['explanation']}" for r in rows)
        results.append(Result(id=uuid.uuid4(), run_id=run.id, subject_id=uuid.UUID(sid), subject_code=subject["code"],
                              subject_name=subject["name"],
                              unit_id=uuid.UUID(subject["unit_id"]) if subject.get("unit_id") else None,
                              dimensions=rows, total=total, rank=rank, explanation=why[:4000]))
    return results


async def run_scheme(session: AsyncSession, request: Request, scheme: Scheme, body: RunIn,
                     principal: Principal) -> Run:
    """Gather the inputs (all of them before anything is written), compute, rank and store a draft run."""
    period = parse_for(scheme, body.period)
    version = await _version_of(session, scheme, body.scheme_version)
    dims = version.dimensions
    kind = SubjectKind(scheme.subject_kind)
    events = {e for d in dims if d["kind"] == "deductions" for e in d["per_event"]}
    snapshot = await gather(request.app.state.upstreams, region_code=scheme.region_code, subject_kind=kind,
                            period=period, events=events, kinds={d["kind"] for d in dims},
                            needs_amounts=any(d["kind"] in ("ratio", "bands") for d in dims))
    figures = await _local_figures(session, scheme, dims, period)
    snapshot["local"] = {code: {sid: {"value": str(v), "out_of": str(m)} for sid, (v, m, _) in rows.items()}
                         for code, rows in figures.items()}
    previous = await repo.latest(session, scheme.id, scheme.region_code, period.label)
    run = Run(id=uuid.uuid4(), region_code=scheme.region_code, scheme_id=scheme.id, scheme_version_id=version.id,
              scheme_version=version.version, subject_kind=kind.value, period=period.label,
              period_start=period.start, period_end=period.end, version=(previous.version + 1) if previous else 1,
              status=RunStatus.draft.value, total_points=version.total_points, inputs=snapshot, changes=[],
              created_by=principal.sub)
    results = _results(run, snapshot, dims, figures)
    if previous is not None:
        run.changes = _diff(await repo.results(session, previous.id), results)
    try:
        await repo.add_run(session, run)
    except IntegrityError as exc:  # another run of the same scheme, region and period took this version
        raise RunInProgress("Another run of this scheme and period is being computed; try again.") from exc
    await repo.add_results(session, results)
    return run


async def publish(session: AsyncSession, run: Run, principal: Principal) -> Run:
    """Draft → published, once; a published run never changes again. In the same transaction the
    ``ranking.published`` event is recorded."""
    if run.status == RunStatus.published.value:
        raise AlreadyPublished("The run is already published; recompute to make a new version.")
    run.status = RunStatus.published.value
    run.published_at = utcnow()
    run.published_by = principal.sub
    await session.flush()
    await announce(session, run)
    return run


async def announce(session: AsyncSession, run: Run) -> None:
    """Record ``ranking.published`` for a run just published, with its default praise and criticism lists."""
    lists = await praise_and_criticism(session, run, None, None)
    scheme = await schemes_repo.get(session, run.scheme_id)

    def entry(e: ListEntry) -> dict[str, Any]:
        return e.model_dump(mode="json")

    await emit(session, RANKING_PUBLISHED, {
        "run_id": str(run.id), "scheme_id": str(run.scheme_id), "scheme_name": scheme.name if scheme else "",
        "region_code": run.region_code, "subject_kind": run.subject_kind, "period": run.period,
        "version": run.version, "published_at": run.published_at.isoformat() if run.published_at else None,
        "praise": [entry(e) for e in lists.praise], "criticism": [entry(e) for e in lists.criticism],
    }, run.region_code)


async def praise_and_criticism(session: AsyncSession, run: Run, praise_size: int | None,
                               criticism_size: int | None) -> PraiseCriticismOut:
    """The top ``praise_size`` (通报表扬) and bottom ``criticism_size`` (通报批评) of a published ranking; sizes
    default to the scheme version's; a tie at the edge of a list is kept whole; nobody is on both lists."""
    if run.status != RunStatus.published.value:
        raise NotPublished("Lists come from a published ranking only.")
    version = await schemes_repo.version(session, run.scheme_id, run.scheme_version)
    top = version.praise_size if praise_size is None else praise_size
    bottom = version.criticism_size if criticism_size is None else criticism_size
    results = await repo.results(session, run.id)
    praise = [r for r in results if r.rank <= top] if top else []
    from_bottom = compute.competition_ranks([-r.total for r in results])
    praised = {r.subject_id for r in praise}
    criticism = sorted((r for r, b in zip(results, from_bottom, strict=True)
                        if bottom and b <= bottom and r.subject_id not in praised),
                       key=lambda r: (-r.rank, r.subject_code))

    def entry(r: Result) -> ListEntry:
        return ListEntry(subject_id=r.subject_id, subject_code=r.subject_code, subject_name=r.subject_name,
                         unit_id=r.unit_id, total=r.total, rank=r.rank)

    return PraiseCriticismOut(run_id=run.id, period=run.period, praise=[entry(r) for r in praise],
                              criticism=[entry(r) for r in criticism])
