"""Rules of site visits: a visit is recorded after it took place, names people, projects and units of its region,
and what it decides becomes decided items (议定事项) of the owner units — the same rows as a meeting's minutes
make, followed up, verified and announced when overdue (``decided_item.overdue`` → a letter) by the same code."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from tuijin.kernel.auth import Principal
from tuijin.meetings.access import unit_of
from tuijin.meetings.minutes.enums import DecidedItemStatus
from tuijin.meetings.minutes.models import DecidedItem
from tuijin.meetings.minutes.service import decided_out
from tuijin.meetings.site_visits import repository as repo
from tuijin.meetings.site_visits.enums import LinkKind
from tuijin.meetings.site_visits.errors import InvalidSiteVisit, UnknownPerson, UnknownProject, VisitInFuture
from tuijin.meetings.site_visits.models import SiteVisit
from tuijin.meetings.site_visits.schemas import DecisionIn, SiteVisitIn, SiteVisitOut, SiteVisitPatch
from tuijin.meetings.upstream import Directory


def _unique(ids: list[uuid.UUID]) -> list[uuid.UUID]:
    return list(dict.fromkeys(ids))


def _check_decisions(decisions: list[DecisionIn], field: str, visited_on: date, projects: list[uuid.UUID],
                     errors: list[dict[str, str]]) -> None:
    for i, d in enumerate(decisions):
        if d.due_date < visited_on:
            errors.append({"field": f"body.{field}.{i}.due_date", "message": "the due date is before the visit",
                           "type": "date_before_visit"})
        if d.project_id is not None and d.project_id not in projects:
            errors.append({"field": f"body.{field}.{i}.project_id", "message": "not one of the visit's projects",
                           "type": "project_not_visited"})


async def _check_refs(directory: Directory, region_code: str, people: dict[str, uuid.UUID],
                      projects: dict[str, uuid.UUID], units: dict[str, uuid.UUID | None]) -> None:
    """Every person, project and unit named is the region's (registry), else 422 naming each field."""
    missing = await directory.missing(region_code, "people", people)
    if missing:
        raise UnknownPerson("No person of this region with that id: " + ", ".join(missing), errors=[
            {"field": f, "message": "no such person in the region", "type": "unknown_person"} for f in missing])
    missing = await directory.missing(region_code, "projects", projects)
    if missing:
        raise UnknownProject("No project of this region with that id: " + ", ".join(missing), errors=[
            {"field": f, "message": "no such project in the region", "type": "unknown_project"} for f in missing])
    await directory.ensure_units(region_code, units)


def _refs(prefix: str, ids: list[uuid.UUID]) -> dict[str, uuid.UUID]:
    return {f"body.{prefix}.{i}": ref for i, ref in enumerate(ids)}


def _decision_units(field: str, decisions: list[DecisionIn]) -> dict[str, uuid.UUID | None]:
    return {f"body.{field}.{i}.owner_unit_id": d.owner_unit_id for i, d in enumerate(decisions)}


def _add_decisions(session: AsyncSession, visit: SiteVisit, decisions: list[DecisionIn], after: int) -> None:
    """The decided items of the visit, numbered after ``after``: open, owned by their unit, due on their date."""
    for seq, d in enumerate(decisions, start=after + 1):
        session.add(DecidedItem(
            region_code=visit.region_code, meeting_id=None, minutes_id=None, site_visit_id=visit.id, seq=seq,
            title=d.title, owner_unit_id=d.owner_unit_id, project_id=d.project_id, due_date=d.due_date,
            status=DecidedItemStatus.open.value,
        ))


async def create(session: AsyncSession, body: SiteVisitIn, principal: Principal, directory: Directory,
                 on: date) -> SiteVisit:
    """Record a visit that took place (not after ``on``) with its decided items, in one transaction."""
    if body.visited_on > on:
        raise VisitInFuture("A visit is recorded once it took place.", field="body.visited_on")
    projects = _unique(body.project_ids)
    units = _unique(body.unit_ids)
    own_unit = unit_of(principal)
    if own_unit is not None and own_unit not in units:
        units.append(own_unit)  # a unit that records a visit was on it
    errors: list[dict[str, str]] = []
    _check_decisions(body.decisions, "decisions", body.visited_on, projects, errors)
    if errors:
        raise InvalidSiteVisit("The visit is not valid: " + "; ".join(e["field"] for e in errors), errors=errors)
    people = _unique([body.leading_person_id, *body.person_ids])
    await _check_refs(directory, body.region_code,
                      {"body.leading_person_id": body.leading_person_id, **_refs("person_ids", body.person_ids)},
                      _refs("project_ids", body.project_ids),
                      {**_refs("unit_ids", body.unit_ids), **_decision_units("decisions", body.decisions)})
    visit = SiteVisit(region_code=body.region_code, visited_on=body.visited_on, kind=body.kind.value,
                      title=body.title.strip(), leading_person_id=body.leading_person_id,
                      observations=body.observations, conclusions=body.conclusions, recorded_by=principal.sub,
                      recorded_by_unit_id=own_unit)
    session.add(visit)
    await session.flush()
    await repo.replace_links(session, visit.id, LinkKind.person, people)
    await repo.replace_links(session, visit.id, LinkKind.project, projects)
    await repo.replace_links(session, visit.id, LinkKind.unit, units)
    _add_decisions(session, visit, body.decisions, 0)
    await session.flush()
    return visit


async def change(session: AsyncSession, visit: SiteVisit, body: SiteVisitPatch, directory: Directory,
                 on: date) -> SiteVisit:
    """Apply the fields given; new decisions become decided items numbered after the visit's last."""
    named = await repo.links(session, [visit.id])
    current = named[visit.id]
    visited_on = body.visited_on or visit.visited_on
    if body.visited_on is not None and body.visited_on > on:
        raise VisitInFuture("A visit is recorded once it took place.", field="body.visited_on")
    projects = _unique(body.project_ids) if body.project_ids is not None else current["project"]
    errors: list[dict[str, str]] = []
    _check_decisions(body.new_decisions, "new_decisions", visited_on, projects, errors)
    if errors:
        raise InvalidSiteVisit("The change is not valid: " + "; ".join(e["field"] for e in errors), errors=errors)
    people_refs = _refs("person_ids", body.person_ids or [])
    if body.leading_person_id is not None:
        people_refs["body.leading_person_id"] = body.leading_person_id
    await _check_refs(directory, visit.region_code, people_refs, _refs("project_ids", body.project_ids or []),
                      {**_refs("unit_ids", body.unit_ids or []),
                       **_decision_units("new_decisions", body.new_decisions)})
    for name in ("kind", "title", "observations", "conclusions", "visited_on", "leading_person_id"):
        value = getattr(body, name)
        if value is not None:
            setattr(visit, name, value.value if name == "kind" else value)
    if body.leading_person_id is not None or body.person_ids is not None:
        others = body.person_ids if body.person_ids is not None else current["person"][1:]
        await repo.replace_links(session, visit.id, LinkKind.person, _unique([visit.leading_person_id, *others]))
    if body.project_ids is not None:
        await repo.replace_links(session, visit.id, LinkKind.project, projects)
    if body.unit_ids is not None:
        units = _unique(body.unit_ids)
        if visit.recorded_by_unit_id is not None and visit.recorded_by_unit_id not in units:
            units.append(visit.recorded_by_unit_id)
        await repo.replace_links(session, visit.id, LinkKind.unit, units)
    _add_decisions(session, visit, body.new_decisions, await repo.last_seq(session, visit.id))
    flag_modified(visit, "title")  # the version moves with any change, its links and decisions included
    await session.flush()
    await session.refresh(visit)
    return visit


async def outs(session: AsyncSession, visits: list[SiteVisit], on: date) -> list[SiteVisitOut]:
    """The answers of ``visits`` (three queries whatever their number)."""
    ids = [v.id for v in visits]
    named = await repo.links(session, ids)
    items = await repo.decided_items(session, ids)
    return [
        SiteVisitOut(
            id=v.id, region_code=v.region_code, visited_on=v.visited_on, kind=v.kind, title=v.title,
            leading_person_id=v.leading_person_id, person_ids=named[v.id]["person"],
            project_ids=named[v.id]["project"], unit_ids=named[v.id]["unit"], observations=v.observations,
            conclusions=v.conclusions, decided_items=[decided_out(d, on) for d in items.get(v.id, [])],
            recorded_by=v.recorded_by, recorded_by_unit_id=v.recorded_by_unit_id, created_at=v.created_at,
            version=v.version,
        )
        for v in visits
    ]


async def out(session: AsyncSession, visit: SiteVisit, on: date) -> SiteVisitOut:
    return (await outs(session, [visit], on))[0]
