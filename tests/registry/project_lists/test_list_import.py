"""Importing the yearly target table (一览表): every row's errors at once, nothing half-written, and a
re-import that updates instead of duplicating."""

from __future__ import annotations

import uuid
from io import BytesIO

from openpyxl import load_workbook

from tests.registry.conftest import REGION
from tests.registry.project_lists.sheets import XLSX, make_xlsx, row, upload
from tuijin.registry.project_lists.table import HEADERS


async def _projects(county) -> list[dict]:
    resp = await county.client.get(f"/api/v1/projects?region_code={REGION}", headers=county.office)
    assert resp.status_code == 200, resp.text
    return resp.json()["items"]


async def test_an_import_with_several_bad_rows_reports_every_rows_errors_at_once_and_writes_nothing(county):
    data = make_xlsx([
        row(),  # sheet row 3: valid, but the table fails as a whole
        row(项目编号="LC-002", **{"总投资(万元)": -5, "责任单位": "不存在的局"}),
        row(项目编号="LC-003", 建设性质="开工了", 计划开工时间="明年春天"),
        row(项目编号="LC-004", **{"年度计划投资(万元)": 20000, "项目代码(国家)": "24-410324-89"}),
        row(项目编号="LC-001", 项目名称=None),
    ])
    resp = await upload(county, data)
    assert resp.status_code == 422, resp.text
    problem = resp.json()
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert problem["code"] == "import_rows_invalid"
    assert [e["field"] for e in problem["errors"]] == [
        "rows.4.总投资(万元)",
        "rows.4.责任单位",
        "rows.5.建设性质",
        "rows.5.计划开工时间",
        "rows.6.项目代码(国家)",
        "rows.6.年度计划投资(万元)",
        "rows.7.项目编号",
        "rows.7.项目名称",
    ]
    assert all(e["message"] and e["type"] for e in problem["errors"])
    assert await _projects(county) == []
    history = await county.client.get(f"/api/v1/project-lists/{REGION}/2026/imports", headers=county.office)
    assert history.json()["items"] == []


async def test_a_good_import_creates_projects_and_their_year_plans(county):
    data = make_xlsx([
        row(),
        row(序号=2, 项目编号="LC-002", 项目名称="城关镇污水处理厂", 所属体系="现代基础设施",
            **{"责任领导(职务)": "副县长(分管交通)", "协办单位": "栾川县发展和改革委员会",
               "业主单位": "洛阳栾川钼业集团", "扶贫项目": "是", "项目代码(国家)": "2603-410324-89-01-000123",
               "总投资(万元)": "8000.5", "年度计划投资(万元)": 3000, "建设性质": "前期",
               "计划开工时间": None, "计划竣工时间": "2027年10月"}),
    ])
    resp = await upload(county, data)
    assert resp.status_code == 201, resp.text
    record = resp.json()
    assert (record["row_count"], record["created_count"], record["updated_count"]) == (2, 2, 0)
    assert [(r["row"], r["code"], r["action"]) for r in record["results"]] == [
        (3, "LC-001", "created"), (4, "LC-002", "created")]

    second = record["results"][1]["project_id"]
    project = (await county.client.get(f"/api/v1/projects/{second}?year=2026", headers=county.office)).json()
    assert project["name"] == "城关镇污水处理厂"
    assert project["stage"] == "preliminary"
    assert project["total_investment"] == "8000.50"
    assert project["national_code"] == "2603-410324-89-01-000123"
    assert project["system_id"] == county.systems["基础设施"]
    assert project["township_unit_id"] == county.units["城关镇"]
    assert project["responsible_unit_id"] == county.units["交通局"]
    assert project["owner_unit_id"] == county.units["钼业"]
    assert project["co_unit_ids"] == [county.units["发改委"]]
    assert project["leader_post_id"] == county.posts["分管交通"]
    assert project["is_poverty_alleviation"] is True
    [plan] = project["year_plans"]
    assert (plan["year"], plan["planned_investment"]) == (2026, "3000.00")
    assert (plan["planned_start_date"], plan["planned_completion_date"]) == (None, "2027-10-31")

    first = (await county.client.get(f"/api/v1/projects/{record['results'][0]['project_id']}",
                                     headers=county.office)).json()
    assert first["year_plans"][0]["planned_start_date"] == "2026-03-01"  # 2026年3月: the month's first day
    assert len(await _projects(county)) == 2


async def test_a_reimport_updates_the_projects_instead_of_duplicating_them(county):
    first = await upload(county, make_xlsx([row()]))
    assert first.status_code == 201, first.text
    project_id = first.json()["results"][0]["project_id"]

    changed = make_xlsx([row(建设性质="续建", **{"总投资(万元)": 15000, "年度计划投资(万元)": 6000})])
    again = await upload(county, changed)
    assert again.status_code == 201, again.text
    assert (again.json()["created_count"], again.json()["updated_count"]) == (0, 1)
    assert again.json()["results"][0]["project_id"] == project_id

    [listed] = await _projects(county)
    assert listed["id"] == project_id
    project = (await county.client.get(f"/api/v1/projects/{project_id}?year=2026", headers=county.office)).json()
    assert (project["total_investment"], project["stage"]) == ("15000.00", "under_construction")
    assert [p["planned_investment"] for p in project["year_plans"]] == ["6000.00"]
    history = (await county.client.get(f"/api/v1/projects/{project_id}/stage-changes", headers=county.office)).json()
    assert [(h["from_stage"], h["to_stage"]) for h in history] == [(None, "new_start"),
                                                                   ("new_start", "under_construction")]

    same = await upload(county, changed)
    assert same.json()["results"][0]["action"] == "unchanged"
    imports = await county.client.get(f"/api/v1/project-lists/{REGION}/2026/imports", headers=county.office)
    assert [i["created_count"] for i in imports.json()["items"]] == [0, 0, 1]  # newest first


async def test_a_row_matches_a_registered_project_by_its_national_code(county):
    registered = await county.project("A-7", national_code="2411-410324-89-01-637015")
    resp = await upload(county, make_xlsx([row(项目编号=None, 项目名称="改名后的项目",
                                               **{"项目代码(国家)": "2411-410324-89-01-637015"})]))
    assert resp.status_code == 201, resp.text
    assert resp.json()["results"][0] == {"row": 3, "project_id": registered["id"], "code": "A-7", "action": "updated"}
    [listed] = await _projects(county)
    assert listed["name"] == "改名后的项目"


async def test_a_reimport_cannot_move_a_project_back_to_an_earlier_stage(county):
    await county.project("LC-001", stage="under_construction")
    resp = await upload(county, make_xlsx([row(建设性质="前期")]))
    assert resp.status_code == 422
    [error] = resp.json()["errors"]
    assert (error["field"], error["type"]) == ("rows.3.建设性质", "stage_transition_not_allowed")


async def test_a_table_without_a_required_column_names_the_column(county):
    headers = [h for h in HEADERS if h != "责任单位"]
    resp = await upload(county, make_xlsx([row()], headers=headers))
    assert resp.status_code == 422
    assert [e["field"] for e in resp.json()["errors"]] == ["header.责任单位"]


async def test_a_file_that_is_not_a_workbook_is_refused_naming_the_file(county):
    resp = await upload(county, b"not a spreadsheet")
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "file"


async def test_only_the_office_of_the_region_imports_a_list(county, stack):
    data = make_xlsx([row()])
    unit = stack.auth("unit", region=REGION, unit=uuid.UUID(county.units["交通局"]))
    assert (await upload(county, data, headers=unit)).status_code == 403
    other_office = stack.auth("office", region="410325")
    refused = await upload(county, data, headers=other_office)
    assert refused.status_code == 403
    assert refused.json()["code"] == "region_forbidden"
    assert await _projects(county) == []


async def test_the_template_carries_the_import_header_row(county):
    resp = await county.client.get(f"/api/v1/project-lists/import-template.xlsx?region_code={REGION}",
                                   headers=county.office)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == XLSX
    assert resp.headers["content-disposition"].startswith('attachment; filename="')
    workbook = load_workbook(BytesIO(resp.content))
    header = list(workbook["一览表"].iter_rows(values_only=True))[2]  # under the title and the region line
    assert list(header) == list(HEADERS)
    names = [c for r in workbook["可用名称"].iter_rows(values_only=True) for c in r]
    assert {"现代基础设施体系", "城关镇", "栾川县交通运输局", "副县长（分管交通）"} <= set(names)
    # the empty template, filled in on its first bordered row, is importable
    ws = workbook["一览表"]
    values = row()
    for i, h in enumerate(HEADERS, start=1):
        ws.cell(4, i, values.get(h))
    out = BytesIO()
    workbook.save(out)
    assert (await upload(county, out.getvalue())).status_code == 201


async def test_a_re_import_keeps_a_monthly_plan_that_still_adds_up_and_drops_one_that_no_longer_does(county):
    """The 一览表 has no months: importing it again keeps the office's monthly investment plan while the year's
    planned investment stays the same, and drops it when the year's plan changes (its months would no longer add
    up to the plan, the monthly plan's rule)."""
    assert (await upload(county, make_xlsx([row()]))).status_code == 201
    [project] = await _projects(county)
    url = f"/api/v1/projects/{project['id']}/year-plans/2026"
    months = ["0", "0", "500", "500", "500", "500", "500", "500", "500", "500", "500", "500"]
    etag = (await county.client.get(url, headers=county.office)).headers["etag"]
    resp = await county.client.put(url, headers={**county.office, "If-Match": etag},
                                   json={"planned_investment": "5000", "monthly_plan": months})
    assert resp.status_code == 200, resp.text
    assert (await upload(county, make_xlsx([row(建设内容="新建道路12公里（含桥梁）")]))).status_code == 201
    assert (await county.client.get(url, headers=county.office)).json()["monthly_plan"][2] == "500.00"
    assert (await upload(county, make_xlsx([row(**{"年度计划投资(万元)": 6000})]))).status_code == 201
    plan = (await county.client.get(url, headers=county.office)).json()
    assert (plan["planned_investment"], plan["monthly_plan"]) == ("6000.00", None)
