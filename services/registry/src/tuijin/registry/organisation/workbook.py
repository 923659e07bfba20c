"""The organisation workbook of a region (组织机构工作簿, layout in :mod:`tuijin.kernel.orgbook`): its template, its
export, and its import, all or nothing.

The import checks every row of every sheet first and answers every error at once (422
``organisation_workbook_invalid``, nothing written). Rows are matched by natural keys: a unit by its name within the
region, a person by name and unit, a post by its name, a system by its name; a row equal to the record is left
alone, so the same file imported twice changes nothing and an export imports back unchanged. Blank optional cells
keep what is recorded. The 账号 sheet is the gateway's; here only its unit and person are checked and resolved to
ids, which the answer lists for the gateway to tie the accounts to."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool

from tuijin.kernel.auth import Principal
from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.db import new_id
from tuijin.kernel.orgbook import (
    ACCOUNTS,
    COLUMNS,
    PEOPLE,
    POSTS,
    REQUIRED,
    SYSTEMS,
    UNITS,
    OrgBook,
    SheetRow,
    cell_error,
    read_orgbook,
    write_orgbook,
)
from tuijin.registry.events import emit
from tuijin.registry.organisation.enums import UnitKind
from tuijin.registry.organisation.errors import OrganisationWorkbookInvalid
from tuijin.registry.organisation.models import Person, Post, PostHolding, Region, System, Unit
from tuijin.registry.organisation.schemas import OrganisationImportOut, ResolvedAccount, SheetCounts

IdFactory = Callable[[str, str], uuid.UUID]
"""(kind, natural key) → the id of a record created by the import; the demo county uses stable ids."""

MAX_LENGTHS = {"单位名称": 100, "简称": 40, "姓名": 50, "职务": 100, "联系电话": 30, "岗位名称": 100, "体系名称": 100}
KIND_BY_WORD = {**{k.label: k for k in UnitKind}, **{k.value: k for k in UnitKind}}
PersonKey = tuple[str, str]  # (name, unit name or "")


def _new_id(kind: str, key: str) -> uuid.UUID:
    return new_id()


@dataclass
class Recorded:
    """What the region holds, by natural key."""

    units: dict[str, Unit]
    unit_names: dict[uuid.UUID, str]
    people: dict[PersonKey, Person]
    posts: dict[str, Post]
    systems: dict[str, System]
    holders: dict[uuid.UUID, PostHolding]  # open holding by post id
    person_keys: dict[uuid.UUID, PersonKey]


async def _recorded(session: AsyncSession, region_code: str) -> Recorded:
    units = list(await session.scalars(select(Unit).where(Unit.region_code == region_code)))
    unit_names = {u.id: u.name for u in units}
    people = list(await session.scalars(select(Person).where(Person.region_code == region_code)
                                        .order_by(Person.created_at, Person.id)))
    posts = list(await session.scalars(select(Post).where(Post.region_code == region_code)))
    systems = list(await session.scalars(select(System).where(System.region_code == region_code)))
    holdings = await session.scalars(select(PostHolding).where(PostHolding.post_id.in_([p.id for p in posts]),
                                                               PostHolding.end_date.is_(None)))
    by_key: dict[PersonKey, Person] = {}
    for p in people:  # two records of one name and unit: the first is the one the workbook names
        by_key.setdefault((p.name, unit_names.get(p.unit_id, "") if p.unit_id else ""), p)
    return Recorded(
        units={u.name: u for u in units}, unit_names=unit_names, people=by_key,
        posts={p.title: p for p in posts}, systems={s.name: s for s in systems},
        holders={h.post_id: h for h in holdings},
        person_keys={p.id: (p.name, unit_names.get(p.unit_id, "") if p.unit_id else "") for p in people},
    )


@dataclass
class Checked:
    """The workbook's rows checked against the region, with every error found."""

    book: OrgBook
    recorded: Recorded
    errors: list[dict[str, Any]] = field(default_factory=list)
    unit_names: set[str] = field(default_factory=set)
    people_units: dict[str, set[str]] = field(default_factory=dict)  # person name → unit names ("" none)
    kinds: dict[int, UnitKind] = field(default_factory=dict)  # row number → kind
    holders: dict[int, PersonKey] = field(default_factory=dict)  # 岗位 row → holder
    starts: dict[int, date] = field(default_factory=dict)
    accounts: dict[int, tuple[PersonKey | None, str]] = field(default_factory=dict)

    def error(self, row: SheetRow, column: str, message: str, type_: str = "invalid") -> None:
        self.errors.append(cell_error(row.sheet, row.number, column, message, type_))


def _check_cells(checked: Checked, row: SheetRow) -> bool:
    ok = True
    for column in REQUIRED[row.sheet]:
        if not row.get(column):
            checked.error(row, column, f"请填写“{column}”。", "missing")
            ok = False
    for column, limit in MAX_LENGTHS.items():
        if len(row.get(column)) > limit:
            checked.error(row, column, f"“{column}”最多 {limit} 个字。", "string_too_long")
            ok = False
    return ok


def _unique(checked: Checked, rows: list[SheetRow], key: Callable[[SheetRow], Any], column: str, what: str) -> None:
    seen: dict[Any, int] = {}
    for row in rows:
        k = key(row)
        if not k or (isinstance(k, tuple) and not k[0]):
            continue
        if k in seen:
            checked.error(row, column, f"与第 {seen[k]} 行重复：同一{what}只能出现一次。", "duplicate")
        else:
            seen[k] = row.number


def _unit_ref(checked: Checked, row: SheetRow, column: str) -> None:
    name = row.get(column)
    if name and name not in checked.unit_names:
        checked.error(row, column, f"单位“{name}”不在“单位”表中，系统中也没有。", "invalid_reference")


def _person_ref(checked: Checked, row: SheetRow, name_column: str, unit_column: str,
                hint: str = "") -> PersonKey | None:
    """The person a row names: by name and unit when the unit is given, else the one person of that name (or the
    one of that name in ``hint``, the row's own unit)."""
    name, unit = row.get(name_column), row.get(unit_column)
    if not name:
        return None
    units = checked.people_units.get(name, set())
    if unit:
        if unit in units:
            return name, unit
        checked.error(row, name_column, f"“{unit}”没有名为“{name}”的人员（“人员”表和系统中都没有）。",
                      "invalid_reference")
        return None
    if not units:
        checked.error(row, name_column, f"人员“{name}”不在“人员”表中，系统中也没有。", "invalid_reference")
        return None
    if len(units) == 1:
        return name, next(iter(units))
    if hint in units:
        return name, hint
    checked.error(row, unit_column, f"有多位名为“{name}”的人员，请填写其所在单位。", "ambiguous")
    return None


def _int(checked: Checked, row: SheetRow, column: str) -> None:
    text = row.get(column)
    if text and not (text.isdigit() and int(text) <= 100000):
        checked.error(row, column, f"“{column}”须是 0 到 100000 之间的整数。", "int_parsing")


def check(book: OrgBook, recorded: Recorded) -> Checked:
    """Every error of every sheet, and what the rows refer to."""
    c = Checked(book=book, recorded=recorded, errors=list(book.errors))
    units, people, posts = book.rows[UNITS], book.rows[PEOPLE], book.rows[POSTS]
    systems, accounts = book.rows[SYSTEMS], book.rows[ACCOUNTS]
    c.unit_names = set(recorded.units) | {r.get("单位名称") for r in units if r.get("单位名称")}
    for name, unit in recorded.people:
        c.people_units.setdefault(name, set()).add(unit)
    for r in people:
        if r.get("姓名"):
            c.people_units.setdefault(r.get("姓名"), set()).add(r.get("所在单位"))

    _unique(c, units, lambda r: r.get("单位名称"), "单位名称", "单位")
    for r in units:
        _check_cells(c, r)
        word = r.get("单位类型")
        if word:
            kind = KIND_BY_WORD.get(word)
            if kind is None:
                c.error(r, "单位类型", f"“{word}”不是可选的单位类型，请从下拉列表选择。", "enum")
            else:
                c.kinds[r.number] = kind

    _unique(c, people, lambda r: (r.get("姓名"), r.get("所在单位")), "姓名", "人员（姓名和所在单位）")
    for r in people:
        _check_cells(c, r)
        _unit_ref(c, r, "所在单位")

    _unique(c, posts, lambda r: r.get("岗位名称"), "岗位名称", "岗位")
    for r in posts:
        _check_cells(c, r)
        _unit_ref(c, r, "所属单位")
        _int(c, r, "排序")
        holder = _person_ref(c, r, "现任人员", "现任人员所在单位")
        if holder:
            c.holders[r.number] = holder
        start_text = r.get("任职起始日期")
        if start_text:
            try:
                c.starts[r.number] = date.fromisoformat(start_text.replace("/", "-").replace(".", "-"))
            except ValueError:
                c.error(r, "任职起始日期", "请填写日期，如 2026-01-05。", "date_parsing")
        if r.get("现任人员所在单位") and not r.get("现任人员"):
            c.error(r, "现任人员", "填写了现任人员所在单位，请同时填写现任人员。", "missing")
        _check_holder_change(c, r)

    _unique(c, systems, lambda r: r.get("体系名称"), "体系名称", "体系")
    for r in systems:
        _check_cells(c, r)
        _unit_ref(c, r, "召集单位")
        _int(c, r, "排序")

    for r in accounts:  # the gateway checks usernames and roles; here what the row refers to
        _unit_ref(c, r, "所在单位")
        person = _person_ref(c, r, "对应人员", "对应人员所在单位", hint=r.get("所在单位"))
        c.accounts[r.number] = (person, r.get("所在单位"))
    return c


def _check_holder_change(c: Checked, r: SheetRow) -> None:
    """A new holder's start must come after the current holder's (the current holding ends the day before)."""
    post = c.recorded.posts.get(r.get("岗位名称"))
    holder = c.holders.get(r.number)
    if post is None or holder is None:
        return
    current = c.recorded.holders.get(post.id)
    if current is None or c.recorded.person_keys.get(current.person_id) == holder:
        return
    start = c.starts.get(r.number) or today()
    if start <= current.start_date:
        c.error(r, "任职起始日期", f"须晚于现任人员的任职起始日期 {current.start_date.isoformat()}。",
                "start_before_current")


class _Tally:
    def __init__(self) -> None:
        self.counts = {s: SheetCounts() for s in (UNITS, PEOPLE, POSTS, SYSTEMS)}

    def add(self, sheet: str, what: str) -> None:
        counts = self.counts[sheet]
        setattr(counts, what, getattr(counts, what) + 1)


def _changes(record: Any, values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and getattr(record, k) != v}


async def import_workbook(
    session: AsyncSession, region: Region, data: bytes, *, dry_run: bool, principal: Principal,
    ids: IdFactory = _new_id, holder_start: date | None = None,
) -> OrganisationImportOut:
    """Check the workbook and, unless ``dry_run`` or an error is found, write it; the answer counts what is (or
    would be) created, changed and left alone per sheet, and resolves the 账号 sheet's unit and person. A holder
    without a start date starts on ``holder_start`` (today if None)."""
    book = await run_in_threadpool(read_orgbook, data)
    recorded = await _recorded(session, region.code)
    checked = check(book, recorded)
    if checked.errors:
        raise OrganisationWorkbookInvalid(
            f"{len(checked.errors)} errors in the organisation workbook; nothing was written.",
            errors=sorted(checked.errors, key=lambda e: (list(COLUMNS).index(e["sheet"]), e["row"])))
    tally = _Tally()
    write = not dry_run
    code = region.code

    units = dict(recorded.units)
    for r in book.rows[UNITS]:
        name, kind = r.get("单位名称"), checked.kinds[r.number].value
        unit = units.get(name)
        if unit is None:
            tally.add(UNITS, "created")
            if write:
                unit = Unit(id=ids("unit", name), region_code=code, name=name, short_name=r.get("简称"), kind=kind)
                session.add(unit)
                units[name] = unit
            continue
        changes = _changes(unit, {"short_name": r.get("简称") or None, "kind": kind})
        tally.add(UNITS, "updated" if changes else "unchanged")
        if write:
            for k, v in changes.items():
                setattr(unit, k, v)
    if write:
        await session.flush()

    def unit_id(name: str) -> uuid.UUID | None:
        return units[name].id if name and name in units else None

    people = dict(recorded.people)
    for r in book.rows[PEOPLE]:
        key = (r.get("姓名"), r.get("所在单位"))
        person = people.get(key)
        values = {"title": r.get("职务") or None, "phone": r.get("联系电话") or None}
        if person is None:
            tally.add(PEOPLE, "created")
            if write:
                person = Person(id=ids("person", key[0]), region_code=code, name=key[0], unit_id=unit_id(key[1]),
                                title=values["title"] or "", phone=values["phone"] or "")
                session.add(person)
                people[key] = person
            continue
        changes = _changes(person, values)
        tally.add(PEOPLE, "updated" if changes else "unchanged")
        if write:
            for k, v in changes.items():
                setattr(person, k, v)
    if write:
        await session.flush()

    for r in book.rows[POSTS]:
        title = r.get("岗位名称")
        post = recorded.posts.get(title)
        values = {"unit_id": unit_id(r.get("所属单位")), "rank": int(r.get("排序")) if r.get("排序") else None}
        holder = checked.holders.get(r.number)
        changed = False
        if post is None:
            changed = True
            if write:
                post = Post(id=ids("post", title), region_code=code, title=title, unit_id=values["unit_id"],
                            rank=values["rank"] if values["rank"] is not None else 100)
                session.add(post)
                await session.flush()
        else:
            changes = _changes(post, values)
            changed = bool(changes)
            if write:
                for k, v in changes.items():
                    setattr(post, k, v)
        current = recorded.holders.get(post.id) if post is not None else None
        if holder is not None and (current is None or recorded.person_keys.get(current.person_id) != holder):
            changed = True
            if write:
                await _hand_over(session, post, current, people[holder],
                                 checked.starts.get(r.number) or holder_start, principal)
        tally.add(POSTS, ("created" if title not in recorded.posts else "updated") if changed else "unchanged")

    for r in book.rows[SYSTEMS]:
        name = r.get("体系名称")
        system = recorded.systems.get(name)
        values = {"convening_unit_id": unit_id(r.get("召集单位")),
                  "sort_order": int(r.get("排序")) if r.get("排序") else None}
        if system is None:
            tally.add(SYSTEMS, "created")
            if write:
                session.add(System(id=ids("system", name), region_code=code, name=name,
                                   convening_unit_id=values["convening_unit_id"], sort_order=values["sort_order"] or 0))
            continue
        changes = _changes(system, values)
        tally.add(SYSTEMS, "updated" if changes else "unchanged")
        if write:
            for k, v in changes.items():
                setattr(system, k, v)
    if write:
        await session.flush()

    resolved = []
    for r in book.rows[ACCOUNTS]:
        person_key, unit_name = checked.accounts[r.number]
        person = people.get(person_key) if person_key else None
        resolved.append(ResolvedAccount(
            row=r.number, username=r.get("用户名"), unit_name=unit_name or None, unit_id=unit_id(unit_name),
            person_name=person_key[0] if person_key else None, person_unit_name=person_key[1] if person_key else None,
            person_id=person.id if person is not None else None,
        ))
    return OrganisationImportOut(dry_run=dry_run, region_code=code, region_name=region.name, counts=tally.counts,
                                 accounts=resolved)


async def _hand_over(session: AsyncSession, post: Post, current: PostHolding | None, person: Person,
                     start: date | None, principal: Principal) -> None:
    start = start or today()
    if current is not None:
        current.end_date = start - timedelta(days=1)
    session.add(PostHolding(post_id=post.id, person_id=person.id, start_date=start, recorded_by=principal.sub,
                            recorded_at=utcnow()))
    await session.flush()
    await emit(session, "post.holder_changed",
               {"post_id": str(post.id), "person_id": str(person.id), "start_date": start.isoformat()},
               post.region_code)


def _kind_labels() -> list[str]:
    return [k.label for k in UnitKind]


async def template() -> bytes:
    """The empty workbook with its drop-downs and instructions."""
    return await run_in_threadpool(write_orgbook, {}, unit_kinds=_kind_labels())


async def export(session: AsyncSession, region: Region) -> bytes:
    """The region's organisation as the workbook (the 账号 sheet empty: accounts are the gateway's), which imports
    back unchanged."""
    rec = await _recorded(session, region.code)
    name_of = rec.unit_names
    kinds = {k.value: k.label for k in UnitKind}
    units = sorted(rec.units.values(), key=lambda u: (list(kinds).index(u.kind) if u.kind in kinds else 99, u.name))
    rows: dict[str, list[list[Any]]] = {
        UNITS: [[u.name, u.short_name, kinds.get(u.kind, u.kind)] for u in units],
        PEOPLE: [[p.name, name_of.get(p.unit_id, "") if p.unit_id else "", p.title, p.phone]
                 for _, p in sorted(rec.people.items())],
    }
    post_rows = []
    for post in sorted(rec.posts.values(), key=lambda p: (p.rank, p.title)):
        h = rec.holders.get(post.id)
        holder = rec.person_keys.get(h.person_id) if h else None
        post_rows.append([post.title, name_of.get(post.unit_id, "") if post.unit_id else "", post.rank,
                          holder[0] if holder else "", holder[1] if holder else "",
                          h.start_date.isoformat() if h else ""])
    rows[POSTS] = post_rows
    rows[SYSTEMS] = [[s.name, name_of.get(s.convening_unit_id, "") if s.convening_unit_id else "", s.sort_order]
                     for s in sorted(rec.systems.values(), key=lambda s: (s.sort_order, s.name))]
    return await run_in_threadpool(write_orgbook, rows, unit_kinds=_kind_labels(),
                                   title=f"{region.name}组织机构（导出后可修改再导入）")
