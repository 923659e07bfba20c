"""Write the demo county's organisation workbook (栾川县, shipped as ``tuijin/kernel/demo_organisation.xlsx``), which
``make seed`` loads through the same import as a county's own workbook: the registry's units, people, posts and
systems, the gateway's demo accounts.

The units, leaders and systems are those the registry's demo projects name (:mod:`tuijin.registry.demo`); the
accounts are listed here. Run ``.venv/bin/python scripts/make_demo_workbook.py`` after changing either; a test
checks that the shipped file holds these rows."""

from __future__ import annotations

import sys
from typing import Any

from tuijin.kernel.demo import DEMO_WORKBOOK
from tuijin.kernel.orgbook import ACCOUNTS, PEOPLE, POSTS, SYSTEMS, UNITS, write_orgbook
from tuijin.registry.demo import DEPARTMENTS, ENTERPRISES, LEADERS, LEADING_BODIES, STAFF, TOWNSHIPS
from tuijin.registry.demo import SYSTEMS as DEMO_SYSTEMS
from tuijin.registry.organisation.enums import UnitKind

GOVERNMENT = "栾川县人民政府"
# username, display name, roles, unit name, person name (the demo accounts the tests and the console tour use)
DEMO_ACCOUNTS: list[tuple[str, str, str, str, str]] = [
    ("lc.office", "栾川县重点项目办 王科长", "重点项目办公室", "栾川县发展和改革委员会", "王科长"),
    ("lc.leader", "栾川县副县长 李副县长", "县级责任领导", "", "李副县长"),
    ("lc.unit", "栾川县交通运输局 联络员", "责任单位", "栾川县交通运输局", "赵联络员"),
    ("lc.supervisor", "栾川县委督查室 督查员", "督查", "栾川县委督查室", "孙督查"),
    ("lc.scorer", "栾川县观摩评分人", "评分人", "", "周评分人"),
    ("lc.viewer", "栾川县人大 查看", "查看", "", ""),
]


def demo_rows() -> dict[str, list[list[Any]]]:
    """The rows of each sheet, in the order the demo has always created its records."""
    unit_rows = [[name, short, UnitKind.department.label] for name, short in DEPARTMENTS]
    unit_rows += [[name, short, UnitKind.leading_body.label] for name, short in LEADING_BODIES]
    unit_rows += [[name, name, UnitKind.township.label] for name in TOWNSHIPS]
    unit_rows += [[name, name[:8], UnitKind.enterprise.label] for name in ENTERPRISES]
    people = [[person, GOVERNMENT, title, ""] for title, person, _ in LEADERS]
    people += [[person, unit, title, ""] for person, unit, title in STAFF]
    posts = [[title, GOVERNMENT, rank, person, GOVERNMENT, ""] for title, person, rank in LEADERS]
    systems = [[name, convener, order] for order, (name, convener, _, _) in enumerate(DEMO_SYSTEMS, start=1)]
    units_of = {name: unit for name, unit, _, _ in people}
    accounts = [[username, display, roles, unit, person, units_of.get(person, "")]
                for username, display, roles, unit, person in DEMO_ACCOUNTS]
    return {UNITS: unit_rows, PEOPLE: people, POSTS: posts, SYSTEMS: systems, ACCOUNTS: accounts}


def main() -> int:
    data = write_orgbook(demo_rows(), unit_kinds=[k.label for k in UnitKind], title="栾川县组织机构（演示数据）")
    DEMO_WORKBOOK.write_bytes(data)
    print(f"wrote {DEMO_WORKBOOK}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
