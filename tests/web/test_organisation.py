"""Issue 17, the organisation workbook in Chromium (组织机构导入): a workbook with errors on several sheets lists every
error in one table (sheet, row, column, reason) and writes nothing; a good one shows the new accounts' one-time
passwords once, downloadable as the sheet the office hands out, and each of them logs in. The page passes axe-core
with no serious or critical violation."""

from __future__ import annotations

import httpx
import pytest
from openpyxl import load_workbook

from tests.web.conftest import serious_violations
from tuijin.kernel.orgbook import write_orgbook

pytestmark = pytest.mark.web
REGION = "410324"
KINDS = ["牵头办公室（重点项目办）", "县直部门"]
GOOD = {
    "单位": [["栾川县重点项目建设领导小组办公室", "县重点办", "牵头办公室（重点项目办）"]],
    "人员": [["钱主任", "栾川县重点项目建设领导小组办公室", "主任", ""]],
    "账号": [["lc.qian", "栾川县重点办 钱主任", "查看", "栾川县重点项目建设领导小组办公室", "钱主任", ""]],
}
BAD = {**GOOD, "单位": [*GOOD["单位"], ["某中心", "", "不知道"]],
       "人员": [*GOOD["人员"], ["孙干事", "不存在的单位", "", ""]],
       "账号": [*GOOD["账号"], ["lc.root", "", "系统管理员", "", "", ""]]}


async def test_every_sheet_error_is_listed_and_new_accounts_get_their_passwords_once(office, console, tmp_path):
    bad, good = tmp_path / "有错误.xlsx", tmp_path / "组织机构.xlsx"
    bad.write_bytes(write_orgbook(BAD, unit_kinds=KINDS))
    good.write_bytes(write_orgbook(GOOD, unit_kinds=KINDS))

    await office.get_by_role("menuitem", name="组织机构导入").click()
    await office.get_by_role("heading", level=1).get_by_text("组织机构导入").wait_for()
    assert await serious_violations(office) == []
    await office.locator("#organisation-file").set_input_files(str(bad))
    await office.get_by_role("button", name="导入", exact=True).click()
    table = office.get_by_test_id("organisation-errors")
    await table.locator("tbody tr").first.wait_for()
    shown = await table.locator("tbody tr").all_inner_texts()
    assert len(shown) == 3 and [r.split()[0] for r in shown] == ["单位", "人员", "账号"]
    with console.api() as api:
        units = api.get("/api/v1/units", params={"region_code": REGION, "kind": "office"}).json()["items"]
    assert units == []  # nothing written

    await office.locator("#organisation-file").set_input_files(str(good))
    await office.get_by_role("button", name="导入", exact=True).click()
    passwords = office.get_by_test_id("organisation-passwords")
    await passwords.locator("tbody tr").first.wait_for()
    row = (await passwords.locator("tbody tr").all_inner_texts())[0].split()
    assert row[0] == "lc.qian"
    async with office.expect_download() as download_info:
        await office.get_by_test_id("download-passwords").click()
    download = await download_info.value
    target = tmp_path / "初始密码.xlsx"
    await download.save_as(str(target))
    handout = load_workbook(target)
    cells = [[c.value for c in r] for r in handout.active.iter_rows(min_row=3)]
    assert cells[0][0] == "lc.qian" and cells[0][3] == row[-1]
    async with httpx.AsyncClient(base_url=console.url, trust_env=False) as client:
        login = await client.post("/api/v1/auth/token", data={"username": "lc.qian", "password": row[-1]})
    assert login.status_code == 200, login.text
