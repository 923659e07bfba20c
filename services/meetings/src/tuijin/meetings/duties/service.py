"""Who is behind on a duty this month (履职情况): the region's duty rules counted against its site visits and the
push meetings its leaders chaired.

Whose duty is whose comes from the registry at the moment of asking (a pull: the leader of a project is whoever
holds its leader post today, 接任者自行替补): each project of the list that is being pushed (stage 招商,
preliminary, new start or under construction) with a leader post held by someone owes that person its visits, and its
responsible unit owes the unit's; a leader with at least one such project owes the push meetings.

Weekly duties count the weeks of the month as ISO weeks (Monday to Sunday) whose Thursday falls in the month, so
each week belongs to one month; a visit counts for the week it falls in, each week up to its own requirement."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.meetings.duties import repository as repo
from tuijin.meetings.duties.enums import Duty
from tuijin.meetings.duties.policies import STORE
from tuijin.meetings.duties.schemas import DutyShortfall, DutyShortfalls
from tuijin.meetings.duties.values import DutyRules
from tuijin.meetings.site_visits import repository as visits_repo
from tuijin.meetings.site_visits.repository import VisitFact
from tuijin.meetings.upstream import Directory

# 招商 projects are pushed too where a region has them (惠济, seed 004 (五): "分包60项重大项目的区级领导要每月不少于一次
# 深入项目单位进行调研和督导" — the 60 include its 招商 projects, (一))
PUSHED_STAGES = ("investment_promotion", "preliminary", "new_start", "under_construction")


def month_bounds(month: str) -> tuple[date, date]:
    first = date.fromisoformat(f"{month}-01")
    nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, nxt - timedelta(days=1)


def weeks_of(first: date, last: date) -> list[tuple[date, date]]:
    """The ISO weeks (Monday, Sunday) whose Thursday is in the month."""
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        if first <= monday + timedelta(days=3) <= last:
            weeks.append((monday, monday + timedelta(days=6)))
        monday += timedelta(days=7)
    return weeks


def _row(duty: Duty, required: int, done: int, **who: object) -> DutyShortfall:
    return DutyShortfall(duty=duty, required=required, done=done, shortfall=max(0, required - done),
                         **{"person_id": None, "project_id": None, **who})


def _weekly(visits: list[VisitFact], weeks: list[tuple[date, date]], per_week: int) -> int:
    """Visits that count: each week up to ``per_week``."""
    return sum(min(per_week, sum(1 for v in visits if a <= v.visited_on <= b)) for a, b in weeks)


def count(rules: DutyRules, projects: list[dict], leaders: dict[uuid.UUID, uuid.UUID], names: dict[uuid.UUID, str],
          visits: list[VisitFact], chaired: dict[uuid.UUID, int], first: date, last: date) -> list[DutyShortfall]:
    """The rows of the month: one per duty in force and per (leader or unit, project), plus one per leader for
    the push meetings. ``leaders``: project id → the person holding its leader post today."""
    weeks = weeks_of(first, last)
    rows: list[DutyShortfall] = []
    for p in projects:
        pid = uuid.UUID(p["id"])
        person = leaders.get(pid)
        unit = uuid.UUID(p["responsible_unit_id"]) if p.get("responsible_unit_id") else None
        where = {"project_id": pid, "project_name": p.get("name")}
        if person is not None:
            by_leader = [v for v in visits if pid in v.projects and person in v.people]
            who = {**where, "person_id": person, "person_name": names.get(person)}
            if rules.leader_visits_per_project_month:
                done = sum(1 for v in by_leader if first <= v.visited_on <= last)
                rows.append(_row(Duty.leader_visits_per_project_month, rules.leader_visits_per_project_month, done,
                                 **who))
            if rules.leader_visits_per_project_week and weeks:
                rows.append(_row(Duty.leader_visits_per_project_week, rules.leader_visits_per_project_week * len(weeks),
                                 _weekly(by_leader, weeks, rules.leader_visits_per_project_week), **who))
        if unit is not None:
            by_unit = [v for v in visits if pid in v.projects and unit in v.units]
            if rules.unit_visits_per_project_week and weeks:
                rows.append(_row(Duty.unit_visits_per_project_week, rules.unit_visits_per_project_week * len(weeks),
                                 _weekly(by_unit, weeks, rules.unit_visits_per_project_week), unit_id=unit, **where))
            if rules.unit_visits_per_project_month:
                done = sum(1 for v in by_unit if first <= v.visited_on <= last)
                rows.append(_row(Duty.unit_visits_per_project_month, rules.unit_visits_per_project_month, done,
                                 unit_id=unit, **where))
    if rules.leader_push_meetings_month:
        for person in sorted(set(leaders.values()), key=str):
            rows.append(_row(Duty.leader_push_meetings_month, rules.leader_push_meetings_month,
                             chaired.get(person, 0), person_id=person, person_name=names.get(person)))
    return rows


async def shortfalls(session: AsyncSession, directory: Directory, region_code: str, month: str, on: date, *,
                     person_id: uuid.UUID | None = None, behind_only: bool = False) -> DutyShortfalls:
    """The region's duties of ``month`` as counted on ``on`` (every row, or only those behind)."""
    first, last = month_bounds(month)
    rules = await STORE.load(session, region_code, first.year, DutyRules)
    listed = await directory.projects(region_code, fresh=True)
    projects = [p for p in listed.values() if p.get("stage") in PUSHED_STAGES]
    projects.sort(key=lambda p: (p.get("code") or "", p["id"]))
    posts = await directory.posts(region_code, fresh=True)  # who holds a post today, not a minute ago
    leaders: dict[uuid.UUID, uuid.UUID] = {}
    for p in projects:
        post = posts.get(uuid.UUID(p["leader_post_id"])) if p.get("leader_post_id") else None
        holder = (post or {}).get("holder")
        if holder:
            leaders[uuid.UUID(p["id"])] = uuid.UUID(holder["person_id"])
    names = {uuid.UUID(str(k)): v["name"] for k, v in (await directory.people(region_code, fresh=True)).items()}
    weeks = weeks_of(first, last)
    start = min([first, *(a for a, _ in weeks)])
    end = max([last, *(b for _, b in weeks)])
    visits = await visits_repo.visits_between(session, region_code, start, end, [k.value for k in rules.counted_kinds])
    chaired = await repo.push_meetings_chaired(session, region_code, first, last)
    rows = count(rules, projects, leaders, names, visits, chaired, first, last)
    people_behind = len({r.person_id for r in rows if r.shortfall and r.person_id})
    units_behind = len({r.unit_id for r in rows if r.shortfall and r.unit_id})
    if person_id is not None:
        rows = [r for r in rows if r.person_id == person_id]
    if behind_only:
        rows = [r for r in rows if r.shortfall]
    return DutyShortfalls(region_code=region_code, month=month, as_of=on, month_closed=last < on, rules=rules,
                          people_behind=people_behind, units_behind=units_behind, items=rows)


__all__ = ["count", "month_bounds", "shortfalls", "weeks_of"]
