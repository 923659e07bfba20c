"""A county sets itself up from one workbook (组织机构工作簿, layout in :mod:`tuijin.kernel.orgbook`).

``POST /api/v1/regions/{region_code}/organisation-workbook`` takes the whole workbook: the gateway checks the 账号
sheet (usernames, roles an office may grant), asks the registry for a dry run of the other sheets (and of the units
and people the accounts name), and answers every error together, writing nothing. Without errors the registry
writes its part, then the accounts are created and updated in one gateway transaction. Each step matches rows by
natural keys, so running the same workbook again completes a run that failed half-way and otherwise changes
nothing. A new account's one-time password is in that one answer only (and in the handout sheet it carries); the
account keeps its argon2 hash.

``GET /api/v1/regions/{region_code}/organisation-workbook/export.xlsx`` is the registry's export with the 账号 sheet
filled in (no passwords)."""

from __future__ import annotations

import base64
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, File, Path, Query, Request, Response, UploadFile
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool

from tuijin.gateway.accounts import audit, diff, hash_password, new_one_time_account, snapshot
from tuijin.gateway.enums import AccountAction
from tuijin.gateway.errors import OrganisationWorkbookInvalid, RegionNotFound
from tuijin.gateway.models import User
from tuijin.gateway.schemas import USERNAME_PATTERN
from tuijin.kernel.access import RoleRequired
from tuijin.kernel.auth import ROLE_LABELS, CurrentPrincipal, Principal, Role
from tuijin.kernel.clock import utcnow
from tuijin.kernel.db import SessionDep
from tuijin.kernel.errors import ProblemError, UpstreamUnavailable, problem_responses
from tuijin.kernel.limits import PayloadTooLarge, megabytes
from tuijin.kernel.orgbook import (
    ACCOUNTS,
    COLUMNS,
    SheetRow,
    add_account_rows,
    cell_error,
    credentials_sheet,
    parse_roles,
    read_orgbook,
    roles_text,
)
from tuijin.kernel.upstream import collect_pages
from tuijin.kernel.workbooks import WorkbookRefused, WorkbookTooLarge

router = APIRouter(prefix="/api/v1/regions", tags=["organisation workbook (组织机构工作簿)"])
UPLOAD_PATHS = (r"/api/v1/regions/[^/]+/organisation-workbook",)
MAX_WORKBOOK_BYTES = 10 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_RESPONSE = {200: {"description": "an Excel workbook (.xlsx), as an attachment with a file name",
                       "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}}
RegionCode = Annotated[str, Path(pattern=r"^\d{6}$", examples=["410324"])]
OFFICE_GRANTS = frozenset({Role.leader, Role.unit, Role.supervisor, Role.scorer, Role.viewer})
"""Roles an office gives its region's accounts; an admin may also open office accounts. Nobody grants admin here."""
USERNAME = re.compile(USERNAME_PATTERN)


# ---------------------------------------------------------------- answers


class SheetCounts(BaseModel):
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class OneTimePassword(BaseModel):
    """A new account and its one-time password (shown in this answer only; the person changes it at first login)."""

    username: str = Field(examples=["lc.slj"])
    display_name: str = Field(examples=["栾川县水利局 孙科长"])
    roles: list[str] = Field(examples=[["unit"]])
    password: str = Field(examples=["Hq7mPz3kTa9w"])


class OrganisationWorkbookOut(BaseModel):
    """What the workbook did (or, in a dry run, would do) per sheet, and the one-time passwords of the accounts it
    opened, also as an .xlsx to hand out (base64, ``credentials_file_name``)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "dry_run": False, "region_code": "410324",
        "counts": {"单位": {"created": 2, "updated": 0, "unchanged": 35}, "人员": {"created": 3, "updated": 1,
                   "unchanged": 14}, "岗位": {"created": 0, "updated": 1, "unchanged": 10},
                   "系统": {"created": 0, "updated": 0, "unchanged": 9}, "账号": {"created": 1, "updated": 0,
                   "unchanged": 6}},
        "credentials": [{"username": "lc.slj", "display_name": "栾川县水利局 孙科长", "roles": ["unit"],
                         "password": "Hq7mPz3kTa9w"}],
        "credentials_workbook": "UEsDBBQAAAAIAA...", "credentials_file_name": "栾川县新开账号初始密码.xlsx",
    }]})

    dry_run: bool
    region_code: str
    counts: dict[str, SheetCounts]
    credentials: list[OneTimePassword] = Field(
        default_factory=list, description="new accounts with their one-time passwords: this answer only")
    credentials_workbook: str | None = Field(
        None, description="the same as an .xlsx (base64) to hand out; null when no account was opened")
    credentials_file_name: str | None = None


# ---------------------------------------------------------------- the 账号 sheet


@dataclass
class AccountRow:
    row: SheetRow
    username: str
    roles: list[str]


@dataclass
class Resolved:
    """The unit and person an account row names, as the registry resolved them (None: blank or not yet created)."""

    unit_id: uuid.UUID | None
    person_id: uuid.UUID | None


def check_account_rows(rows: list[SheetRow]) -> tuple[list[AccountRow], list[dict[str, Any]]]:
    """The rows of the 账号 sheet with their roles, and the errors this sheet has on its own: usernames (format,
    twice in the sheet) and roles (unknown, admin, office for an office caller)."""
    out: list[AccountRow] = []
    errors: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for r in rows:
        username = r.get("用户名")
        if not username:
            errors.append(cell_error(ACCOUNTS, r.number, "用户名", "请填写“用户名”。", "missing"))
        elif not USERNAME.match(username):
            errors.append(cell_error(ACCOUNTS, r.number, "用户名", "用户名为 3 到 64 位字母、数字或 _ . @ -。",
                                     "string_pattern_mismatch"))
        elif username in seen:
            errors.append(cell_error(ACCOUNTS, r.number, "用户名",
                                     f"与第 {seen[username]} 行重复：同一用户名只能出现一次。", "duplicate"))
        else:
            seen[username] = r.number
        roles, unknown = parse_roles(r.get("角色"))
        if not r.get("角色"):
            errors.append(cell_error(ACCOUNTS, r.number, "角色", "请填写“角色”。", "missing"))
        elif unknown:
            errors.append(cell_error(ACCOUNTS, r.number, "角色", f"“{'、'.join(unknown)}”不是可选的角色。", "enum"))
        for role in roles:
            if role in (Role.admin, Role.service):
                errors.append(cell_error(ACCOUNTS, r.number, "角色",
                                         f"工作簿不能授予“{ROLE_LABELS[Role(role)]}”角色。", "role_not_grantable"))
        if len(r.get("显示名称")) > 100:
            errors.append(cell_error(ACCOUNTS, r.number, "显示名称", "“显示名称”最多 100 个字。", "string_too_long"))
        out.append(AccountRow(r, username, roles))
    return out, errors  # who may grant what depends on the account as it is: ``check_owners``


def check_owners(rows: list[AccountRow], existing: dict[str, User], resolved: dict[int, Resolved],
                 region_code: str, caller: Principal) -> list[dict[str, Any]]:
    """A username is free, or the account of the same person (or unit) in this region; a role the account does not
    hold yet is one the caller may grant (an office: never admin or office); a 责任单位 account names its unit."""
    errors = []
    grants = {r.value for r in OFFICE_GRANTS} | ({Role.office.value} if caller.is_admin or caller.is_service else set())
    for a in rows:
        r, user, ids = a.row, existing.get(a.username), resolved.get(a.row.number, Resolved(None, None))
        if user is not None:
            if user.region_code != region_code or Role.admin in (user.roles or []):
                errors.append(cell_error(ACCOUNTS, r.number, "用户名", f"用户名“{a.username}”已被占用，请换一个。",
                                         "username_taken"))
                continue
            if r.get("对应人员") and user.person_id and ids.person_id != user.person_id:
                errors.append(cell_error(ACCOUNTS, r.number, "对应人员",
                                         f"账号“{a.username}”属于本地区的另一位人员，用户名不能转给他人。",
                                         "owner_differs"))
                continue
            if (not r.get("对应人员") and r.get("所在单位") and not user.person_id and user.unit_id
                    and ids.unit_id != user.unit_id):
                errors.append(cell_error(ACCOUNTS, r.number, "所在单位",
                                         f"账号“{a.username}”属于本地区的另一个单位，用户名不能转给其他单位。",
                                         "owner_differs"))
                continue
        held = set(user.roles or []) if user is not None else set()
        for role in a.roles:
            if role not in held and role not in (Role.admin.value, Role.service.value) and role not in grants:
                errors.append(cell_error(ACCOUNTS, r.number, "角色",
                                         f"只有系统管理员能授予“{ROLE_LABELS[Role(role)]}”角色。",
                                         "role_not_grantable"))
        if Role.unit in a.roles and not r.get("所在单位") and not (user is not None and user.unit_id):
            errors.append(cell_error(ACCOUNTS, r.number, "所在单位", "责任单位账号须填写所在单位。", "missing"))
    return errors


async def apply_accounts(
    session: AsyncSession, region_code: str, rows: list[AccountRow], resolved: dict[int, Resolved], *,
    actor: Principal | None = None, password: Callable[[], str] | None = None, create_only: bool = False,
    dry_run: bool = False,
) -> tuple[SheetCounts, list[OneTimePassword]]:
    """Create the accounts not there yet and bring the others to their row (display name, roles, unit, person; a
    blank cell keeps what is recorded). A new account gets a one-time password (``accounts.new_account``: stored as
    a hash only, the first login must change it), or, for the demo county, ``password()``. Every account created or
    changed by ``actor`` is on the audit record, as a change made on 账号管理 is. Returns the counts and the new
    accounts' one-time passwords. A ``dry_run`` counts and writes nothing."""
    existing = await _users(session, [a.username for a in rows])
    counts, new = SheetCounts(), []
    for a in rows:
        r, ids, user = a.row, resolved.get(a.row.number, Resolved(None, None)), existing.get(a.username)
        roles = sorted(a.roles)
        if user is None and dry_run:
            counts.created += 1
            continue
        if user is None:
            named = " ".join(x for x in (r.get("所在单位"), r.get("对应人员")) if x)
            display = r.get("显示名称") or named or a.username
            if password is not None:  # the demo county's accounts: its shared password, no audit actor
                secret = password()
                session.add(User(username=a.username, display_name=display, password_hash=hash_password(secret),
                                 roles=roles, unit_id=ids.unit_id, person_id=ids.person_id, region_code=region_code,
                                 password_changed_at=utcnow()))
            else:
                assert actor is not None
                _, secret = await new_one_time_account(
                    session, actor, username=a.username, roles=roles, display_name=display, unit_id=ids.unit_id,
                    person_id=ids.person_id, region_code=region_code)
            new.append(OneTimePassword(username=a.username, display_name=display, roles=roles, password=secret))
            counts.created += 1
            continue
        if create_only:
            counts.unchanged += 1
            continue
        values: dict[str, Any] = {"display_name": r.get("显示名称") or None, "roles": roles,
                                  "unit_id": ids.unit_id if r.get("所在单位") else None,
                                  "person_id": ids.person_id if r.get("对应人员") else None}
        changes = {k: v for k, v in values.items() if v is not None and getattr(user, k) != v}
        if not dry_run and changes:
            before = snapshot(user)
            for k, v in changes.items():
                setattr(user, k, v)
            if actor is not None:
                action = AccountAction.roles_changed if set(changes) == {"roles"} else AccountAction.updated
                audit(session, actor, action, user, diff(before, snapshot(user)))
        if changes:
            counts.updated += 1
        else:
            counts.unchanged += 1
    if not dry_run:
        await session.flush()
    return counts, new


async def _users(session: AsyncSession, usernames: list[str]) -> dict[str, User]:
    if not usernames:
        return {}
    return {u.username: u for u in await session.scalars(select(User).where(User.username.in_(usernames)))}


# ---------------------------------------------------------------- the registry's part


def _token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header.split(" ", 1)[1] if header.lower().startswith("bearer ") else None


async def _registry(request: Request, method: str, path: str, **kw: Any) -> httpx.Response:
    """One call to the registry with the caller's token; its refusals come back as they are (403, 404, 422)."""
    upstreams = request.app.state.upstreams
    built = upstreams.client("registry").build_request(method, path, headers=upstreams.headers(_token(request)), **kw)
    try:
        resp = await upstreams.send("registry", built)
        try:
            await resp.aread()
        finally:
            await resp.aclose()
    except httpx.TransportError as exc:
        raise UpstreamUnavailable("The registry service is unavailable.", upstream="registry") from exc
    if resp.status_code >= 400 and resp.status_code != 422:
        body = _json(resp)
        err = ProblemError(body.get("detail") or resp.reason_phrase, code=body.get("code") or "upstream_error",
                           upstream="registry", **({"message": body["message"]} if body.get("message") else {}))
        err.status = resp.status_code
        raise err
    return resp


def _json(resp: httpx.Response) -> dict[str, Any]:
    try:
        body = resp.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


async def _registry_import(request: Request, region_code: str, data: bytes, file_name: str,
                           dry_run: bool) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The registry's answer to the workbook, or its errors (422)."""
    resp = await _registry(request, "POST", f"/api/v1/regions/{region_code}/organisation/imports",
                           params={"dry_run": "true" if dry_run else "false"},
                           files={"file": (file_name or "organisation.xlsx", data, XLSX)})
    body = _json(resp)
    if resp.status_code == 422:
        if body.get("code") != "organisation_workbook_invalid":  # the file itself: relay as it is
            err = ProblemError(body.get("detail"), code=body.get("code"), errors=body.get("errors"),
                               **({"message": body["message"]} if body.get("message") else {}))
            err.status = 422
            raise err
        return None, list(body.get("errors") or [])
    return body, []


def _resolved(answer: dict[str, Any] | None) -> dict[int, Resolved]:
    def uid(v: str | None) -> uuid.UUID | None:
        return uuid.UUID(v) if v else None

    return {a["row"]: Resolved(uid(a.get("unit_id")), uid(a.get("person_id")))
            for a in (answer or {}).get("accounts", [])}


def _ensure_office_here(principal: Principal, region_code: str) -> None:
    """The office of this region or an admin; another region's office gets 404 (nothing says the region exists)."""
    if not principal.has_any(Role.office):
        raise RoleRequired("Only the key-project office (重点办) of the region or an admin does this.")
    if not principal.can_see_region(region_code):
        raise RegionNotFound(f"No region {region_code}.")


def _order(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    sheets = list(COLUMNS)
    return sorted(errors, key=lambda e: (sheets.index(e["sheet"]) if e.get("sheet") in sheets else 99,
                                         e.get("row") or 0))


# ---------------------------------------------------------------- routes


@router.post(
    "/{region_code}/organisation-workbook", summary="Set up a region from the organisation workbook",
    responses=problem_responses(RoleRequired, RegionNotFound, OrganisationWorkbookInvalid, WorkbookRefused,
                                WorkbookTooLarge, PayloadTooLarge, UpstreamUnavailable),
    openapi_extra={"requestBody": {"content": {"multipart/form-data": {
        "example": {"file": "栾川县组织机构.xlsx (the workbook's bytes)"}}}}},
)
async def import_organisation_workbook(
    region_code: RegionCode,
    file: Annotated[UploadFile, File(description="the filled-in organisation workbook (.xlsx)")],
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    dry_run: Annotated[bool, Query(description="check only: every error, or the counts of what would be created "
                                               "and changed; nothing is written")] = False,
) -> OrganisationWorkbookOut:
    """The region's units, people, posts with their holders, systems and accounts from one workbook (template:
    ``GET /api/v1/regions/{region_code}/organisation/template.xlsx``), all or nothing. Office of the region or admin;
    another region's office gets 404.

    The 账号 sheet is checked here: a username is free or already the account of the same person (or unit) in this
    region; roles are those an office may grant (leader, unit, supervisor, scorer, viewer; an admin may also open
    office accounts; admin never); a 责任单位 account names its unit. The other sheets, and the units and people the
    accounts name, are the registry's dry run. Any error answers 422 ``organisation_workbook_invalid`` listing
    **every** error of every sheet (``sheet``, ``row``, ``column``, Chinese ``message``) and nothing is written.

    Otherwise the registry writes its part, then the accounts are created and updated in one transaction. Rows are
    matched by natural keys, so the same workbook again changes nothing, and completes a run that failed between
    the two steps. Each new account gets a one-time password, returned **in this answer only** (``credentials``,
    and ``credentials_workbook``: the same as an .xlsx to hand out, base64) and kept as a hash; the person changes
    it at first login."""
    _ensure_office_here(principal, region_code)
    data = await file.read(MAX_WORKBOOK_BYTES + 1)
    if len(data) > MAX_WORKBOOK_BYTES:
        raise WorkbookTooLarge("file", "file_too_large", f"文件超过 {megabytes(MAX_WORKBOOK_BYTES)} MB。")
    book = await run_in_threadpool(read_orgbook, data)
    rows, errors = check_account_rows(book.rows[ACCOUNTS])
    answer, registry_errors = await _registry_import(request, region_code, data, file.filename or "", dry_run=True)
    existing = await _users(session, [a.username for a in rows])
    errors += check_owners(rows, existing, _resolved(answer), region_code, principal)
    if errors or registry_errors:
        everything = _order(registry_errors + errors)
        raise OrganisationWorkbookInvalid(f"{len(everything)} errors in the organisation workbook; nothing written.",
                                          errors=everything)
    assert answer is not None
    if dry_run:
        counts = {k: SheetCounts(**v) for k, v in answer["counts"].items()}
        counts[ACCOUNTS], _ = await apply_accounts(session, region_code, rows, _resolved(answer), dry_run=True)
        return OrganisationWorkbookOut(dry_run=True, region_code=region_code, counts=counts)
    answer, registry_errors = await _registry_import(request, region_code, data, file.filename or "", dry_run=False)
    if registry_errors or answer is None:  # changed between the dry run and the write
        raise OrganisationWorkbookInvalid("The organisation workbook has errors; nothing was written.",
                                          errors=_order(registry_errors))
    counts = {k: SheetCounts(**v) for k, v in answer["counts"].items()}
    counts[ACCOUNTS], new = await apply_accounts(session, region_code, rows, _resolved(answer), actor=principal)
    out = OrganisationWorkbookOut(dry_run=False, region_code=region_code, counts=counts, credentials=new)
    if new:
        region_name = answer.get("region_name") or region_code
        sheet = await run_in_threadpool(credentials_sheet, region_name, [
            (c.username, c.display_name, roles_text(c.roles), c.password) for c in new])
        out.credentials_workbook = base64.b64encode(sheet).decode("ascii")
        out.credentials_file_name = f"{region_name}新开账号初始密码.xlsx"
    return out


@router.get(
    "/{region_code}/organisation-workbook/export.xlsx", summary="Export a region's organisation workbook with accounts",
    response_class=Response,
    responses={**XLSX_RESPONSE, **problem_responses(RoleRequired, RegionNotFound, UpstreamUnavailable)},
)
async def export_organisation_workbook(
    region_code: RegionCode, request: Request, session: SessionDep, principal: CurrentPrincipal,
) -> Response:
    """The registry's export of the region's organisation with the 账号 sheet filled in from the region's accounts
    (username, name, roles, unit, person; never a password). Imported back through ``POST
    /api/v1/regions/{region_code}/organisation-workbook`` it changes nothing. Office of the region or admin."""
    _ensure_office_here(principal, region_code)
    resp = await _registry(request, "GET", f"/api/v1/regions/{region_code}/organisation/export.xlsx")
    token = _token(request)
    upstreams = request.app.state.upstreams

    async def every(path: str) -> list[dict[str, Any]]:
        return await collect_pages(lambda q: upstreams.get_json("registry", path, params=q, token=token, deadline=15),
                                   {"region_code": region_code}, max_pages=100)

    units = {u["id"]: u["name"] for u in await every("/api/v1/units")}
    people = {p["id"]: (p["name"], units.get(p.get("unit_id") or "", "")) for p in await every("/api/v1/people")}
    users = (await session.scalars(select(User).where(User.region_code == region_code).order_by(User.username))).all()
    rows = []
    for u in users:
        if Role.admin in (u.roles or []):
            continue
        person = people.get(str(u.person_id)) if u.person_id else None
        rows.append([u.username, u.display_name, roles_text(list(u.roles or [])),
                     units.get(str(u.unit_id), "") if u.unit_id else "",
                     person[0] if person else "", person[1] if person else ""])
    content = await run_in_threadpool(add_account_rows, resp.content, rows)
    disposition = resp.headers.get("content-disposition", f'attachment; filename="organisation-{region_code}.xlsx"')
    return Response(content, media_type=XLSX, headers={"Content-Disposition": disposition})
