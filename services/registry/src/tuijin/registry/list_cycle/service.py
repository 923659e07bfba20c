"""Rules of the yearly list cycle (年度项目清单编制, 清水): open a region's cycle for a target year with each step's
due day from the region's policy; complete steps in the seed's order, each recorded with who approved it, on which
day and a note; a pending step past its due day (moved off a non-working day as the policy says) is overdue, late by
calendar and working days like any other deadline. Services never commit."""

from __future__ import annotations

from calendar import monthrange
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from tuijin.kernel.access import ensure_office_of
from tuijin.kernel.auth import Principal
from tuijin.kernel.calendar import WorkingCalendar
from tuijin.kernel.clock import today, utcnow
from tuijin.registry.list_cycle import errors
from tuijin.registry.list_cycle import repository as repo
from tuijin.registry.list_cycle.enums import PREREQUISITES, CycleStep, StepStatus
from tuijin.registry.list_cycle.models import ListCycle, ListCycleStep
from tuijin.registry.list_cycle.schemas import CycleIn, CycleOut, OverdueStepOut, StepCompletion, StepOut
from tuijin.registry.organisation import service as organisation
from tuijin.registry.policies import ListCycleCalendar, load_policy
from tuijin.registry.reports.periods import shift_due_day


def due_day(policy: ListCycleCalendar, step: CycleStep, target_year: int) -> date:
    """The policy's due day of ``step`` in the year before ``target_year`` (a day past the month's end: its last)."""
    due = getattr(policy, step.value)
    year = target_year - 1
    return date(year, due.month, min(due.day, monthrange(year, due.month)[1]))


async def open_cycle(session: AsyncSession, body: CycleIn, principal: Principal) -> ListCycle:
    """The office opens its region's cycle for ``target_year``: the six steps, pending, due as the region's policy
    (of the year the steps fall in) says. One cycle per region and year (409 ``list_cycle_exists``)."""
    ensure_office_of(principal, body.region_code)
    await organisation.get_region(session, body.region_code)
    if await repo.cycle_of(session, body.region_code, body.target_year) is not None:
        raise errors.ListCycleExists(f"The cycle for {body.target_year} is already open in {body.region_code}.")
    policy = await load_policy(session, body.region_code, body.target_year - 1, ListCycleCalendar)
    cycle = ListCycle(region_code=body.region_code, target_year=body.target_year, opened_by=principal.sub)
    session.add(cycle)
    await session.flush()
    for seq, step in enumerate(CycleStep, start=1):
        session.add(ListCycleStep(cycle_id=cycle.id, region_code=cycle.region_code, step=step.value, seq=seq,
                                  due_date=due_day(policy, step, body.target_year)))
    await session.flush()
    return cycle


async def complete_step(session: AsyncSession, cycle: ListCycle, step: CycleStep, body: StepCompletion,
                        principal: Principal) -> None:
    """Record ``step`` done. The office of the region records it; every prerequisite must be done first (409
    ``list_cycle_step_out_of_order`` naming the step and what it waits for); a done step stays done (409)."""
    ensure_office_of(principal, cycle.region_code)
    steps = {CycleStep(s.step): s for s in await repo.steps(session, [cycle.id])}
    row = steps[step]
    if row.status == StepStatus.done:
        raise errors.StepAlreadyDone(f"{step.label} was recorded done on {row.approved_on}.", step=step.value)
    waiting = [p for p in PREREQUISITES[step] if steps[p].status != StepStatus.done]
    if waiting:
        raise errors.StepOutOfOrder(
            f"{step.label} waits for {'、'.join(p.label for p in waiting)}.",
            step=step.value, waiting_for=[p.value for p in waiting],
        )
    if body.approved_on > today():
        raise errors.DateInFuture(f"{body.approved_on} has not come yet.", field="body.approved_on")
    row.status = StepStatus.done.value
    row.approved_by, row.approved_on, row.note = body.approved_by, body.approved_on, body.note
    row.recorded_by, row.recorded_at = principal.sub, utcnow()
    cycle.updated_at = utcnow()
    flag_modified(cycle, "updated_at")  # the cycle's version moves even at the same instant: its ETag names its steps
    await session.flush()


async def _policy(session: AsyncSession, cycle: ListCycle) -> ListCycleCalendar:
    return await load_policy(session, cycle.region_code, cycle.target_year - 1, ListCycleCalendar)


def step_out(row: ListCycleStep, pending: set[str], policy: ListCycleCalendar, cal: WorkingCalendar,
             on: date) -> StepOut:
    """A step with its effective due day and lateness on business date ``on``: overdue once ``on`` is past the
    effective due day (the due day itself is still on time) and the step is not done."""
    effective = shift_due_day(row.due_date, policy.non_working_day, cal)
    overdue = row.status != StepStatus.done and on > effective
    step = CycleStep(row.step)
    return StepOut(
        step=step, seq=row.seq, due_date=row.due_date, effective_due_date=effective,
        status=StepStatus(row.status), is_overdue=overdue,
        days_late=(on - effective).days if overdue else None,
        working_days_late=cal.working_days_between(effective, on) if overdue else None,
        waiting_for=[p for p in PREREQUISITES[step] if p.value in pending] if row.status != StepStatus.done else [],
        approved_by=row.approved_by, approved_on=row.approved_on, note=row.note, recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
    )


async def to_out(session: AsyncSession, cycle: ListCycle, cal: WorkingCalendar) -> CycleOut:
    rows = await repo.steps(session, [cycle.id])
    pending = {r.step for r in rows if r.status != StepStatus.done}
    policy = await _policy(session, cycle)
    on = today()
    return CycleOut(id=cycle.id, region_code=cycle.region_code, target_year=cycle.target_year,
                    opened_by=cycle.opened_by, created_at=cycle.created_at, version=cycle.version,
                    steps=[step_out(r, pending, policy, cal, on) for r in rows])


async def list_cycles(session: AsyncSession, region_code: str, target_year: int | None,
                      cal: WorkingCalendar) -> list[CycleOut]:
    return [await to_out(session, c, cal) for c in await repo.cycles_of(session, region_code, target_year)]


async def overdue_steps(session: AsyncSession, region_code: str, cal: WorkingCalendar) -> list[OverdueStepOut]:
    """The region's pending steps past their effective due day, earliest due first."""
    rows = await repo.pending_steps(session, region_code)
    pending: dict[object, set[str]] = {}
    for s, c in rows:
        pending.setdefault(c.id, set()).add(s.step)
    policies: dict[int, ListCycleCalendar] = {}
    on = today()
    out = []
    for s, c in rows:
        if c.target_year not in policies:
            policies[c.target_year] = await _policy(session, c)
        view = step_out(s, pending[c.id], policies[c.target_year], cal, on)
        if view.is_overdue:
            out.append(OverdueStepOut(**view.model_dump(), cycle_id=c.id, region_code=c.region_code,
                                      target_year=c.target_year))
    return out
