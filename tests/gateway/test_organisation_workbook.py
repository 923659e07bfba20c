"""A county sets itself up from one workbook through the gateway: the registry's sheets and the accounts checked
together (every error at once, nothing written), the accounts an office may open, one-time passwords returned once
and kept only as a hash, a re-run that changes nothing, and an export that imports back unchanged."""

from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tuijin.gateway.models import User
from tuijin.kernel.orgbook import write_orgbook

REGION, OTHER = "410324", "410325"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = ["牵头办公室（重点项目办）", "县直部门", "乡镇 / 街道"]
URL = f"/api/v1/regions/{REGION}/organisation-workbook"

ROWS: dict[str, list[list[Any]]] = {
    "单位": [["栾川县重点项目建设领导小组办公室", "县重点办", "牵头办公室（重点项目办）"],
             ["栾川县交通运输局", "县交通局", "县直部门"]],
    "人员": [["钱主任", "栾川县重点项目建设领导小组办公室", "主任", ""],
             ["赵联络员", "栾川县交通运输局", "联络员", "13800000000"],
             ["李副县长", "", "副县长", ""]],
    "岗位": [["副县长（分管交通）", "", 12, "李副县长", "", "2025-01-01"]],
    "系统": [["现代基础设施体系", "栾川县交通运输局", 1]],
    "账号": [["lc.jtj", "栾川县交通运输局 联络员", "责任单位", "栾川县交通运输局", "赵联络员", ""],
             ["lc.li", "", "县级责任领导、查看", "", "李副县长", ""]],
}


def book(rows: dict[str, list[list[Any]]]) -> bytes:
    return write_orgbook(rows, unit_kinds=KINDS)


@pytest.fixture
async def regions(stack) -> None:
    registry, admin = stack.client("registry"), stack.auth("admin", region=None)
    for code, name, level, parent in (("410000", "河南省", "province", None),
                                      ("410300", "洛阳市", "prefecture", "410000"),
                                      (REGION, "栾川县", "county", "410300"), (OTHER, "嵩县", "county", "410300")):
        resp = await registry.post("/api/v1/regions", json={"code": code, "name": name, "level": level,
                                                            "parent_code": parent}, headers=admin)
        assert resp.status_code == 201, resp.text


async def send(gw, data: bytes, headers: dict[str, str], *, url: str = URL, dry_run: bool = False):
    return await gw.client.post(url, params={"dry_run": str(dry_run).lower()},
                                files={"file": ("组织机构.xlsx", data, XLSX)}, headers=headers)


async def _users(stack) -> dict[str, User]:
    async with stack.apps["gateway"].state.sessionmaker() as session:
        return {u.username: u for u in await session.scalars(select(User).where(User.username != "admin"))}


async def _units(stack) -> list[str]:
    resp = await stack.client("registry").get("/api/v1/units", params={"region_code": REGION},
                                              headers=stack.auth("office", region=REGION))
    return sorted(u["name"] for u in resp.json()["items"])


async def test_errors_on_three_sheets_and_the_accounts_are_answered_together_and_nothing_is_written(gw, stack,
                                                                                                   regions):
    office = stack.auth("office", region=REGION)
    rows = {**ROWS,
            "单位": [*ROWS["单位"], ["某中心", "", "不知道"]],
            "人员": [*ROWS["人员"], ["孙干事", "不存在的单位", "", ""]],
            "岗位": [["副县长（分管交通）", "", "十二", "李副县长", "", ""]],
            "账号": [*ROWS["账号"], ["lc.boss", "", "系统管理员", "", "", ""],
                     ["lc.ban", "", "重点项目办公室", "", "", ""],
                     ["lc.jtj", "", "查看", "", "", ""], ["lc.x", "", "责任单位", "", "无名氏", ""]]}
    resp = await send(gw, book(rows), office)

    problem = gw.problem(resp, 422, "organisation_workbook_invalid")
    found = [(e["sheet"], e["row"], e["column"]) for e in problem["errors"]]
    assert found == [
        ("单位", 4, "单位类型"), ("人员", 5, "所在单位"), ("岗位", 2, "排序"),
        ("账号", 4, "角色"),  # admin: never through a workbook
        ("账号", 5, "角色"),  # office: only an admin opens office accounts
        ("账号", 6, "用户名"),  # twice in the sheet
        ("账号", 7, "对应人员"), ("账号", 7, "所在单位"),  # no such person; a 责任单位 account names its unit
    ]
    assert all(e["message"] for e in problem["errors"])
    assert "系统管理员" in problem["errors"][3]["message"]
    assert await _users(stack) == {}
    assert await _units(stack) == []


async def test_the_account_sheet_cannot_grant_admin_even_for_an_admin(gw, stack, regions):
    rows = {**ROWS, "账号": [["lc.root", "", "admin", "", "", ""]]}
    resp = await send(gw, book(rows), stack.auth("admin", region=None))

    problem = gw.problem(resp, 422, "organisation_workbook_invalid")
    assert [(e["sheet"], e["row"], e["column"], e["type"]) for e in problem["errors"]] == [
        ("账号", 2, "角色", "role_not_grantable")]
    assert await _users(stack) == {}


async def test_an_admin_may_open_the_office_account_an_office_may_not(gw, stack, regions):
    rows = {**ROWS, "账号": [["lc.office", "栾川县重点项目办", "重点项目办公室", "栾川县重点项目建设领导小组办公室",
                             "钱主任", ""]]}
    refused = await send(gw, book(rows), stack.auth("office", region=REGION))
    assert gw.problem(refused, 422)["errors"][0]["type"] == "role_not_grantable"

    resp = await send(gw, book(rows), stack.auth("admin", region=None))
    assert resp.status_code == 200, resp.text
    assert (await _users(stack))["lc.office"].roles == ["office"]


async def test_new_accounts_get_one_time_passwords_once_stored_only_as_hashes(gw, stack, regions):
    office = stack.auth("office", region=REGION)
    resp = await send(gw, book(ROWS), office)

    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["counts"]["账号"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert body["counts"]["单位"]["created"] == 2
    passwords = {c["username"]: c["password"] for c in body["credentials"]}
    assert set(passwords) == {"lc.jtj", "lc.li"}
    assert body["credentials_file_name"] == "栾川县新开账号初始密码.xlsx"
    handout = load_workbook(BytesIO(base64.b64decode(body["credentials_workbook"])))
    sheet_rows = [[c.value for c in row] for row in handout.active.iter_rows(min_row=3)]
    assert sorted((r[0], r[3]) for r in sheet_rows) == sorted(passwords.items())

    users = await _users(stack)
    for username, password in passwords.items():
        stored = users[username]
        assert password not in stored.password_hash and stored.password_hash.startswith("$argon2")
        assert stored.must_change_password  # the password is for the first login only
    assert users["lc.jtj"].unit_id and users["lc.jtj"].person_id and users["lc.jtj"].roles == ["unit"]
    assert users["lc.li"].roles == ["leader", "viewer"] and users["lc.li"].region_code == REGION
    login = await gw.login_response("lc.jtj", passwords["lc.jtj"])
    assert login.status_code == 200, login.text
    assert login.json()["password_change_required"] is True  # nothing else until they choose their own
    audited = await _audit(stack)
    assert sorted((r.action, r.target_username) for r in audited) == [("created", "lc.jtj"), ("created", "lc.li")]
    assert all(r.region_code == REGION and r.changes["roles"]["before"] is None for r in audited)

    again = await send(gw, book(ROWS), office)
    assert again.status_code == 200, again.text
    assert again.json()["credentials"] == [] and again.json()["credentials_workbook"] is None
    assert all(c["created"] == 0 and c["updated"] == 0 for c in again.json()["counts"].values()), again.json()
    assert {u: x.password_hash for u, x in (await _users(stack)).items()} == {
        u: x.password_hash for u, x in users.items()}


async def _audit(stack):
    from tuijin.gateway.models import AccountAudit

    async with stack.apps["gateway"].state.sessionmaker() as session:
        return (await session.scalars(select(AccountAudit))).all()


async def test_a_dry_run_writes_nothing(gw, stack, regions):
    resp = await send(gw, book(ROWS), stack.auth("office", region=REGION), dry_run=True)

    assert resp.status_code == 200, resp.text
    assert resp.json()["dry_run"] is True and resp.json()["credentials"] == []
    assert resp.json()["counts"]["账号"]["created"] == 2
    assert await _users(stack) == {} and await _units(stack) == []

    office = stack.auth("office", region=REGION)
    assert (await send(gw, book(ROWS), office)).status_code == 200
    renamed = {**ROWS, "账号": [["lc.jtj", "交通局 赵联络员", "责任单位", "栾川县交通运输局", "赵联络员", ""]]}
    check = await send(gw, book(renamed), office, dry_run=True)
    assert check.json()["counts"]["账号"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert (await _users(stack))["lc.jtj"].display_name == "栾川县交通运输局 联络员"


async def test_the_export_with_its_accounts_imports_back_unchanged(gw, stack, regions):
    office = stack.auth("office", region=REGION)
    assert (await send(gw, book(ROWS), office)).status_code == 200
    resp = await gw.client.get(f"{URL}/export.xlsx", headers=office)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == XLSX
    accounts = [[c.value for c in row] for row in load_workbook(BytesIO(resp.content))["账号"].iter_rows(min_row=2)]
    assert accounts == [["lc.jtj", "栾川县交通运输局 联络员", "责任单位", "栾川县交通运输局", "赵联络员",
                         "栾川县交通运输局"],
                        ["lc.li", "李副县长", "县级责任领导、查看", None, "李副县长", None]]

    again = await send(gw, resp.content, office)

    assert again.status_code == 200, again.text
    assert all(c["created"] == 0 and c["updated"] == 0 for c in again.json()["counts"].values()), again.json()


async def test_a_username_of_another_region_or_person_is_taken(gw, stack, regions):
    await gw.create_user("lc.jtj", roles=["viewer"], region_code=OTHER)
    resp = await send(gw, book(ROWS), stack.auth("office", region=REGION))

    problem = gw.problem(resp, 422, "organisation_workbook_invalid")
    assert [(e["row"], e["column"], e["type"]) for e in problem["errors"]] == [(2, "用户名", "username_taken")]


async def test_an_office_of_another_region_gets_404_and_other_roles_403(gw, stack, regions):
    other_office = stack.auth("office", region=OTHER)
    gw.problem(await send(gw, book(ROWS), other_office), 404, "region_not_found")
    gw.problem(await gw.client.get(f"{URL}/export.xlsx", headers=other_office), 404, "region_not_found")
    gw.problem(await send(gw, book(ROWS), stack.auth("unit", region=REGION)), 403, "role_required")
    assert await _users(stack) == {} and await _units(stack) == []


async def test_a_run_that_stopped_after_the_registrys_part_is_completed_by_running_it_again(gw, stack, regions):
    """The registry wrote its part but no account was opened (the gateway failed in between): the same workbook
    again opens the accounts and changes nothing in the registry."""
    office = stack.auth("office", region=REGION)
    registry_part = await stack.client("registry").post(
        f"/api/v1/regions/{REGION}/organisation/imports", files={"file": ("组织机构.xlsx", book(ROWS), XLSX)},
        headers=office)
    assert registry_part.status_code == 200, registry_part.text
    assert await _users(stack) == {}

    resp = await send(gw, book(ROWS), office)

    assert resp.status_code == 200, resp.text
    counts = resp.json()["counts"]
    assert all(counts[s]["created"] == 0 and counts[s]["updated"] == 0 for s in ("单位", "人员", "岗位", "系统"))
    assert counts["账号"]["created"] == 2
    assert set(await _users(stack)) == {"lc.jtj", "lc.li"}
