"""A region starts ready (issue 17): creating a region installs what a county needs to begin, each service its own
part in its own transaction: the registry the procedure catalogue and its policies with the region, the scoring
service the default schemes and the issues and meetings services their policies when ``region.created`` reaches
them through the outbox. Delivering the event twice, re-installing, or creating the region again changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tuijin.kernel.outbox import EventEnvelope

REGION = "410329"  # 伊川县: a county none of the other fixtures create
INTERNAL = "/api/v1/internal/events"


class Setup:
    def __init__(self, stack: Any) -> None:
        self.stack = stack
        self.admin = stack.auth("admin", region=None)
        self.office = stack.auth("office", region=REGION)

    async def create(self) -> Any:
        return await self.stack.client("registry").post(
            "/api/v1/regions", json={"code": REGION, "name": "伊川县", "level": "county", "parent_code": None},
            headers=self.admin,
        )

    async def dispatch(self) -> None:
        resp = await self.stack.client("registry").post(
            "/api/v1/admin/registry/jobs/outbox-dispatch/run", headers=self.admin
        )
        assert resp.status_code == 200, resp.text

    async def state(self) -> dict[str, Any]:
        """Everything the starting set put in place, as the county's office reads it."""
        registry, scoring, issues = (self.stack.client(n) for n in ("registry", "scoring", "issues"))
        types = await registry.get("/api/v1/procedure-types", params={"region_code": REGION}, headers=self.office)
        schemes = await scoring.get("/api/v1/scoring-schemes", params={"region_code": REGION, "limit": 100},
                                    headers=self.office)
        rpol = await registry.get(f"/api/v1/policies/{REGION}", headers=self.office)
        names = [p["name"] for p in (await issues.get("/api/v1/issue-policies", headers=self.office)).json()]
        ipol = [await issues.get(f"/api/v1/issue-policies/{REGION}/{n}", headers=self.office) for n in names]
        mpol = await self.stack.client("meetings").get(f"/api/v1/meeting-policies/{REGION}/duties", headers=self.office)
        for resp in (types, schemes, rpol, *ipol, mpol):
            assert resp.status_code == 200, resp.text
        return {
            "types": sorted((t["code"], t["id"]) for t in types.json()),
            "schemes": sorted((s["code"], s["id"], s["latest_version"]) for s in schemes.json()["items"]),
            "registry_policies": {p["name"]: (p["value"], p["source_year"], p["is_default"]) for p in rpol.json()},
            "issues_policies": {
                p["name"]: (p["value"], p["source_year"], p["is_default"]) for p in (r.json() for r in ipol)
            },
            "meetings_policies": {mpol.json()["name"]: (mpol.json()["value"], mpol.json()["source_year"],
                                                        mpol.json()["is_default"])},
        }

    async def outbox(self, event_type: str) -> list[dict[str, Any]]:
        from sqlalchemy import select

        state = self.stack.apps["registry"].state
        t = state.kernel_tables.outbox
        async with state.sessionmaker() as session:
            rows = await session.execute(select(t).where(t.c.event_type == event_type))
            return [dict(r) for r in rows.mappings().all()]


@pytest.fixture
def setup(stack: Any) -> Setup:
    return Setup(stack)


async def test_a_created_region_has_its_catalogue_policies_and_after_delivery_its_schemes(setup: Setup) -> None:
    """Right after creation the registry's part is there (the shipped procedure catalogue, its policies recorded as
    the region's all-years values that still read as the default); once the outbox is delivered the scoring service
    has the default schemes and the issues service its policies, recorded the same way."""
    assert (await setup.create()).status_code == 201
    before = await setup.state()
    assert {"approval_filing", "eia", "energy_review", "construction_permit"} <= {c for c, _ in before["types"]}
    assert before["registry_policies"] and all(
        source == 0 and is_default for _, source, is_default in before["registry_policies"].values()
    )
    assert before["schemes"] == []  # not yet delivered
    rows = await setup.outbox("region.created")
    assert sorted(r["destination"] for r in rows) == ["issues", "meetings", "scoring"]
    assert rows[0]["payload"]["profile"] is None and rows[0]["ordering_key"] == f"region:{REGION}"
    await setup.dispatch()
    after = await setup.state()
    assert {c for c, _, _ in after["schemes"]} >= {"qingshui-monthly"}
    assert after["issues_policies"] and all(
        source == 0 and is_default for _, source, is_default in after["issues_policies"].values()
    )
    # the meetings service records its duty rules' default the same way (值守/履职规则)
    assert before["meetings_policies"]["duties"][1] is None
    assert after["meetings_policies"]["duties"][1:] == (0, True)
    assert after["types"] == before["types"] and after["registry_policies"] == before["registry_policies"]


async def test_the_event_delivered_twice_a_reinstall_and_a_re_create_change_nothing(setup: Setup) -> None:
    """The same region.created applied again by a receiver (a second delivery under a new id, as a replay after a
    lost answer would be), the admin's re-install and a second creation leave every part as it was."""
    assert (await setup.create()).status_code == 201
    await setup.dispatch()
    first = await setup.state()
    event = (await setup.outbox("region.created"))[0]
    for receiver in ("scoring", "issues"):
        envelope = EventEnvelope(
            id=__import__("uuid").uuid4(), type="region.created", source="registry",
            occurred_at=event["created_at"], payload=event["payload"],
        ).model_dump(mode="json")
        token = setup.stack.codec.service_token("registry")
        resp = await setup.stack.client(receiver).post(
            INTERNAL, json=envelope, headers={"Authorization": f"Bearer {token}"}
        )
        assert resp.status_code in (200, 202, 204), resp.text
    again = await setup.stack.client("registry").post(f"/api/v1/regions/{REGION}/starting-set", headers=setup.admin)
    assert again.status_code == 200, again.text
    body = again.json()
    assert (body["procedure_types_added"], body["policies_added"]) == ([], [])
    assert body["event"] == "region.starting_set_requested" and body["profile"] is None
    await setup.dispatch()
    recreate = await setup.create()
    assert recreate.status_code == 409 and recreate.json()["code"] == "region_exists"
    await setup.dispatch()
    assert await setup.state() == first


async def test_a_reinstall_adds_what_an_existing_region_lacks_and_keeps_what_the_office_set(setup: Setup) -> None:
    """A region brought up to date by the admin: a removed policy value and a missing default scheme come back;
    the value the office set for a policy stays as it is."""
    assert (await setup.create()).status_code == 201
    await setup.dispatch()
    registry = setup.stack.client("registry")
    resp = await registry.put(f"/api/v1/policies/{REGION}/tiers", json={"city_key_total": "3000"}, headers=setup.office)
    assert resp.status_code == 200, resp.text
    resp = await registry.delete(f"/api/v1/policies/{REGION}/report_due", params={"year": 0}, headers=setup.office)
    assert resp.status_code == 204, resp.text
    again = await registry.post(f"/api/v1/regions/{REGION}/starting-set", headers=setup.admin)
    assert again.status_code == 200 and again.json()["policies_added"] == ["report_due"], again.text
    await setup.dispatch()
    state = await setup.state()
    value, source, is_default = state["registry_policies"]["tiers"]
    assert (value["city_key_total"], source, is_default) == ("3000.00", 0, False)
    assert state["registry_policies"]["report_due"][2] is True


async def test_only_an_admin_installs_a_starting_set_and_an_unknown_region_is_404(setup: Setup) -> None:
    """The office of the region may not (403 role_required); a region that does not exist is 404."""
    registry = setup.stack.client("registry")
    assert (await setup.create()).status_code == 201
    resp = await registry.post(f"/api/v1/regions/{REGION}/starting-set", headers=setup.office)
    assert resp.status_code == 403, resp.text
    resp = await registry.post("/api/v1/regions/419999/starting-set", headers=setup.admin)
    assert resp.status_code == 404 and resp.json()["code"] == "region_not_found", resp.text
