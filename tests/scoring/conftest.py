"""A small county for the scoring service: regions, units, a post and a system in the registry, projects with
2026 plans and monthly reports, a frozen business clock and tokens minted at its instant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.fixtures.county import LONG, REGION, County, found_county, found_post_and_system

UNITS = (
    ("交通局", "栾川县交通运输局", "department"),
    ("发改委", "栾川县发展和改革委员会", "department"),
    ("城关镇", "城关镇", "township"),
    ("重点办", "栾川县重点项目建设领导小组办公室", "leading_body"),
)


@dataclass
class Desk(County):
    """The county (:mod:`tests.fixtures.county`) with projects, reports, schemes and runs."""

    SERVICE = "scoring"

    @property
    def viewer(self) -> dict[str, str]:
        return self.stack.auth("viewer", region=REGION, ttl=LONG)

    def scorer(self, name: str) -> dict[str, str]:
        return self.stack.auth("scorer", region=REGION, ttl=LONG, sub=f"scorer:{name}")

    async def project(self, code: str, *, plan: str | None = "1000", **overrides: Any) -> str:
        """A project (responsible unit 交通局, township 城关镇) with its 2026 plan."""
        body = {"region_code": REGION, "code": code, "name": f"项目{code}", "stage": "new_start",
                "total_investment": "12000", "responsible_unit_id": self.units["交通局"],
                "township_unit_id": self.units["城关镇"], "system_id": self.systems["基础设施"],
                "leader_post_id": self.posts["分管交通"]}
        body.update(overrides)
        resp = await self.registry.post("/api/v1/projects", json=body, headers=self.office)
        assert resp.status_code == 201, resp.text
        pid = resp.json()["id"]
        if plan is not None:
            resp = await self.registry.put(f"/api/v1/projects/{pid}/year-plans/2026",
                                           json={"planned_investment": plan}, headers=self.office)
            assert resp.status_code == 200, resp.text
        return pid

    async def report(self, project_id: str, period: str, investment: str, unit: str = "交通局") -> dict[str, Any]:
        """A submitted monthly report of ``investment`` 万元 completed."""
        resp = await self.registry.post(f"/api/v1/projects/{project_id}/progress-reports", json={
            "period": period, "physical_progress": "主体施工", "investment_completed": investment, "submit": True},
            headers=self.unit(unit))
        assert resp.status_code == 201, resp.text
        return resp.json()

    async def defaults(self) -> dict[str, dict[str, Any]]:
        resp = await self.client.post("/api/v1/scoring-schemes/defaults", json={"region_code": REGION},
                                      headers=self.office)
        assert resp.status_code == 201, resp.text
        return {s["code"]: s for s in resp.json()}

    async def scheme(self, code: str, dimensions: list[dict[str, Any]], *, subject_kind: str = "project",
                     period_kind: str = "quarter", **version: Any) -> dict[str, Any]:
        resp = await self.client.post("/api/v1/scoring-schemes", json={
            "region_code": REGION, "code": code, "name": f"方案{code}", "subject_kind": subject_kind,
            "period_kind": period_kind, "version": {"dimensions": dimensions, **version}}, headers=self.office)
        assert resp.status_code == 201, resp.text
        return resp.json()

    async def run(self, scheme: dict[str, Any], period: str, **body: Any) -> dict[str, Any]:
        resp = await self.client.post("/api/v1/scoring-runs", json={"scheme_id": scheme["id"], "period": period,
                                                                    **body}, headers=self.office)
        assert resp.status_code == 201, resp.text
        return resp.json()

    async def results(self, run: dict[str, Any], headers: dict[str, str] | None = None) -> list[dict[str, Any]]:
        resp = await self.client.get(f"/api/v1/scoring-runs/{run['id']}/results", params={"limit": 200},
                                     headers=headers or self.office)
        assert resp.status_code == 200, resp.text
        return resp.json()["items"]

    async def if_match(self, scheme: dict[str, Any]) -> dict[str, str]:
        """The office's headers with ``If-Match``: the ETag of the scheme as read now."""
        resp = await self.client.get(f"/api/v1/scoring-schemes/{scheme['id']}", headers=self.office)
        assert resp.status_code == 200, resp.text
        return {**self.office, "If-Match": resp.headers["ETag"]}

    async def publish(self, run: dict[str, Any]) -> Any:
        return await self.client.post(f"/api/v1/scoring-runs/{run['id']}/publish", headers=self.office)


@pytest.fixture
async def desk(stack) -> Desk:
    d = Desk(stack)
    await found_county(d, "2026-10-10", UNITS)
    await found_post_and_system(d)
    return d


PROGRESS = {"code": "progress", "name": "实施进度", "weight": "60", "kind": "ratio",
            "numerator": "investment_completed", "denominator": "annual_plan"}
SIZE = {"code": "size", "name": "规模", "weight": "20", "kind": "bands", "input": "total_investment",
        "bands": [{"min": "50000", "points": "20"}, {"min": "10000", "points": "10"}, {"min": "5000", "points": "6"},
                  {"min": "0", "points": "3"}]}
CATEGORY = {"code": "category", "name": "类别", "weight": "5", "kind": "category",
            "points": {"new_start": "5", "under_construction": "2"}}
COMPLIANCE = {"code": "compliance", "name": "制度履行", "weight": "15", "kind": "deductions",
              "per_event": {"late_report": "3", "overdue_problem": "3"}}
FOUR = [PROGRESS, SIZE, CATEGORY, COMPLIANCE]
