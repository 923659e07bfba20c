"""Duty rules per region (值守/履职规则, issue 20) and who is behind on them this month: the rules are a policy per
region and year with Chinese titles (default: a leader visits each project once a month); the shortfalls count the
month's site visits and the push meetings (推进会) each leader chaired against them — per leader and project, per
responsible unit and project, per leader for push meetings — and a month with enough shows none."""

from __future__ import annotations

from typing import Any

from tests.meetings.conftest import REGION, held_meeting
from tests.meetings.test_site_visits import hold_post, record, visit_body

QINGSHUI = {"leader_visits_per_project_month": 2, "leader_push_meetings_month": 1}  # seed 003
DANCHENG = {"leader_visits_per_project_month": 0, "leader_visits_per_project_week": 1,
            "unit_visits_per_project_week": 1}  # seed 002


async def set_rules(desk, value: dict[str, Any], year: int = 0) -> None:
    resp = await desk.client.put(f"/api/v1/meeting-policies/{REGION}/duties", params={"year": year}, json=value,
                                 headers={**desk.office, "If-Match": "*"})
    assert resp.status_code == 200, resp.text


async def shortfalls(desk, month: str, headers: dict[str, str] | None = None, **params: Any) -> dict[str, Any]:
    resp = await desk.client.get(f"/api/v1/regions/{REGION}/duty-shortfalls", params={"month": month, **params},
                                 headers=headers or desk.office)
    assert resp.status_code == 200, resp.text
    return resp.json()


def rows(answer: dict[str, Any]) -> set[tuple]:
    return {(r["duty"], r["project_id"], r["required"], r["done"], r["shortfall"]) for r in answer["items"]}


async def test_the_duty_rules_are_a_policy_per_region_with_chinese_titles_and_a_documented_default(desk):
    """The catalogue names the ``duties`` policy with each field's Chinese title; a region that set nothing has
    the shipped default (a leader visits each project once a month, nothing else), and the office sets its own
    per year; a bad value is refused naming the field."""
    catalogue = (await desk.client.get("/api/v1/meeting-policies", headers=desk.office)).json()
    duties = next(p for p in catalogue if p["name"] == "duties")
    props = duties["json_schema"]["properties"]
    assert props["leader_visits_per_project_month"]["title"] == "领导每月到每个项目现场调研督导次数"
    assert props["leader_push_meetings_month"]["title"] == "领导每月主持召开项目推进会次数"
    assert duties["default"]["leader_visits_per_project_month"] == 1
    assert duties["default"]["leader_push_meetings_month"] == 0
    await set_rules(desk, QINGSHUI, year=2026)
    got = (await desk.client.get(f"/api/v1/meeting-policies/{REGION}/duties", params={"year": 2026},
                                 headers=desk.office)).json()
    assert (got["value"]["leader_visits_per_project_month"], got["is_default"]) == (2, False)
    other_year = (await desk.client.get(f"/api/v1/meeting-policies/{REGION}/duties", params={"year": 2027},
                                        headers=desk.office)).json()
    assert other_year["is_default"] is True
    bad = await desk.client.put(f"/api/v1/meeting-policies/{REGION}/duties", json={"leader_visits_per_month": 2},
                                headers={**desk.office, "If-Match": "*"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "body.leader_visits_per_month"


async def test_qingshui_a_leader_behind_on_visits_per_project_and_on_push_meetings(desk):
    """清水: a county leader visits each of their projects at least twice a month and chairs at least one push meeting.
    One visit to project A and none to B leave shortfalls of 1 and 2 and the push meeting missing; visits of another
    month do not count."""
    desk.at("2026-08-28")
    await hold_post(desk)
    a, b = await desk.project("QS-001"), await desk.project("QS-002")
    await record(desk, visit_body(desk, [a], "2026-08-28"))  # August: not counted for September
    await set_rules(desk, QINGSHUI)
    desk.at("2026-09-10")
    assert (await record(desk, visit_body(desk, [a], "2026-09-10"))).status_code == 201
    answer = await shortfalls(desk, "2026-09")
    assert rows(answer) == {
        ("leader_visits_per_project_month", a["id"], 2, 1, 1),
        ("leader_visits_per_project_month", b["id"], 2, 0, 2),
        ("leader_push_meetings_month", None, 1, 0, 1),
    }
    assert {r["person_id"] for r in answer["items"]} == {desk.people["李"]}
    assert {r["person_name"] for r in answer["items"]} == {"李副县长"}
    assert (answer["people_behind"], answer["month_closed"]) == (1, False)
    assert answer["rules"]["leader_visits_per_project_month"] == 2
    mine = await shortfalls(desk, "2026-09", person_id=desk.people["王"])
    assert mine["items"] == []  # 王 holds no leader post: no duty


async def test_a_month_with_enough_visits_and_a_push_meeting_shows_no_shortfall(desk):
    """Two visits to each project (one visit may cover both) and a held push meeting chaired by the leader: every
    row is met, nobody is behind, and ``behind_only`` lists nothing."""
    desk.at("2026-09-01")
    await hold_post(desk)
    a, b = await desk.project("QS-011"), await desk.project("QS-012")
    await set_rules(desk, QINGSHUI)
    desk.at("2026-09-08")
    await record(desk, visit_body(desk, [a, b], "2026-09-08"))
    desk.at("2026-09-15")
    await record(desk, visit_body(desk, [a, b], "2026-09-15", kind="on_site_office"))
    await held_meeting(desk, "2026-09-21", meeting_type="push_meeting", title="交通项目推进会",
                       chair_person_id=desk.people["李"], chair_name="李副县长")
    desk.at("2026-10-02")
    answer = await shortfalls(desk, "2026-09")
    assert rows(answer) == {
        ("leader_visits_per_project_month", a["id"], 2, 2, 0),
        ("leader_visits_per_project_month", b["id"], 2, 2, 0),
        ("leader_push_meetings_month", None, 1, 1, 0),
    }
    assert (answer["people_behind"], answer["units_behind"], answer["month_closed"]) == (0, 0, True)
    assert (await shortfalls(desk, "2026-09", behind_only="true"))["items"] == []


async def test_dancheng_the_leader_and_the_unit_on_site_each_week(desk):
    """郸城: the leader and the responsible unit are on site at least once a week. September 2026 has four weeks
    (ISO weeks whose Thursday is in the month); two visits in one week count once. The unit is present at both
    visits, the leader at one; a visit by people other than the leader does not count for the leader."""
    desk.at("2026-09-01")
    await hold_post(desk)
    a = await desk.project("DC-001")
    await set_rules(desk, DANCHENG)
    desk.at("2026-09-09")
    await record(desk, visit_body(desk, [a], "2026-09-08"))
    await record(desk, visit_body(desk, [a], "2026-09-09", leading_person_id=desk.people["王"], person_ids=[]))
    desk.at("2026-09-18")
    await record(desk, visit_body(desk, [a], "2026-09-18", leading_person_id=desk.people["王"], person_ids=[]))
    answer = await shortfalls(desk, "2026-09")
    assert rows(answer) == {
        ("leader_visits_per_project_week", a["id"], 4, 1, 3),
        ("unit_visits_per_project_week", a["id"], 4, 2, 2),
    }
    unit_row = next(r for r in answer["items"] if r["duty"] == "unit_visits_per_project_week")
    assert (unit_row["unit_id"], unit_row["person_id"]) == (desk.units["交通局"], None)
    assert (answer["people_behind"], answer["units_behind"]) == (1, 1)


async def test_huiji_and_chuxiong_monthly_rules(desk):
    """惠济: a leader visits each project at least once a month; 楚雄: the responsible unit investigates on site every
    month. A visit the unit was not present at does not count for the unit."""
    desk.at("2026-09-01")
    await hold_post(desk)
    a = await desk.project("HJ-001")
    await set_rules(desk, {"leader_visits_per_project_month": 1, "unit_visits_per_project_month": 1})
    desk.at("2026-09-05")
    await record(desk, visit_body(desk, [a], "2026-09-05", unit_ids=[desk.units["发改委"]]))
    answer = await shortfalls(desk, "2026-09")
    assert rows(answer) == {
        ("leader_visits_per_project_month", a["id"], 1, 1, 0),
        ("unit_visits_per_project_month", a["id"], 1, 0, 1),
    }


async def test_only_the_regions_readers_see_who_is_behind(desk):
    """Another region's office is refused naming the region (403 region_forbidden); a unit is not a reader of the
    region's duties (403 role_required); a month that is not one is a 422."""
    desk.at("2026-09-01")
    other = await desk.client.get(f"/api/v1/regions/{REGION}/duty-shortfalls", params={"month": "2026-09"},
                                  headers=desk.other_office)
    assert (other.status_code, other.json()["code"]) == (403, "region_forbidden")
    unit = await desk.client.get(f"/api/v1/regions/{REGION}/duty-shortfalls", params={"month": "2026-09"},
                                 headers=desk.unit("交通局"))
    assert (unit.status_code, unit.json()["code"]) == (403, "role_required")
    bad = await desk.client.get(f"/api/v1/regions/{REGION}/duty-shortfalls", params={"month": "2026-13"},
                                headers=desk.office)
    assert bad.status_code == 422
    leader = await desk.client.get(f"/api/v1/regions/{REGION}/duty-shortfalls", params={"month": "2026-09"},
                                   headers=desk.leader)
    assert leader.status_code == 200


async def test_the_shortfalls_export_as_a_print_ready_workbook_those_behind_first(desk):
    """履职情况统计表: one row per duty, those behind first, the leader's and project's names, required, done and the
    shortfall with their totals, print-ready, under its Chinese file name."""
    from tests.xlsx_checks import chinese_file_name, data_rows, header, print_defects, sheets, totals_row

    desk.at("2026-09-01")
    await hold_post(desk)
    a, b = await desk.project("QS-021"), await desk.project("QS-022")
    await set_rules(desk, QINGSHUI)
    desk.at("2026-09-10")
    await record(desk, visit_body(desk, [a], "2026-09-09"))
    await record(desk, visit_body(desk, [a], "2026-09-10"))
    resp = await desk.client.get(f"/api/v1/regions/{REGION}/duty-shortfalls/export.xlsx", params={"month": "2026-09"},
                                 headers=desk.office)
    assert resp.status_code == 200, resp.text
    assert chinese_file_name(resp.headers["content-disposition"]).endswith("2026-09履职情况统计表.xlsx")
    [ws] = sheets(resp.content).values()
    assert header(ws)[:5] == ["序号", "履职事项", "责任领导", "责任单位", "项目"]
    got = [(r[1], r[4], r[5], r[6], r[7]) for r in data_rows(ws)]
    assert got == [
        ("领导每月到项目现场调研督导", b["name"], 2, 0, 2),
        ("领导每月主持召开项目推进会", None, 1, 0, 1),  # not a project's duty: the cell is empty
        ("领导每月到项目现场调研督导", a["name"], 2, 2, 0),
    ]
    assert totals_row(ws)[-3:] == (5, 2, 3)
    assert print_defects(ws) == []
    other = await desk.client.get(f"/api/v1/regions/{REGION}/duty-shortfalls/export.xlsx",
                                  headers=desk.other_office)
    assert (other.status_code, other.json()["code"]) == (403, "region_forbidden")
