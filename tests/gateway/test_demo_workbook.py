"""The demo county is built from the shipped organisation workbook through the import a county uses: the registry's
demo organisation and the gateway's demo accounts come from that one file, name the same units and people, and the
same workbook sent through the gateway afterwards changes nothing."""

from __future__ import annotations

from sqlalchemy import select

from scripts.make_demo_workbook import demo_rows
from tuijin.gateway.accounts import authenticate
from tuijin.gateway.demo import seed_demo_users
from tuijin.gateway.models import User
from tuijin.kernel.demo import DEMO_REGION, DEMO_WORKBOOK, demo_id
from tuijin.kernel.orgbook import COLUMNS, read_orgbook
from tuijin.registry.demo import seed_registry_demo

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PASSWORD = "demo-password-2026"


def test_the_shipped_demo_workbook_holds_the_rows_the_demo_is_made_of():
    """Regenerate with ``scripts/make_demo_workbook.py`` when the demo's organisation changes."""
    book = read_orgbook(DEMO_WORKBOOK.read_bytes())
    expected = demo_rows()

    assert book.errors == []
    for sheet, columns in COLUMNS.items():
        shipped = [[row.get(c) for c in columns] for row in book.rows[sheet]]
        assert shipped == [["" if v is None else str(v) for v in r] for r in expected[sheet]], sheet


async def test_the_demo_is_seeded_from_the_workbook_and_the_same_workbook_again_changes_nothing(gw, stack):
    async with stack.apps["registry"].state.sessionmaker() as session, session.begin():
        assert await seed_registry_demo(session) == 99
    async with stack.apps["gateway"].state.sessionmaker() as session, session.begin():
        created = await seed_demo_users(session, PASSWORD)
    assert created == ["lc.office", "lc.leader", "lc.unit", "lc.supervisor", "lc.scorer", "lc.viewer"]

    async with stack.apps["gateway"].state.sessionmaker() as session, session.begin():
        assert await seed_demo_users(session, PASSWORD) == []  # a second run creates nothing
        users = {u.username: u for u in await session.scalars(select(User).where(User.username != "admin"))}
        assert await authenticate(session, "lc.unit", PASSWORD) is not None  # the demo password, not a one-time one
    assert users["lc.unit"].unit_id == demo_id("unit", "栾川县交通运输局")
    assert users["lc.unit"].person_id == demo_id("person", "赵联络员")
    assert users["lc.leader"].person_id == demo_id("person", "李副县长") and users["lc.leader"].unit_id is None
    assert users["lc.office"].roles == ["office"] and users["lc.office"].password_changed_at is not None
    assert all(u.region_code == DEMO_REGION for u in users.values())

    units = await stack.client("registry").get("/api/v1/units", params={"region_code": DEMO_REGION, "limit": 100},
                                               headers=stack.auth("office", region=DEMO_REGION))
    assert {u["name"]: u["id"] for u in units.json()["items"]}["栾川县交通运输局"] == str(users["lc.unit"].unit_id)

    resp = await gw.client.post(f"/api/v1/regions/{DEMO_REGION}/organisation-workbook",
                                files={"file": ("demo.xlsx", DEMO_WORKBOOK.read_bytes(), XLSX)},
                                headers=stack.auth("admin", region=None))
    assert resp.status_code == 200, resp.text
    counts = resp.json()["counts"]
    assert all(c["created"] == 0 and c["updated"] == 0 for c in counts.values()), counts
    assert counts["单位"]["unchanged"] == 34 and counts["账号"]["unchanged"] == 6
