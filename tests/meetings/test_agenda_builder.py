"""The agenda builder's rules on what the other services send (pure functions, no services)."""

from __future__ import annotations

import uuid

from tuijin.meetings.agendas.builder import problem_items, procedure_items, summary_item

SYSTEM, OTHER = uuid.uuid4(), uuid.uuid4()


def problem(level: str, system: uuid.UUID, *, status: str = "awaiting_answer", deadline: str | None = None,
            raised_at: str = "2026-09-01T01:00:00Z", code: str = "LC-001") -> dict:
    return {"problem_id": str(uuid.uuid4()), "project_id": str(uuid.uuid4()), "project_code": code,
            "project_name": f"项目{code}", "system_id": str(system), "level": level, "category": "land",
            "description": "用地预审未批复", "responsible_unit_id": str(uuid.uuid4()), "deadline": deadline,
            "raised_at": raised_at, "status": status}


def test_a_system_meeting_agenda_holds_exactly_the_open_problems_of_its_level_and_system():
    wanted = [problem("system_meeting", SYSTEM, deadline="2026-10-20"),
              problem("system_meeting", SYSTEM, deadline="2026-10-15", status="answered")]
    noise = [problem("county_meeting", SYSTEM), problem("system_meeting", OTHER), problem("team", SYSTEM),
             problem("system_meeting", SYSTEM, status="resolved"), problem("system_meeting", SYSTEM, status="closed")]
    items = problem_items(noise + wanted + [wanted[0]], level="system_meeting", system_id=SYSTEM)
    assert [str(i.problem_id) for i in items] == [wanted[1]["problem_id"], wanted[0]["problem_id"]]  # by deadline
    first = items[0]
    assert (first.source.value, first.project_code, first.category, str(first.presenter_unit_id)) == (
        "problem", "LC-001", "land", wanted[1]["responsible_unit_id"])


def test_a_county_meeting_agenda_takes_every_system_at_the_county_level():
    county = [problem("county_meeting", SYSTEM), problem("county_meeting", OTHER)]
    items = problem_items([*county, problem("system_meeting", SYSTEM)], level="county_meeting", system_id=None)
    assert {str(i.problem_id) for i in items} == {p["problem_id"] for p in county}


def test_projects_with_no_unfinished_procedure_do_not_come_and_overdue_ones_come_first():
    def project(code: str, *procedures: dict) -> dict:
        return {"project_id": str(uuid.uuid4()), "project_code": code, "project_name": f"项目{code}",
                "responsible_unit_id": str(uuid.uuid4()), "overdue_count": sum(p["is_overdue"] for p in procedures),
                "open_procedures": list(procedures)}

    late = {"procedure_name": "环评", "is_overdue": True}
    open_ = {"procedure_name": "用地预审", "is_overdue": False}
    items = procedure_items([project("A", open_), project("B", late, open_), project("C")])
    assert [i.project_code for i in items] == ["B", "A"]
    assert items[0].title == "B 项目B（2项手续未办结，其中1项超期）"
    assert items[0].details["overdue_count"] == 1


def test_the_progress_summary_reads_the_registry_statistics():
    stats = {"as_of": "2026-10-09", "totals": {"projects": 99, "total_investment": "2872000.0000",
                                               "planned_investment": "1334000.0000",
                                               "completed_investment": "800000.0000", "completion_rate": "59.97"}}
    item = summary_item(stats, 2026, None)
    assert item.source.value == "progress_summary"
    assert "99个" in item.description and "完成率59.97%" in item.description
