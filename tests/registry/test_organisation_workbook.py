"""The organisation workbook (组织机构工作簿): every error of every sheet in one answer and nothing written, a
re-import that changes nothing, an export that imports back unchanged, and the office of its own region only."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import load_workbook

from tests.registry.conftest import REGION
from tuijin.kernel.orgbook import write_orgbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT = f"/api/v1/regions/{REGION}/organisation/imports"
KINDS = ["牵头办公室（重点项目办）", "县直部门", "乡镇 / 街道"]

GOOD: dict[str, list[list[Any]]] = {
    "单位": [["栾川县重点项目建设领导小组办公室", "县重点办", "牵头办公室（重点项目办）"],
             ["栾川县水利局", "县水利局", "县直部门"],
             ["栾川县交通运输局", "县交通局", "department"]],  # an existing unit, its short name set
    "人员": [["钱主任", "栾川县重点项目建设领导小组办公室", "主任", "0379-66820001"],
             ["孙科长", "栾川县水利局", "科长", ""]],
    "岗位": [["副县长（分管水利）", "", 20, "孙科长", "栾川县水利局", "2026-01-05"]],
    "系统": [["现代水网体系", "栾川县水利局", 2]],
    "账号": [["lc.slj", "栾川县水利局 孙科长", "责任单位", "栾川县水利局", "孙科长", ""]],
}


def book(rows: dict[str, list[list[Any]]]) -> bytes:
    return write_orgbook(rows, unit_kinds=KINDS)


async def upload(county, data: bytes, *, headers: dict[str, str] | None = None, region: str = REGION,
                 dry_run: bool = False):
    return await county.client.post(
        f"/api/v1/regions/{region}/organisation/imports", params={"dry_run": str(dry_run).lower()},
        files={"file": ("组织机构.xlsx", data, XLSX)}, headers=headers or county.office)


async def _names(county, what: str) -> list[str]:
    resp = await county.client.get(f"/api/v1/{what}", params={"region_code": REGION, "limit": 200},
                                   headers=county.office)
    assert resp.status_code == 200, resp.text
    key = "title" if what == "posts" else "name"
    return sorted(i[key] for i in resp.json()["items"])


async def _snapshot(county) -> dict[str, Any]:
    posts = await county.client.get("/api/v1/posts", params={"region_code": REGION}, headers=county.office)
    return {"units": await _names(county, "units"), "people": await _names(county, "people"),
            "posts": [(p["title"], p["rank"], p["holder"] and p["holder"]["person_name"])
                      for p in posts.json()["items"]],
            "systems": sorted(s["name"] for s in (await county.client.get(
                "/api/v1/systems", params={"region_code": REGION}, headers=county.office)).json())}


async def test_errors_on_three_sheets_are_all_answered_at_once_and_nothing_is_written(county):
    before = await _snapshot(county)
    rows = {
        **GOOD,
        "单位": [*GOOD["单位"], ["栾川县水利局", "", "县直部门"], ["某某中心", "", "不知道"]],
        "人员": [*GOOD["人员"], ["周干事", "不存在的单位", "", ""]],
        "岗位": [["副县长（分管水利）", "", "二十", "无名氏", "", "明年"]],
    }
    resp = await upload(county, book(rows))

    assert resp.status_code == 422, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")
    problem = resp.json()
    assert problem["code"] == "organisation_workbook_invalid"
    found = [(e["sheet"], e["row"], e["column"]) for e in problem["errors"]]
    assert found == [
        ("单位", 5, "单位名称"), ("单位", 6, "单位类型"),
        ("人员", 4, "所在单位"),
        ("岗位", 2, "排序"), ("岗位", 2, "现任人员"), ("岗位", 2, "任职起始日期"),
    ]
    assert all(e["message"] and e["field"] == f"{e['sheet']}.{e['row']}.{e['column']}" for e in problem["errors"])
    assert "第 3 行重复" in problem["errors"][0]["message"]
    assert "不存在的单位" in problem["errors"][2]["message"]
    assert await _snapshot(county) == before


async def test_a_dry_run_counts_what_would_change_and_writes_nothing(county):
    before = await _snapshot(county)
    resp = await upload(county, book(GOOD), dry_run=True)

    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["dry_run"] is True
    assert body["counts"]["单位"] == {"created": 2, "updated": 1, "unchanged": 0}
    assert body["counts"]["人员"]["created"] == 2
    assert body["accounts"] == [{"row": 2, "username": "lc.slj", "unit_name": "栾川县水利局", "unit_id": None,
                                 "person_name": "孙科长", "person_unit_name": "栾川县水利局", "person_id": None}]
    assert await _snapshot(county) == before


async def test_an_import_creates_the_organisation_and_the_same_file_again_changes_nothing(county):
    resp = await upload(county, book(GOOD))
    assert resp.status_code == 200, resp.text
    first = resp.json()
    assert first["counts"] == {
        "单位": {"created": 2, "updated": 1, "unchanged": 0}, "人员": {"created": 2, "updated": 0, "unchanged": 0},
        "岗位": {"created": 1, "updated": 0, "unchanged": 0}, "系统": {"created": 1, "updated": 0, "unchanged": 0},
    }
    assert first["accounts"][0]["unit_id"] and first["accounts"][0]["person_id"]
    after = await _snapshot(county)
    assert ("副县长（分管水利）", 20, "孙科长") in after["posts"]
    assert "现代水网体系" in after["systems"]
    units = await county.client.get("/api/v1/units", params={"region_code": REGION, "kind": "office"},
                                    headers=county.office)
    assert [u["name"] for u in units.json()["items"]] == ["栾川县重点项目建设领导小组办公室"]

    again = await upload(county, book(GOOD))

    assert again.status_code == 200, again.text
    assert all(c["created"] == 0 and c["updated"] == 0 for c in again.json()["counts"].values())
    assert again.json()["accounts"] == first["accounts"]
    assert await _snapshot(county) == after


async def test_the_export_imports_back_unchanged(county):
    assert (await upload(county, book(GOOD))).status_code == 200
    before = await _snapshot(county)
    resp = await county.client.get(f"/api/v1/regions/{REGION}/organisation/export.xlsx", headers=county.office)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == XLSX
    sheets = load_workbook(BytesIO(resp.content), read_only=True).sheetnames
    assert sheets[:6] == ["填写说明", "单位", "人员", "岗位", "系统", "账号"]

    again = await upload(county, resp.content)

    assert again.status_code == 200, again.text
    counts = again.json()["counts"]
    assert all(c["created"] == 0 and c["updated"] == 0 for c in counts.values()), counts
    assert counts["单位"]["unchanged"] == len(before["units"])
    assert counts["人员"]["unchanged"] == len(before["people"])
    assert await _snapshot(county) == before


async def test_a_new_holder_named_in_the_workbook_takes_the_post(county):
    rows = {"人员": [["钱副县长", "", "", ""]], "岗位": [["副县长（分管交通）", "", "", "钱副县长", "", "2026-02-01"]]}
    resp = await upload(county, book(rows))
    assert resp.status_code == 200, resp.text
    assert resp.json()["counts"]["岗位"] == {"created": 0, "updated": 1, "unchanged": 0}
    holdings = await county.client.get(f"/api/v1/posts/{county.posts['分管交通']}/holdings", headers=county.office)
    assert [(h["person_name"], h["start_date"], h["end_date"]) for h in holdings.json()] == [
        ("李副县长", "2025-01-01", "2026-01-31"), ("钱副县长", "2026-02-01", None)]


async def test_the_template_has_the_sheets_headers_and_dropdowns(county):
    resp = await county.client.get(f"/api/v1/regions/{REGION}/organisation/template.xlsx", headers=county.office)
    assert resp.status_code == 200, resp.text
    wb = load_workbook(BytesIO(resp.content))
    assert [c.value for c in wb["单位"][1]] == ["单位名称*", "简称", "单位类型*"]
    assert [c.value for c in wb["账号"][1]][:3] == ["用户名*", "显示名称", "角色*"]
    formulas = {str(dv.sqref): dv.formula1 for dv in wb["人员"].data_validations.dataValidation}
    assert formulas == {"B2:B2001": "'单位'!$A$2:$A$2001"}
    kinds = [c.value for c in wb["选项"]["A"]]
    assert "牵头办公室（重点项目办）" in kinds
    roles = [c.value for c in wb["选项"]["B"] if c.value]
    assert "系统管理员" not in roles and "责任单位" in roles
    assert wb["填写说明"]["A1"].value


async def test_only_the_office_of_the_region_imports_another_regions_office_gets_404(county, stack):
    other_office = stack.auth("office", region="410325")
    resp = await upload(county, book(GOOD), headers=other_office)
    assert resp.status_code == 404, resp.text
    assert resp.json()["code"] == "region_not_found"
    export = await county.client.get(f"/api/v1/regions/{REGION}/organisation/export.xlsx", headers=other_office)
    assert export.status_code == 404

    unit_user = stack.auth("unit", region=REGION)
    assert (await upload(county, book(GOOD), headers=unit_user)).status_code == 403
    assert (await upload(county, book(GOOD), headers=county.admin)).status_code == 200


async def test_a_file_that_is_not_a_workbook_is_a_422_naming_the_file(county):
    resp = await upload(county, b"not a zip at all")
    assert resp.status_code == 422, resp.text
    assert resp.json()["errors"][0]["field"] == "file"
